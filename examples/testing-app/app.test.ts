/**
 * The app's tests: Bun.redis reaches the preload's redbun server through REDIS_URL; time moves
 * only when a test says so, so a 30-minute session expires without waiting.
 */
import { beforeEach, expect, test } from "bun:test";
import { testServer } from "redbun/testing";
import { createSession, enqueue, processNext, sessionUser } from "./app.ts";

const server = testServer();

beforeEach(() => {
  server.flushAll();
  server.clock.mode = "manual";
});

test("a session lasts 30 minutes, without waiting for them", async () => {
  await createSession("t1", "alice");
  expect(server).toHaveTTL("session:t1", "30m");
  server.clock.advance("30m");
  expect(await sessionUser("t1")).toBe("alice");
  server.clock.advance(1);
  expect(await sessionUser("t1")).toBeNull();
  expect(server).not.toHaveKey("session:t1");
});

test("a job that keeps failing is retried, then moved to jobs:failed", async () => {
  await enqueue("send-mail");
  const failing = async () => {
    throw new Error("smtp down");
  };
  expect(await processNext(failing)).toBe("retry");
  expect(await processNext(failing)).toBe("retry");
  expect(await processNext(failing)).toBe("failed");
  expect(await processNext(failing)).toBeNull();
  expect(server.db().command("LRANGE", "jobs:failed", 0, -1)).toEqual([
    new TextEncoder().encode("send-mail"),
  ]);
  expect(server).toHaveReceived("lpush", "jobs:failed", "send-mail");
});

test("while the server is loading, the worker retries instead of failing (a fault)", async () => {
  await enqueue("resize-image");
  const fault = server.faults.add({
    command: "lmove",
    times: 2,
    action: { error: "LOADING Redis is loading the dataset in memory" },
  });
  const mark = server.journal.mark();
  expect(await processNext(async () => {})).toBe("done");
  expect(fault.fired).toBe(2);
  expect(server.journal.since(mark).filter((e) => e.command === "lmove")).toHaveLength(3);
  expect(server).toHaveReceived("lrem", "jobs:active", "1", "resize-image");
  fault.remove();
});

test("state arranged with a fixture is what the app sees", async () => {
  server.db().load({ "session:t2": { value: "bob", ttl: "5m" } });
  expect(await sessionUser("t2")).toBe("bob");
  expect(server).toHaveKey("session:t2");
});
