/**
 * Throughput: redis-benchmark tests run against each server in turn, alternating who goes first
 * per repetition so that machine noise hits both alike. For each test: the median ops/s of each
 * server, the ratio redbun/redis, and each server's CPU time per request (utime+stime from
 * /proc/<pid>/stat, read before and after). Each test is its own redis-benchmark run, so that
 * the CPU time read around it belongs to one command only.
 */

import { formatFixed, formatInt, formatRatio, median, printTable, progress } from "./report.ts";
import { cli, cpuTicks, dbsize, HOST, rssBytes, run, type Server, type ServerName } from "./servers.ts";

/** One redis-benchmark run of one command. */
export interface ThroughputCase {
  /** The name redis-benchmark gives the test (SET, LPUSH, LRANGE_100). */
  label: string;
  group: string;
  flags: string[];
  requests: number;
  /** `-t name`, or a custom command when the built-in test would run a second command first. */
  command: string[];
  /** Commands sent to each server (through redis-cli) before the first round of this case. */
  setup?: string[][];
  /** The target for redbun/redis (a `!` marks a miss); none: the ratio is only reported. */
  target?: number;
}

interface Sample {
  rps: number;
  cpuMicrosPerRequest: number;
}

/**
 * SET and GET, as `bun run bench` has always run them. The random-key group needs about 3
 * million SETs for 1 million random keys to be ~95% filled (1 - e^-3), which is the point of
 * the memory figure printed after it.
 */
export function stringCases(scale: number): ThroughputCase[] {
  // Issue #2's targets: at least Redis's rate at 50 clients, 0.85x with 1M random keys.
  const groups = [
    { group: "-c 50", flags: ["-c", "50"], requests: 200_000, target: 1 },
    { group: "-c 50 -P 16", flags: ["-c", "50", "-P", "16"], requests: 1_000_000, target: 1 },
    {
      group: "-c 50 -P 16 -r 1M -d 32",
      flags: ["-c", "50", "-P", "16", "-r", "1000000", "-d", "32"],
      requests: 3_000_000,
      target: 0.85,
    },
  ];
  return groups.flatMap(({ group, flags, requests, target }) =>
    ["set", "get"].map((command) => ({
      label: command.toUpperCase(),
      group,
      flags,
      requests: Math.round(requests * scale),
      command: ["-t", command],
      target,
    })),
  );
}

/**
 * redis-benchmark's list, hash, set and sorted-set tests. The first group is exactly what
 * `redis-benchmark -q` runs (no -r: SADD, HSET and ZADD keep re-adding one member, ZPOPMIN
 * mostly pops an empty key); the second is pipelined with -r 100000, so the collections grow
 * to ~100k members and the server's own cost dominates. LPOP follows LPUSH, so it pops real
 * elements. LRANGE_100 runs as a custom command on a list of 600 elements filled beforehand:
 * `-t lrange_100` would first run n LPUSHes whose CPU time would be counted with it.
 */
export function dataModelCases(scale: number): ThroughputCase[] {
  const groups = [
    { group: "-c 50", flags: ["-c", "50"], requests: 100_000, lrange: 50_000 },
    {
      group: "-c 50 -P 16 -r 100k",
      flags: ["-c", "50", "-P", "16", "-r", "100000"],
      requests: 1_000_000,
      lrange: 200_000,
    },
  ];
  const fill600 = ["RPUSH", "mylist", ...Array.from({ length: 600 }, () => "xxx")];
  return groups.flatMap(({ group, flags, requests, lrange }) => {
    const n = Math.round(requests * scale);
    const test = (label: string, setup?: string[][]): ThroughputCase => ({
      label,
      group,
      flags,
      requests: n,
      command: ["-t", label.toLowerCase()],
      setup,
      target: 0.8, // issue #3's target for every collection test
    });
    return [
      test("LPUSH", [["FLUSHALL"]]),
      test("LPOP"),
      test("SADD"),
      test("HSET"),
      test("ZADD"),
      test("ZPOPMIN"),
      {
        label: "LRANGE_100",
        group,
        flags,
        requests: Math.round(lrange * scale),
        command: ["lrange", "mylist", "0", "99"],
        setup: [["DEL", "mylist"], fill600],
        target: 0.8,
      },
    ];
  });
}

/** Reads the rps column of redis-benchmark's --csv line for the one test it ran. */
function parseCsvRps(stdout: string): number {
  for (const line of stdout.split("\n")) {
    const cells = line.split('","').map((cell) => cell.replaceAll('"', ""));
    if (cells.length >= 2 && cells[0] !== "test" && cells[1] !== undefined) {
      const rps = Number(cells[1]);
      if (Number.isFinite(rps)) return rps;
    }
  }
  return Number.NaN;
}

/** Runs redis-benchmark once against `server`; ops/s and server CPU µs per request. */
export async function benchmark(
  server: Server,
  flags: string[],
  requests: number,
  command: string[],
  ticksPerSecond: number,
): Promise<Sample> {
  const before = cpuTicks(server.proc.pid);
  const { stdout, stderr, exitCode } = await run([
    "redis-benchmark",
    ...["-h", HOST, "-p", String(server.port)],
    ...flags,
    ...["-n", String(requests), "--csv"],
    ...command,
  ]);
  const after = cpuTicks(server.proc.pid);
  if (exitCode !== 0 || /Error from server|ERR |WRONGTYPE/.test(stdout + stderr)) {
    throw new Error(
      `redis-benchmark ${command.join(" ")} against ${server.name} failed (exit ${exitCode}):\n` +
        `${stdout}${stderr}\nserver log:\n${server.logTail()}`,
    );
  }
  const seconds = (after - before) / ticksPerSecond;
  return { rps: parseCsvRps(stdout), cpuMicrosPerRequest: (seconds * 1e6) / requests };
}

/**
 * Runs `cases` in order (each `repeat` times) and prints one table. With `memoryAfterLast`, it
 * also prints each server's key count and RSS once the last case is done.
 */
export async function runThroughput(
  servers: Server[],
  cases: ThroughputCase[],
  repeat: number,
  ticksPerSecond: number,
  memoryAfterLast = false,
): Promise<void> {
  const samples = new Map<string, Sample[]>();
  const key = (bench: ThroughputCase, name: ServerName) => `${bench.label}|${bench.group}|${name}`;
  for (const bench of cases) {
    for (const server of servers) for (const command of bench.setup ?? []) await cli(server, ...command);
    for (let round = 0; round < repeat; round++) {
      // Alternate who goes first, so that a slow stretch of the machine is shared out evenly.
      const order = round % 2 === 0 ? servers : [...servers].reverse();
      for (const server of order) {
        const sample = await benchmark(server, bench.flags, bench.requests, bench.command, ticksPerSecond);
        samples.set(key(bench, server.name), [...(samples.get(key(bench, server.name)) ?? []), sample]);
        progress(
          `${server.name.padEnd(6)} ${bench.label} ${bench.group} n=${bench.requests}: ` +
            `${formatInt(sample.rps)} ops/s, ${formatFixed(sample.cpuMicrosPerRequest, 2)} µs CPU/req`,
        );
      }
    }
  }

  const rows = cases.map((bench) => {
    const stat = (name: ServerName, pick: (sample: Sample) => number) =>
      median((samples.get(key(bench, name)) ?? []).map(pick));
    const redbunRps = stat("redbun", (s) => s.rps);
    const redisRps = stat("redis", (s) => s.rps);
    return [
      `${bench.label} ${bench.group}`,
      formatInt(bench.requests),
      formatInt(redbunRps),
      formatInt(redisRps),
      formatRatio(redbunRps / redisRps, bench.target === undefined ? undefined : { atLeast: bench.target }),
      formatFixed(
        stat("redbun", (s) => s.cpuMicrosPerRequest),
        2,
      ),
      formatFixed(
        stat("redis", (s) => s.cpuMicrosPerRequest),
        2,
      ),
    ];
  });
  printTable(
    ["test", "requests", "redbun ops/s", "redis ops/s", "redbun/redis", "redbun µs/req", "redis µs/req"],
    rows,
  );

  if (memoryAfterLast) {
    const memory: string[][] = [];
    for (const server of servers) {
      const rss = rssBytes(server.proc.pid) / 2 ** 20;
      memory.push([server.name, formatInt(await dbsize(server)), formatFixed(rss, 1)]);
    }
    console.log(`\nafter the ${cases.at(-1)!.group} test:`);
    printTable(["server", "keys", "RSS MiB"], memory);
  }
}
