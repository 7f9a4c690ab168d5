/**
 * `bun scripts/bench-testing.ts`: what tests pay for Redis, redbun in-process against a
 * redis-server child process, side by side in one run.
 *
 * 1. Start to first PONG: `startServer({ port: 0 })` in this process, then a redis-server child
 *    (spawned, polled until it accepts, pinged), as a per-file test fixture would start them.
 * 2. The same 50-test file run by `bun test` twice: once on an in-process redbun server (TTL
 *    tests move its clock), once on a redis-server child started in `beforeAll` (TTL tests have
 *    to wait for real time to pass). Total wall time of each `bun test` process.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createClient } from "../src/index.ts";
import { startServer } from "../src/server/index.ts";
import { startServer as spawnServer, stopServers } from "./bench/servers.ts";

const ROOT = resolve(import.meta.dir, "..");
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

/** A test file of 40 command tests and 10 TTL tests; `ttl` is how a TTL test lets 100 ms pass. */
function testFile(setup: string, ttl: string): string {
  const tests: string[] = [];
  for (let i = 0; i < 40; i++) {
    tests.push(`test("counter ${i}", async () => {
  await c.set("k${i}", "${i}");
  expect(await c.incr("k${i}")).toBe(${i + 1});
  expect(await c.get("k${i}")).toBe("${i + 1}");
});`);
  }
  for (let i = 0; i < 10; i++) {
    tests.push(`test("ttl ${i}", async () => {
  await c.set("t${i}", "x", { PX: 100 });
  ${ttl}
  expect(await c.get("t${i}")).toBeNull();
});`);
  }
  return `import { afterAll, beforeAll, expect, test } from "bun:test";
import { createClient } from "${ROOT}/src/index.ts";
${setup}
${tests.join("\n")}
`;
}

const REDBUN_SETUP = `import { startServer } from "${ROOT}/src/server/index.ts";
const server = await startServer({ port: 0, clock: "manual" });
const c = createClient(server.url);
afterAll(async () => { await c.close(); await server.close(); });`;

const REDIS_SETUP = `import { startServer, stopServers } from "${ROOT}/scripts/bench/servers.ts";
let server: Awaited<ReturnType<typeof startServer>>;
let c: ReturnType<typeof createClient>;
beforeAll(async () => { server = await startServer("redis"); c = createClient({ port: server.port }); });
afterAll(async () => { await c.close(); await stopServers([server]); });`;

async function runFile(dir: string, name: string, source: string): Promise<number> {
  const path = join(dir, name);
  writeFileSync(path, source);
  const t = performance.now();
  const proc = Bun.spawn([process.execPath, "test", path], { cwd: dir, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  const ms = performance.now() - t;
  if (code !== 0 || !(out + err).includes(" 50 pass")) throw new Error(`${name} failed:\n${out}${err}`);
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
console.log(`  redis-server / redbun: ${(b / a).toFixed(1)}x`);

const dir = mkdtempSync(join(tmpdir(), "redbun-bench-testing-"));
try {
  const redbunFile = testFile(REDBUN_SETUP, "server.clock.advance(101);");
  const redisFile = testFile(REDIS_SETUP, "await Bun.sleep(101);");
  const walls = { redbun: [] as number[], redis: [] as number[] };
  for (let i = 0; i < 3; i++) {
    walls.redbun.push(await runFile(dir, "redbun.test.ts", redbunFile));
    walls.redis.push(await runFile(dir, "redis.test.ts", redisFile));
  }
  const x = median(walls.redbun);
  const y = median(walls.redis);
  console.log(
    `50-test file (40 command tests, 10 TTL tests), bun test wall time, median of 3: redbun in-process ${x.toFixed(0)} ms, redis-server child ${y.toFixed(0)} ms`,
  );
  console.log(`  redis-server / redbun: ${(y / x).toFixed(1)}x`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
