/**
 * `bun scripts/bench-testing.ts`: what a test pays for a fresh server. Side by side in one run:
 * redbun's in-process `startServer({ port: 0 })` until the first PONG (then closed), and a
 * redis-server child process until the first PONG (then shut down), as a per-file test fixture
 * would start them. Prints medians and the ratio.
 */
import { createClient } from "../src/index.ts";
import { startServer } from "../src/server/index.ts";
import { startServer as spawnServer, stopServers } from "./bench/servers.ts";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

async function inProcess(): Promise<number> {
  const t = performance.now();
  const server = await startServer({ port: 0 });
  const c = createClient(server.url);
  await c.ping();
  const ms = performance.now() - t;
  await c.close();
  await server.close();
  return ms;
}

async function childProcess(): Promise<number> {
  const t = performance.now();
  const server = await spawnServer("redis");
  const c = createClient({ port: server.port });
  await c.ping();
  const ms = performance.now() - t;
  await c.close();
  await stopServers([server]);
  return ms;
}

await inProcess(); // warm-up: module loading is paid once per test process, not per server
const redbun: number[] = [];
for (let i = 0; i < 50; i++) redbun.push(await inProcess());
const redis: number[] = [];
for (let i = 0; i < 10; i++) redis.push(await childProcess());
const a = median(redbun);
const b = median(redis);
console.log(
  `start to first PONG, median: redbun in-process ${a.toFixed(2)} ms, redis-server child ${b.toFixed(2)} ms`,
);
console.log(`redis-server / redbun: ${(b / a).toFixed(1)}x`);
