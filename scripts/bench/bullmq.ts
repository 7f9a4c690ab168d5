/**
 * BullMQ jobs per second (issue #4's acceptance workload): a Queue adds `jobs` jobs with
 * addBulk, then a Worker with concurrency 50 processes them all, against each server in turn
 * (fresh queue each time, this process as the client). Printed: add and process rates, the
 * server's CPU time per processed job, and redbun/redis. A server that cannot run BullMQ yet
 * gets its error printed under the table instead of stopping the bench.
 */
import { Queue, Worker } from "bullmq";
import { formatFixed, formatInt, formatRatio, printTable, progress } from "./report.ts";
import { cpuTicks, HOST, type Server, type ServerName } from "./servers.ts";

const CHUNK = 1_000;
const CONCURRENCY = 50;
/** No job finishing for this long means the server is stuck: report it rather than wait. */
const STALL_MS = 15_000;

interface Result {
  addRate: number;
  processRate: number;
  cpuMicrosPerJob: number;
}

/** `promise`, or a rejection naming `what` after `ms`. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function measure(server: Server, jobs: number, ticksPerSecond: number): Promise<Result> {
  const connection = { host: HOST, port: server.port };
  const name = `bench-${server.name}-${Date.now()}`;
  const queue = new Queue(name, { connection });
  let worker: Worker | undefined;
  const errors: unknown[] = [];
  queue.on("error", (error) => errors.push(error));
  try {
    const addStart = performance.now();
    for (let first = 0; first < jobs; first += CHUNK) {
      const batch = Array.from({ length: Math.min(CHUNK, jobs - first) }, (_, n) => ({
        name: "job",
        data: { n: first + n },
      }));
      await within(queue.addBulk(batch), STALL_MS, "addBulk");
    }
    const addSeconds = (performance.now() - addStart) / 1000;

    let done = 0;
    let failed = 0;
    let lastProgress = performance.now();
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const cpuBefore = cpuTicks(server.proc.pid);
    const processStart = performance.now();
    worker = new Worker(name, async (job) => job.data.n, {
      connection,
      concurrency: CONCURRENCY,
      autorun: false,
    });
    worker.on("error", (error) => errors.push(error));
    worker.on("completed", () => {
      lastProgress = performance.now();
      if (++done + failed === jobs) finish();
    });
    worker.on("failed", (_job, error) => {
      errors.push(error);
      if (done + ++failed === jobs) finish();
    });
    void worker.run().catch((error: unknown) => errors.push(error));
    let timer: ReturnType<typeof setInterval> | undefined;
    const stall = new Promise<never>((_, reject) => {
      timer = setInterval(() => {
        if (performance.now() - lastProgress < STALL_MS) return;
        const last = errors.at(-1);
        const reason = last instanceof Error ? last.message : String(last ?? "no error reported");
        reject(new Error(`stalled at ${done}/${jobs} jobs: ${reason}`));
      }, 500);
    });
    try {
      await Promise.race([finished, stall]);
    } finally {
      clearInterval(timer);
    }
    const processSeconds = (performance.now() - processStart) / 1000;
    const cpuSeconds = (cpuTicks(server.proc.pid) - cpuBefore) / ticksPerSecond;
    if (failed > 0) throw new Error(`${failed} jobs failed: ${String(errors.at(-1))}`);
    return {
      addRate: jobs / addSeconds,
      processRate: jobs / processSeconds,
      cpuMicrosPerJob: (cpuSeconds * 1e6) / jobs,
    };
  } finally {
    // A server that broke mid-run must not keep the bench waiting on a graceful close.
    await within(worker?.close(true) ?? Promise.resolve(), 5_000, "worker close").catch(() => {});
    await within(queue.close(), 5_000, "queue close").catch(() => {});
  }
}

/** Runs the workload against every server and prints one table, errors under it. */
export async function runBullmq(servers: Server[], jobs: number, ticksPerSecond: number): Promise<void> {
  const results = new Map<ServerName, Result>();
  const rows: string[][] = [];
  const failures: string[] = [];
  for (const server of servers) {
    progress(`bullmq: ${jobs.toLocaleString("en-US")} jobs on ${server.name}`);
    try {
      const result = await measure(server, jobs, ticksPerSecond);
      results.set(server.name, result);
      rows.push([
        server.name,
        formatInt(result.addRate),
        formatInt(result.processRate),
        formatFixed(result.cpuMicrosPerJob, 1),
      ]);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failures.push(`${server.name} cannot run BullMQ: ${message.split("\n")[0]!.slice(0, 300)}`);
      rows.push([server.name, "-", "-", "-"]);
    }
  }
  const redbun = results.get("redbun");
  const redis = results.get("redis");
  if (redbun && redis) {
    rows.push([
      "redbun/redis",
      formatRatio(redbun.addRate / redis.addRate),
      formatRatio(redbun.processRate / redis.processRate),
      formatRatio(redbun.cpuMicrosPerJob / redis.cpuMicrosPerJob),
    ]);
  }
  printTable(
    [`${jobs} jobs, concurrency ${CONCURRENCY}`, "add jobs/s", "process jobs/s", "server CPU µs/job"],
    rows,
  );
  for (const line of failures) console.log(`\n${line}`);
}
