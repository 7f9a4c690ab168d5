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

const silent: Logger = { debug() {}, verbose() {}, notice() {}, warning() {} };

function frame(args: string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${a.length}\r\n${a}\r\n`).join("")}`;
}

function run(name: string, makeChunk: (i: number) => Buffer, commandsPerChunk: number, chunks: number): void {
  const server = new Server(new Config(), new RealClock(), silent, null);
  const socket = {
    write: (_b: Uint8Array, _o?: number, len?: number) => len ?? _b.length,
    end() {},
    pause() {},
    resume() {},
  } as unknown as Socket<Connection>;
  const conn = new Connection(server, socket, 1, "127.0.0.1:1", "127.0.0.1:6379");
  const prepared = Array.from({ length: 1024 }, (_, i) => makeChunk(i));
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 5; round++) {
    const t = performance.now();
    for (let i = 0; i < chunks; i++) conn.onData(Buffer.from(prepared[i & 1023]!));
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
run(
  "SET, 16 per chunk, 1M random keys",
  (i) =>
    Buffer.from(
      Array.from({ length: 16 }, (_, j) =>
        frame(["SET", key((i * 7919 + j * 104729) % 1_000_000), value]),
      ).join(""),
    ),
  16,
  20000,
);
run("GET, 1 per chunk", () => Buffer.from(frame(["GET", "key:__rand_int__"])), 1, 200000);
