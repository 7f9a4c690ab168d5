/**
 * `bun scripts/bench-dispatch.ts`: the server's per-command cost without sockets. Feeds
 * pipelined chunks (16 commands each, as redis-benchmark -P 16 sends them) straight into a
 * Connection and prints nanoseconds per command. Machine noise matters less here than in
 * `bun run bench`, so it is the number to watch while optimising the hot path.
 */
import type { Socket } from "bun";
import { Config } from "../src/config/config.ts";
import { RealClock } from "../src/db/clock.ts";
import { Connection } from "../src/server/connection.ts";
import { type Logger, Server } from "../src/server/server.ts";
import { mulberry32 } from "../test/support/prng.ts";

const silent: Logger = { debug() {}, verbose() {}, notice() {}, warning() {} };

function frame(args: string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${a.length}\r\n${a}\r\n`).join("")}`;
}

/** `bun scripts/bench-dispatch.ts [name-substring]`: run only the cases whose name contains it. */
const only = process.argv[2]?.toLowerCase();

function run(
  name: string,
  makeChunk: (i: number) => Buffer,
  commandsPerChunk: number,
  chunks: number,
  prefill?: (i: number) => Buffer,
): void {
  if (only !== undefined && !name.toLowerCase().includes(only)) return;
  const server = new Server(new Config(), new RealClock(), silent, null);
  const socket = {
    write: (_b: Uint8Array, _o?: number, len?: number) => len ?? _b.length,
    end() {},
    pause() {},
    resume() {},
  } as unknown as Socket<Connection>;
  const conn = new Connection(server, socket, 1, "127.0.0.1:1", "127.0.0.1:6379");
  if (prefill) for (let i = 0; i < chunks; i++) conn.onData(prefill(i));
  const distinct = Math.min(chunks, 65536);
  const prepared = Array.from({ length: distinct }, (_, i) => makeChunk(i));
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 5; round++) {
    const t = performance.now();
    for (let i = 0; i < chunks; i++) {
      conn.onData(Buffer.from(prepared[i % distinct]!));
      if (process.env.GARBAGE) new Uint8Array(+process.env.GARBAGE);
    }
    best = Math.min(best, performance.now() - t);
  }
  const ns = (best * 1e6) / (chunks * commandsPerChunk);
  console.log(`${name.padEnd(34)} ${ns.toFixed(0).padStart(5)} ns/command`);
  server.dbs.close();
}

const value = "x".repeat(32);
const key = (i: number) => `key:${String(i).padStart(12, "0")}`;
run(
  "SET, 16 per chunk, one key",
  () => Buffer.from(frame(["SET", "key:__rand_int__", value]).repeat(16)),
  16,
  20000,
);
run(
  "GET, 16 per chunk, one key",
  () => Buffer.from(frame(["GET", "key:__rand_int__"]).repeat(16)),
  16,
  20000,
);
// 65,536 chunks of 16 distinct keys: about a million keys, as redis-benchmark -r 1000000 makes.
const setChunk = (i: number) =>
  Buffer.from(Array.from({ length: 16 }, (_, j) => frame(["SET", key(i * 16 + j), value])).join(""));
run("SET, 16 per chunk, 1M distinct keys", setChunk, 16, 65536);
run(
  "GET, 16 per chunk, 1M distinct keys",
  (i) =>
    Buffer.from(
      Array.from({ length: 16 }, (_, j) => frame(["GET", key(((i * 16 + j) * 7919) % 1_048_576)])).join(""),
    ),
  16,
  65536,
  setChunk,
);
run("GET, 1 per chunk", () => Buffer.from(frame(["GET", "key:__rand_int__"])), 1, 200000);

// redis-benchmark's collection tests with -r 100000: each __rand_int__ is an independent
// random 12-digit number below 100,000 (seeded, so runs compare).
const random = mulberry32(1);
const rand = () => String(Math.floor(random() * 100_000)).padStart(12, "0");
const randomChunk = (cmd: (r: () => string) => string[]) => () =>
  Buffer.from(Array.from({ length: 16 }, () => frame(cmd(rand))).join(""));
run(
  "LPUSH, 16 per chunk, -r 100k",
  randomChunk(() => ["LPUSH", "mylist", "xxx"]),
  16,
  20000,
);
run(
  "SADD, 16 per chunk, -r 100k",
  randomChunk((r) => ["SADD", "myset", `element:${r()}`]),
  16,
  20000,
);
run(
  "HSET, 16 per chunk, -r 100k",
  randomChunk((r) => ["HSET", "myhash", `element:${r()}`, "xxx"]),
  16,
  20000,
);
run(
  "ZADD, 16 per chunk, -r 100k",
  randomChunk((r) => ["ZADD", "myzset", r(), `element:${r()}`]),
  16,
  20000,
);
