/**
 * Client benchmark: redbun's client against ioredis, node-redis and Bun's built-in RedisClient,
 * all talking to the same redis-server, doing SET/GET pairs:
 *
 * - pipelined: batches of `--batch` concurrent promises (what a busy server process does),
 * - sequential: one await at a time (latency bound: what a script does).
 *
 * Prints ops/s per client and the ratio to redbun.
 *
 * Usage: bun scripts/bench-client.ts [--ops 100000] [--batch 100] [--seq 20000] [--rounds 3] [--url redis://...]
 * Without --url a redis-server is started on a free port (REDBUN_TEST_TARGET=redbun: our own).
 */
import { RedisClient } from "bun";
import IORedis from "ioredis";
import { createClient as createNodeRedis } from "redis";
import { createClient } from "../src/index.ts";
import { startTarget } from "../test/client/target.ts";

interface Adapter {
  name: string;
  set(k: string, v: string): Promise<unknown>;
  get(k: string): Promise<unknown>;
  close(): Promise<void>;
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const OPS = arg("ops", 100_000);
const BATCH = arg("batch", 100);
const SEQ = arg("seq", 20_000);
/** Best of several rounds: the machine is shared, the best round is the least disturbed. */
const ROUNDS = arg("rounds", 3);
const urlArg = process.argv.indexOf("--url");

const target = urlArg >= 0 ? null : await startTarget();
const url = urlArg >= 0 ? process.argv[urlArg + 1]! : target!.url;

async function adapters(): Promise<Adapter[]> {
  const redbun = createClient(url);
  await redbun.connect();
  const io = new IORedis(url);
  const node = createNodeRedis({ url });
  await node.connect();
  const bun = new RedisClient(url);
  await bun.connect();
  return [
    {
      name: "redbun",
      set: (k, v) => redbun.set(k, v),
      get: (k) => redbun.get(k),
      close: () => redbun.close(),
    },
    {
      name: "ioredis",
      set: (k, v) => io.set(k, v),
      get: (k) => io.get(k),
      close: async () => {
        await io.quit();
      },
    },
    {
      name: "node-redis",
      set: (k, v) => node.set(k, v),
      get: (k) => node.get(k),
      close: async () => {
        await node.quit();
      },
    },
    {
      name: "bun RedisClient",
      set: (k, v) => bun.set(k, v),
      get: (k) => bun.get(k),
      close: async () => {
        bun.close();
      },
    },
  ];
}

/** ops/s for `ops` operations (half SET, half GET) in batches of `batch` concurrent calls. */
async function run(a: Adapter, ops: number, batch: number): Promise<number> {
  const start = performance.now();
  const calls: Promise<unknown>[] = new Array(batch);
  for (let done = 0; done < ops; done += batch) {
    const n = Math.min(batch, ops - done);
    calls.length = n;
    for (let i = 0; i < n; i++) {
      const key = `bench:${(done + i) % 1000}`;
      calls[i] = (done + i) % 2 === 0 ? a.set(key, "value-0123456789") : a.get(key);
    }
    await Promise.all(calls);
  }
  return (ops / (performance.now() - start)) * 1000;
}

const list = await adapters();
const results: Record<string, Record<string, number>> = {};
for (const [label, ops, batch] of [
  [`pipelined (batches of ${BATCH})`, OPS, BATCH],
  ["sequential", SEQ, 1],
] as const) {
  results[label] = {};
  for (const a of list) {
    await run(a, Math.min(ops, 5000), batch); // warm-up: JIT and connection
    let best = 0;
    for (let r = 0; r < ROUNDS; r++) best = Math.max(best, await run(a, ops, batch));
    results[label][a.name] = best;
  }
}
for (const a of list) await a.close();
await target?.close();

for (const [label, row] of Object.entries(results)) {
  console.log(`\n${label}`);
  const base = row.redbun!;
  for (const [name, opsPerSec] of Object.entries(row)) {
    const ratio = name === "redbun" ? "" : `  redbun is ${(base / opsPerSec).toFixed(2)}x`;
    console.log(
      `  ${name.padEnd(16)} ${Math.round(opsPerSec).toLocaleString("en-US").padStart(10)} ops/s${ratio}`,
    );
  }
}
