/**
 * Complexity: does any command's cost grow faster with collection size on redbun than on Redis?
 * Each server holds a sorted set, a list and plain keys of a small size (1k) in database 1 and
 * the same of a big size (1M) in database 0, and every operation is timed at both sizes against
 * both servers:
 *
 * - `ZADD z <rand> m:<rand>`: moves an existing member to a random score (delete + insert).
 * - `ZRANK z m:<rand>`: the rank of a random member.
 * - `LINDEX l <size/2>`: the middle of the list, the worst case of Redis's quicklist walk.
 * - `SCAN` with COUNT 1000, a full iteration, cost per key returned.
 *
 * The first three run through `redis-benchmark -c 1 -P 16` (one connection, pipelined, so the
 * server's own cost dominates); SCAN through the redbun client, since each call needs the
 * cursor of the one before. Each measurement is sized to last about `seconds`, after a short
 * calibration run that also warms up redbun's JIT; sizes and servers alternate within each
 * round, so neither size is measured on colder code or a quieter machine. Reported per operation:
 * wall-clock µs (1 / ops/s) and server CPU µs, and the growth from the small to the big size on
 * each server, then redbun's growth over Redis's.
 */
import { createClient } from "../../src/index.ts";
import { member, RespBuilder, VALUE_32 } from "./fill.ts";
import { formatFixed, formatInt, formatRatio, median, printTable, progress } from "./report.ts";
import { cli, cpuTicks, HOST, pipeInto, type Server, type ServerName } from "./servers.ts";
import { benchmark } from "./throughput.ts";

export interface ComplexityOptions {
  small: number;
  big: number;
  /** Target duration of one measurement. */
  seconds: number;
  repeat: number;
  ticksPerSecond: number;
}

interface Sample {
  wallMicros: number;
  cpuMicros: number;
}

interface Operation {
  label: string;
  /** An untimed run first: warms up redbun's JIT and sizes the timed runs. */
  prepare(server: Server, size: number, opts: ComplexityOptions): Promise<void>;
  /** One timed measurement of this operation against `server` whose data has `size` elements. */
  measure(server: Server, size: number, opts: ComplexityOptions): Promise<Sample>;
}

/** The database each size lives in. */
const dbOf = (size: number, opts: ComplexityOptions) => (size === opts.small ? 1 : 0);

/** Requests per run of each (operation, size, server), found by a calibration run. */
const requestCounts = new Map<string, number>();

function viaBenchmark(label: string, flags: (size: number) => string[], command: (size: number) => string[]) {
  const run = async (server: Server, size: number, opts: ComplexityOptions, requests: number) => {
    const sample = await benchmark(
      server,
      ["-c", "1", "-P", "16", "--dbnum", String(dbOf(size, opts)), ...flags(size)],
      requests,
      command(size),
      opts.ticksPerSecond,
    );
    return { wallMicros: 1e6 / sample.rps, cpuMicros: sample.cpuMicrosPerRequest };
  };
  return {
    label,
    async prepare(server: Server, size: number, opts: ComplexityOptions): Promise<void> {
      const probe = await run(server, size, opts, 5_000);
      const requests = Math.round((opts.seconds * 1e6) / probe.wallMicros);
      requestCounts.set(`${label}|${size}|${server.name}`, Math.min(2_000_000, Math.max(5_000, requests)));
    },
    measure(server: Server, size: number, opts: ComplexityOptions): Promise<Sample> {
      return run(server, size, opts, requestCounts.get(`${label}|${size}|${server.name}`) ?? 5_000);
    },
  } satisfies Operation;
}

/** Full SCAN iterations (COUNT 1000) until `seconds` have passed; µs per key returned. */
const scanOperation: Operation = {
  label: "SCAN COUNT 1000 (per key)",
  async prepare(server: Server, size: number, opts: ComplexityOptions): Promise<void> {
    await scanOperation.measure(server, size, { ...opts, seconds: opts.seconds / 5 });
  },
  async measure(server: Server, size: number, opts: ComplexityOptions): Promise<Sample> {
    const client = createClient({ url: `redis://${HOST}:${server.port}/${dbOf(size, opts)}` });
    try {
      await client.connect();
      const start = performance.now();
      const cpuBefore = cpuTicks(server.proc.pid);
      let keys = 0;
      do {
        let cursor = "0";
        let seen = 0;
        do {
          const reply = (await client.sendCommand(["SCAN", cursor, "COUNT", "1000"])) as [string, string[]];
          cursor = reply[0];
          seen += reply[1].length;
        } while (cursor !== "0");
        // Every key present for the whole scan must come back at least once.
        if (seen < size) throw new Error(`SCAN on ${server.name} returned ${seen} keys of ${size}`);
        keys += seen;
      } while (performance.now() - start < opts.seconds * 1000);
      const wall = (performance.now() - start) * 1000;
      const cpu = ((cpuTicks(server.proc.pid) - cpuBefore) / opts.ticksPerSecond) * 1e6;
      return { wallMicros: wall / keys, cpuMicros: cpu / keys };
    } finally {
      await client.close();
    }
  },
};

const operations: Operation[] = [
  viaBenchmark(
    "ZADD (existing member)",
    (size) => ["-r", String(size)],
    () => ["zadd", "z", "__rand_int__", "m:__rand_int__"],
  ),
  viaBenchmark(
    "ZRANK",
    (size) => ["-r", String(size)],
    () => ["zrank", "z", "m:__rand_int__"],
  ),
  viaBenchmark(
    "LINDEX middle",
    () => [],
    (size) => ["lindex", "l", String(size >> 1)],
  ),
  scanOperation,
];

/** In database `db`: a sorted set `z` and a list `l` of `size` elements, and `size` keys in all. */
function dataFor(size: number, db: number): Uint8Array {
  const resp = new RespBuilder().command(["SELECT", String(db)]);
  resp.batched(["ZADD", "z"], size, (i) => [String(i), member("m:", i)]);
  resp.batched(["RPUSH", "l"], size, (i) => [member("e:", i)]);
  // z and l are keys too: size - 2 more make `size` keys for SCAN.
  resp.batched(["MSET"], size - 2, (i) => [member("key:", i), VALUE_32]);
  return resp.bytes();
}

async function load(servers: Server[], opts: ComplexityOptions): Promise<void> {
  await Promise.all(servers.map((server) => cli(server, "FLUSHALL")));
  for (const size of [opts.small, opts.big]) {
    const data = dataFor(size, dbOf(size, opts));
    for (const server of servers) {
      const start = performance.now();
      await pipeInto(server, data);
      const keys = Number((await cli(server, "-n", String(dbOf(size, opts)), "DBSIZE")).replace(/\D/g, ""));
      if (keys !== size) throw new Error(`${server.name} holds ${keys} keys after loading ${size}`);
      progress(
        `${server.name.padEnd(6)} loaded ${formatInt(size)} × 3 in ${formatInt(performance.now() - start)} ms`,
      );
    }
  }
}

export async function runComplexity(servers: Server[], opts: ComplexityOptions): Promise<void> {
  const samples = new Map<string, Sample[]>();
  const key = (op: Operation, size: number, name: ServerName) => `${op.label}|${size}|${name}`;
  const sizes = [opts.small, opts.big];
  await load(servers, opts);
  for (const op of operations) {
    for (const size of sizes) for (const server of servers) await op.prepare(server, size, opts);
    for (let round = 0; round < opts.repeat; round++) {
      // Alternate who goes first, and which size, so that a slow stretch is shared out evenly.
      const order = round % 2 === 0 ? servers : [...servers].reverse();
      for (const size of round % 2 === 0 ? sizes : [...sizes].reverse()) {
        for (const server of order) {
          const sample = await op.measure(server, size, opts);
          samples.set(key(op, size, server.name), [
            ...(samples.get(key(op, size, server.name)) ?? []),
            sample,
          ]);
          progress(
            `${server.name.padEnd(6)} ${op.label} size ${formatInt(size)}: ` +
              `${formatFixed(sample.wallMicros, 3)} µs/op, ${formatFixed(sample.cpuMicros, 3)} µs CPU/op`,
          );
        }
      }
    }
  }
  await Promise.all(servers.map((server) => cli(server, "FLUSHALL")));

  const stat = (op: Operation, size: number, name: ServerName, pick: (s: Sample) => number) =>
    median((samples.get(key(op, size, name)) ?? []).map(pick));
  const wall = (s: Sample) => s.wallMicros;
  const cpu = (s: Sample) => s.cpuMicros;
  const sizeName = (size: number) =>
    size >= 1e6 ? `${size / 1e6}M` : size >= 1e3 ? `${size / 1e3}k` : `${size}`;

  const perOp = operations.flatMap((op) =>
    [opts.small, opts.big].map((size) => {
      const redbun = stat(op, size, "redbun", wall);
      const redis = stat(op, size, "redis", wall);
      return [
        `${op.label} @ ${sizeName(size)}`,
        formatFixed(redbun, 3),
        formatFixed(redis, 3),
        formatFixed(redbun / redis, 2),
        formatFixed(stat(op, size, "redbun", cpu), 3),
        formatFixed(stat(op, size, "redis", cpu), 3),
      ];
    }),
  );
  printTable(
    ["operation @ size", "redbun µs/op", "redis µs/op", "redbun/redis", "redbun CPU µs", "redis CPU µs"],
    perOp,
  );

  const growth = operations.map((op) => {
    const grow = (name: ServerName, pick: (s: Sample) => number) =>
      stat(op, opts.big, name, pick) / stat(op, opts.small, name, pick);
    const [redbunWall, redisWall] = [grow("redbun", wall), grow("redis", wall)];
    const [redbunCpu, redisCpu] = [grow("redbun", cpu), grow("redis", cpu)];
    return [
      op.label,
      formatFixed(redbunWall, 2),
      formatFixed(redisWall, 2),
      formatRatio(redbunWall / redisWall, { atMost: 1.5 }),
      formatFixed(redbunCpu, 2),
      formatFixed(redisCpu, 2),
      formatRatio(redbunCpu / redisCpu, { atMost: 1.5 }),
    ];
  });
  const g = `${sizeName(opts.big)}/${sizeName(opts.small)}`;
  console.log();
  printTable(
    [
      `growth ${g}`,
      "redbun (wall)",
      "redis (wall)",
      "redbun/redis",
      "redbun (CPU)",
      "redis (CPU)",
      "redbun/redis",
    ],
    growth,
  );
}
