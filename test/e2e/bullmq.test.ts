/**
 * BullMQ, unmodified, against redis-server and against redbun (issue #4's acceptance workload,
 * shortened): a Queue adds standard, prioritised and delayed jobs, a Worker with concurrency 50
 * processes them, flaky jobs are retried with exponential backoff until they complete, doomed
 * ones exhaust their attempts, a job scheduler fires on schedule, QueueEvents (XREAD BLOCK on the
 * events stream) reports every outcome, and getJobCounts agrees. BullMQ runs almost everything
 * through Lua scripts (cjson, cmsgpack) and streams, so against a redbun without them this file
 * fails at the first add, with the server's error in the message.
 */
import { afterEach, expect, setDefaultTimeout, test } from "bun:test";
import { type ConnectionOptions, type Job, Queue, QueueEvents, Worker } from "bullmq";
import { condition, describeErrors, describeTargets, within } from "./support/library-targets.ts";

// Two servers on a shared 2-core machine: each test sets its own deadlines inside.
setDefaultTimeout(20_000);

const STANDARD = 200; // of which FLAKY and DOOMED
const FLAKY = 20; // fail twice, complete on the third attempt
const DOOMED = 5; // fail both of their two attempts
const PRIORITISED = 60;
const DELAYED = 40;
const TOTAL = STANDARD + PRIORITISED + DELAYED;
const BACKOFF_MS = 40;

type Kind = "plain" | "flaky" | "doomed" | "prioritised" | "delayed";
interface Data {
  i: number;
  kind: Kind;
}

/** Everything a test opened, closed in reverse order even when the test fails half-way. */
const open: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  const errors: unknown[] = [];
  for (const thing of open.splice(0).reverse()) {
    // A close that never finishes (a connection stuck reconnecting) must not hang the run.
    await within(thing.close(), 5_000, "a BullMQ close").catch((error: unknown) => errors.push(error));
  }
  if (errors.length > 0) throw new Error(describeErrors("closing BullMQ objects failed", errors));
});

function track<T extends { close(): Promise<unknown> }>(thing: T): T {
  open.push(thing);
  return thing;
}

/** The data of job `i` of the main workload, in the order the jobs are added. */
function plan(): Array<{ data: Data; opts: Record<string, unknown> }> {
  const jobs: Array<{ data: Data; opts: Record<string, unknown> }> = [];
  for (let i = 0; i < STANDARD; i++) {
    if (i % 10 === 3 && i / 10 < FLAKY) {
      const backoff = { type: "exponential", delay: BACKOFF_MS };
      jobs.push({ data: { i, kind: "flaky" }, opts: { attempts: 3, backoff } });
    } else if (i % 40 === 7 && i / 40 < DOOMED) {
      const backoff = { type: "exponential", delay: BACKOFF_MS };
      jobs.push({ data: { i, kind: "doomed" }, opts: { attempts: 2, backoff } });
    } else {
      jobs.push({ data: { i, kind: "plain" }, opts: {} });
    }
  }
  for (let i = 0; i < PRIORITISED; i++) {
    // Priorities 1..6 interleaved, so FIFO within a priority is visible too.
    jobs.push({ data: { i: STANDARD + i, kind: "prioritised" }, opts: { priority: (i % 6) + 1 } });
  }
  for (let i = 0; i < DELAYED; i++) {
    jobs.push({
      data: { i: STANDARD + PRIORITISED + i, kind: "delayed" },
      opts: { delay: 300 + (i % 4) * 100 },
    });
  }
  return jobs;
}

describeTargets("BullMQ", (server, target) => {
  // ioredis 6 speaks RESP3 unless told otherwise; BullMQ passes these options through to it.
  const connection = (protocol: 2 | 3 = 3): ConnectionOptions => ({
    host: server().host,
    port: server().port,
    protocol,
  });
  const queueName = (what: string) => `accept-${what}-${target}-${crypto.randomUUID().slice(0, 8)}`;

  for (const protocol of [3, 2] as const) {
    test(`a Queue, a Worker with concurrency 50 and QueueEvents run the whole workload (RESP${protocol})`, () =>
      workload(protocol));
  }

  async function workload(protocol: 2 | 3): Promise<void> {
    const name = queueName(`main${protocol}`);
    const queue = track(new Queue<Data>(name, { connection: connection(protocol) }));
    const queueErrors: unknown[] = [];
    queue.on("error", (error) => queueErrors.push(error));

    // Reading the events stream from its start, so no event is missed while XREAD gets going.
    const events = track(new QueueEvents(name, { connection: connection(protocol), lastEventId: "0-0" }));
    const eventErrors: unknown[] = [];
    events.on("error", (error) => eventErrors.push(error));
    const activeOrder: string[] = [];
    const completed = new Map<string, unknown>();
    const failed = new Map<string, string>();
    const exhausted = new Set<string>();
    const duplicates: string[] = [];
    const finished = condition(() => completed.size + failed.size >= TOTAL);
    events.on("active", ({ jobId }) => activeOrder.push(jobId));
    events.on("completed", ({ jobId, returnvalue }) => {
      if (completed.has(jobId)) duplicates.push(jobId);
      completed.set(jobId, returnvalue);
      finished.check();
    });
    events.on("failed", ({ jobId, failedReason }) => {
      failed.set(jobId, failedReason);
      finished.check();
    });
    events.on("retries-exhausted", ({ jobId }) => exhausted.add(jobId));
    const workerErrors: unknown[] = [];
    const failures = () =>
      [
        describeErrors("queue errors", queueErrors),
        describeErrors("worker errors", workerErrors),
        describeErrors("queue-events errors", eventErrors),
        `completed ${completed.size}, failed ${failed.size} of ${TOTAL}`,
      ]
        .filter(Boolean)
        .join("\n");

    await within(events.waitUntilReady(), 5_000, "QueueEvents to connect", failures);

    // Add everything before the worker exists: then the order rules below are exact.
    const jobs = plan();
    const added = await within(
      queue.addBulk(jobs.map(({ data, opts }) => ({ name: data.kind, data, opts }))),
      5_000,
      `addBulk of ${TOTAL} jobs`,
      failures,
    );
    expect(added.length).toBe(TOTAL);
    const idOf = (i: number) => added[i]!.id!;
    expect(added.filter((job) => job.data.kind === "flaky").length).toBe(FLAKY);

    expect(
      await within(queue.getJobCounts("waiting", "prioritized", "delayed", "active"), 5_000, "counts"),
    ).toEqual({
      waiting: STANDARD,
      prioritized: PRIORITISED,
      delayed: DELAYED,
      active: 0,
    });

    const starts = new Map<string, number[]>();
    const worker = track(
      new Worker<Data>(
        name,
        async (job: Job<Data>) => {
          const times = starts.get(job.id!) ?? [];
          times.push(Date.now());
          starts.set(job.id!, times);
          if (job.data.kind === "doomed") throw new Error(`doomed ${job.data.i} attempt ${times.length}`);
          if (job.data.kind === "flaky" && times.length < 3) {
            throw new Error(`flaky ${job.data.i} attempt ${times.length}`);
          }
          return { i: job.data.i, twice: job.data.i * 2 };
        },
        { connection: connection(protocol), concurrency: 50 },
      ),
    );
    worker.on("error", (error) => workerErrors.push(error));

    await within(finished.promise, 12_000, `all ${TOTAL} jobs to finish`, failures);

    // QueueEvents saw exactly one outcome per job, with the processor's return value.
    const doomed = added.filter((job) => job.data.kind === "doomed").map((job) => job.id!);
    expect(doomed.length).toBe(DOOMED);
    expect([...failed.keys()].sort()).toEqual([...doomed].sort());
    expect([...exhausted].sort()).toEqual([...doomed].sort());
    for (const id of doomed)
      expect(failed.get(id)).toBe(`doomed ${added.find((j) => j.id === id)!.data.i} attempt 2`);
    expect(duplicates).toEqual([]);
    expect(completed.size).toBe(TOTAL - DOOMED);
    for (const job of added) {
      if (job.data.kind === "doomed") continue;
      expect(completed.get(job.id!)).toEqual({ i: job.data.i, twice: job.data.i * 2 });
    }

    // Order: every waiting (unprioritised) job becomes active before any prioritised one, and the
    // prioritised ones by priority, FIFO within a priority.
    const firstActive = new Map<string, number>();
    activeOrder.forEach((id, index) => {
      if (!firstActive.has(id)) firstActive.set(id, index);
    });
    expect(firstActive.size).toBe(TOTAL);
    const standardIds = added.slice(0, STANDARD).map((job) => job.id!);
    const prioritisedIds = added.slice(STANDARD, STANDARD + PRIORITISED).map((job) => job.id!);
    const lastStandard = Math.max(...standardIds.map((id) => firstActive.get(id)!));
    const firstPrioritised = Math.min(...prioritisedIds.map((id) => firstActive.get(id)!));
    expect(lastStandard).toBeLessThan(firstPrioritised);
    const expectedPriorityOrder = prioritisedIds
      .map((id, n) => ({ id, priority: (n % 6) + 1, n }))
      .sort((a, b) => a.priority - b.priority || a.n - b.n)
      .map(({ id }) => id);
    const actualPriorityOrder = [...prioritisedIds].sort((a, b) => firstActive.get(a)! - firstActive.get(b)!);
    expect(actualPriorityOrder).toEqual(expectedPriorityOrder);

    // Delayed jobs never ran early; flaky jobs waited 40 then 80 ms between attempts.
    for (let n = 0; n < DELAYED; n++) {
      const job = await queue.getJob(idOf(STANDARD + PRIORITISED + n));
      expect(job).toBeDefined();
      // BullMQ zeroes job.delay when it promotes the job; opts keeps what was asked for.
      const due = job!.timestamp + job!.opts.delay!;
      expect(job!.opts.delay).toBe(300 + (n % 4) * 100);
      expect(job!.processedOn!).toBeGreaterThanOrEqual(due);
      expect(starts.get(job!.id!)![0]!).toBeGreaterThanOrEqual(due);
    }
    for (const { id, data } of added) {
      const times = starts.get(id!)!;
      if (data.kind === "flaky") {
        expect(times.length).toBe(3);
        expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(BACKOFF_MS);
        expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(2 * BACKOFF_MS);
        const job = await queue.getJob(id!);
        expect(job!.attemptsMade).toBe(3);
        expect(await job!.getState()).toBe("completed");
      } else if (data.kind === "doomed") {
        expect(times.length).toBe(2);
        expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(BACKOFF_MS);
        const job = await queue.getJob(id!);
        expect(job!.attemptsMade).toBe(2);
        expect(job!.failedReason).toBe(`doomed ${data.i} attempt 2`);
        expect(await job!.getState()).toBe("failed");
      } else {
        expect(times.length).toBe(1);
      }
    }

    expect(await within(queue.getJobCounts(), 5_000, "final counts")).toMatchObject({
      active: 0,
      completed: TOTAL - DOOMED,
      delayed: 0,
      failed: DOOMED,
      prioritized: 0,
      waiting: 0,
      "waiting-children": 0,
    });
    expect(workerErrors).toEqual([]);
    expect(queueErrors).toEqual([]);
    expect(eventErrors).toEqual([]);
  }

  test("a job scheduler (every 150 ms) fires on schedule, and stops when removed", async () => {
    const every = 150;
    const ticks = 4;
    const name = queueName("ticks");
    const queue = track(new Queue(name, { connection: connection() }));
    const errors: unknown[] = [];
    queue.on("error", (error) => errors.push(error));
    const runs: Array<{ id: string; due: number; started: number; iteration: unknown }> = [];
    const enough = condition(() => runs.length >= ticks);
    const worker = track(
      new Worker(
        name,
        async (job: Job) => {
          runs.push({
            id: job.id!,
            // opts.delay is what the scheduler asked for; job.delay is zeroed on promotion.
            due: job.timestamp + (job.opts.delay ?? 0),
            started: Date.now(),
            iteration: job.data.n,
          });
          enough.check();
        },
        { connection: connection(), concurrency: 1 },
      ),
    );
    worker.on("error", (error) => errors.push(error));

    const first = await within(
      queue.upsertJobScheduler("tick", { every }, { name: "tick", data: { n: "tick" } }),
      5_000,
      "upsertJobScheduler",
      () => describeErrors("errors", errors),
    );
    expect(first?.name).toBe("tick");
    await within(enough.promise, 5_000, `${ticks} ticks`, () =>
      [describeErrors("errors", errors), `ticks so far: ${runs.length}`].filter(Boolean).join("\n"),
    );

    expect(new Set(runs.map((run) => run.id)).size).toBe(runs.length);
    for (const run of runs) {
      expect(run.iteration).toBe("tick");
      expect(run.started).toBeGreaterThanOrEqual(run.due);
      expect(run.started - run.due).toBeLessThan(1_000);
    }
    // The first run is immediate; each later one is due one `every` after the one before.
    for (let n = 1; n < runs.length; n++) expect(runs[n]!.due - runs[n - 1]!.due).toBe(every);

    const [scheduler] = await queue.getJobSchedulers();
    expect(scheduler).toMatchObject({ key: "tick", every });
    expect(await queue.removeJobScheduler("tick")).toBe(true);
    expect(await queue.getJobSchedulersCount()).toBe(0);
    expect(await queue.getJobCounts("delayed", "waiting")).toEqual({ delayed: 0, waiting: 0 });
    expect(errors).toEqual([]);
  });
});
