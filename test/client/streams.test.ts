/** Stream methods against a live server, in RESP2 and RESP3 (XREAD's reply is a map in RESP3). */
import { afterAll, beforeAll, beforeEach, describe, expect } from "bun:test";
import { BLOCK_GRACE_MS } from "../../src/client/client.ts";
import { createClient, type RedbunClient, ReplyError, TimeoutError } from "../../src/index.ts";
import { startProxy } from "./proxy.ts";
import { onTarget, startTarget, TARGETS, type Target } from "./target.ts";

const ID = /^\d+-\d+$/;

/** Resolve once the server reports `n` clients blocked (the read is waiting, not on its way). */
async function blockedClients(c: RedbunClient, n: number): Promise<void> {
  for (;;) {
    const info = await c.info("clients");
    if (Number(/blocked_clients:(\d+)/.exec(info)![1]) >= n) return;
  }
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected the call to fail");
}

describe.each(TARGETS)("%s", (name) => {
  const t = onTarget(name);
  let target: Target;
  beforeAll(async () => {
    target = await startTarget(name);
  });
  afterAll(() => target.close());

  describe.each([2, 3] as const)("RESP%d", (resp) => {
    let c: RedbunClient;
    beforeAll(async () => {
      c = createClient({ url: target.url, resp });
      await c.connect();
    });
    afterAll(() => c.close());
    beforeEach(async () => {
      await c.flushAll();
    });

    t.test("xAdd: ids, fields as a record or pairs, NOMKSTREAM", async () => {
      const id = await c.xAdd("s", "*", { temp: 21.5, unit: "C" });
      expect(id).toMatch(ID);
      expect(await c.xAdd("s", "*", [["temp", "22"]])).toMatch(ID);
      expect(await c.xAdd("s", "9999999999999-5", new Map([["a", new Uint8Array([104, 105])]]))).toBe(
        "9999999999999-5",
      );
      expect(await c.xAdd("s", "9999999999999-*", { a: "b" })).toBe("9999999999999-6");
      expect(await c.xLen("s")).toBe(4);
      expect(await c.xAdd("missing", "*", { a: 1 }, { NOMKSTREAM: true })).toBeNull();
      expect(await c.exists("missing")).toBe(0);
      const e = await rejection(c.xAdd("s", "1-1", { a: 1 }));
      expect(e).toBeInstanceOf(ReplyError);
      expect(e.message).toContain("equal or smaller than the target stream top item");
    });

    t.test("xRange, xRevRange: entries as { id, fields }", async () => {
      for (let i = 1; i <= 5; i++) await c.xAdd("s", `${i}-0`, { n: i, sq: i * i });
      expect(await c.xRange("s", "-", "+", 2)).toEqual([
        { id: "1-0", fields: { n: "1", sq: "1" } },
        { id: "2-0", fields: { n: "2", sq: "4" } },
      ]);
      expect((await c.xRange("s", "(2-0", 4)).map((e) => e.id)).toEqual(["3-0", "4-0"]);
      expect((await c.xRevRange("s", "+", "-", 3)).map((e) => e.id)).toEqual(["5-0", "4-0", "3-0"]);
      expect(await c.xRevRange("s", "2", "1")).toEqual([
        { id: "2-0", fields: { n: "2", sq: "4" } },
        { id: "1-0", fields: { n: "1", sq: "1" } },
      ]);
      expect(await c.xRange("none", "-", "+")).toEqual([]);
    });

    t.test("fields: odd names stay own fields, values keep their bytes", async () => {
      await c.xAdd("s", "1-0", [
        ["__proto__", "p"],
        ["constructor", "k"],
        ["é", "ü ✓"],
      ]);
      const [entry] = await c.xRange("s", "-", "+");
      expect(Object.getPrototypeOf(entry!.fields)).toBe(Object.prototype);
      expect(Object.keys(entry!.fields)).toEqual(["__proto__", "constructor", "é"]);
      expect(Object.getOwnPropertyDescriptor(entry!.fields, "__proto__")?.value).toBe("p");
      expect(entry!.fields.é).toBe("ü ✓");
      await using b = createClient({ url: target.url, resp, returnBuffers: true });
      await b.xAdd("bin", "1-0", { data: new Uint8Array([0, 255, 10]) });
      expect(await b.xRange("bin", "-", "+")).toEqual([
        { id: "1-0", fields: { data: new Uint8Array([0, 255, 10]) } },
      ]);
      expect(await b.xRead({ bin: 0 })).toEqual({
        bin: [{ id: "1-0", fields: { data: new Uint8Array([0, 255, 10]) } }],
      });
    });

    t.test("xDel, xTrim (MAXLEN, MINID, =, ~ with LIMIT) and xAdd's trimming", async () => {
      for (let i = 1; i <= 10; i++) await c.xAdd("s", `${i}-0`, { i });
      expect(await c.xDel("s", "1-0", "2-0", "99-0")).toBe(2);
      expect(await c.xTrim("s", { MAXLEN: 6 })).toBe(2);
      expect((await c.xRange("s", "-", "+")).map((e) => e.id)[0]).toBe("5-0");
      expect(await c.xTrim("s", { MINID: "7-0", approximate: false })).toBe(2);
      expect(await c.xLen("s")).toBe(4);
      // `~` trims whole nodes only: a 4-entry stream is one node, so nothing goes.
      expect(await c.xTrim("s", { MAXLEN: 1, approximate: true, LIMIT: 10 })).toBe(0);
      const limitWithoutTilde = await rejection(c.xTrim("s", { MAXLEN: 1, LIMIT: 10 }));
      expect(limitWithoutTilde.message).toContain("LIMIT");

      expect(await c.xAdd("s", "20-0", { i: 20 }, { MAXLEN: 2 })).toBe("20-0");
      expect((await c.xRange("s", "-", "+")).map((e) => e.id)).toEqual(["10-0", "20-0"]);
      expect(await c.xAdd("s", "30-0", { i: 30 }, { MINID: 15, approximate: false })).toBe("30-0");
      expect((await c.xRange("s", "-", "+")).map((e) => e.id)).toEqual(["20-0", "30-0"]);
      expect(await c.xAdd("t", "*", { a: 1 }, { NOMKSTREAM: true, MAXLEN: 5, approximate: true })).toBeNull();
    });

    t.test("xRead: several streams, COUNT, null when nothing is new", async () => {
      await c.xAdd("a", "1-0", { x: "1" });
      await c.xAdd("a", "2-0", { x: "2" });
      await c.xAdd("b", "5-0", { y: "5" });
      expect(await c.xRead({ a: "0", b: "0" }, { COUNT: 1 })).toEqual({
        a: [{ id: "1-0", fields: { x: "1" } }],
        b: [{ id: "5-0", fields: { y: "5" } }],
      });
      // Only streams with something after the id appear.
      expect(await c.xRead({ a: "1-0", b: "5-0" })).toEqual({ a: [{ id: "2-0", fields: { x: "2" } }] });
      expect(await c.xRead({ a: "2-0", b: "5-0" })).toBeNull();
      expect(await c.xRead({ nothing: "0" })).toBeNull();
    });

    t.test("xRead BLOCK: times out with null, wakes on xAdd, and never trips commandTimeout", async () => {
      await using reader = createClient({ url: target.url, resp, commandTimeout: 20 });
      await c.xAdd("s", "1-0", { a: 1 });
      const started = performance.now();
      // BLOCK longer than commandTimeout: the timeout counts from the end of the wait.
      expect(await reader.xRead({ s: "$" }, { BLOCK: 100 })).toBeNull();
      expect(performance.now() - started).toBeGreaterThanOrEqual(90);
      // BLOCK 0 waits for ever: no timer at all.
      const forever = reader.xRead({ s: "$" }, { BLOCK: 0, COUNT: 10 });
      await blockedClients(c, 1);
      await c.xAdd("s", "2-0", { a: 2 });
      expect(await forever).toEqual({ s: [{ id: "2-0", fields: { a: "2" } }] });
      // In a pipeline too. (A command queued behind a blocking read waits for it, and that wait
      // counts against its own timeout: blocking reads belong on a client of their own.)
      const results = await reader.pipeline().xLen("s").xRead({ s: "$" }, { BLOCK: 60 }).exec();
      expect(results).toEqual([
        [null, 2],
        [null, null],
      ]);
    });

    t.test("commandTimeout still applies to a non-blocking read, and after a BLOCK's wait", async () => {
      using proxy = startProxy(target.port);
      await using reader = createClient({ url: proxy.url, resp, commandTimeout: 30, reconnect: false });
      await reader.connect();
      proxy.delayReplies(Number.POSITIVE_INFINITY);
      const started = performance.now();
      const plain = reader.xRead({ s: "0" });
      const blocking = reader.xRead({ s: "$" }, { BLOCK: 60 });
      expect(await rejection(plain)).toBeInstanceOf(TimeoutError);
      expect(performance.now() - started).toBeLessThan(80);
      expect(await rejection(blocking)).toBeInstanceOf(TimeoutError);
      expect(performance.now() - started).toBeGreaterThanOrEqual(30 + 60 + BLOCK_GRACE_MS - 5);
    });

    t.test("consumer groups: xGroupCreate, xReadGroup, xPending, xAck, xGroupDestroy", async () => {
      expect(await c.xGroupCreate("s", "g", "$", { MKSTREAM: true })).toBe("OK");
      expect((await rejection(c.xGroupCreate("s", "g", "$"))).message).toContain("BUSYGROUP");
      expect(await c.xPending("s", "g")).toEqual({ pending: 0, firstId: null, lastId: null, consumers: [] });
      for (let i = 1; i <= 4; i++) await c.xAdd("s", `${i}-0`, { i });
      expect(await c.xReadGroup("g", "alice", { s: ">" }, { COUNT: 3 })).toEqual({
        s: [
          { id: "1-0", fields: { i: "1" } },
          { id: "2-0", fields: { i: "2" } },
          { id: "3-0", fields: { i: "3" } },
        ],
      });
      expect(await c.xReadGroup("g", "bob", { s: ">" })).toEqual({ s: [{ id: "4-0", fields: { i: "4" } }] });
      expect(await c.xReadGroup("g", "bob", { s: ">" })).toBeNull();
      expect(await c.xPending("s", "g")).toEqual({
        pending: 4,
        firstId: "1-0",
        lastId: "4-0",
        consumers: [
          { name: "alice", pending: 3 },
          { name: "bob", pending: 1 },
        ],
      });
      expect(await c.xAck("s", "g", "1-0", "4-0", "9-0")).toBe(2);
      // Re-reading alice's history: an entry deleted since delivery has no fields.
      await c.xDel("s", "2-0");
      expect(await c.xReadGroup("g", "alice", { s: "0" })).toEqual({
        s: [
          { id: "2-0", fields: null },
          { id: "3-0", fields: { i: "3" } },
        ],
      });
      expect((await c.xPending("s", "g")).pending).toBe(2);
      expect(await c.xGroupDestroy("s", "g")).toBe(1);
      expect(await c.xGroupDestroy("s", "g")).toBe(0);
      const e = await rejection(c.xReadGroup("g", "alice", { s: ">" }));
      expect(e.message).toContain("NOGROUP");
    });

    t.test("xReadGroup: NOACK, ENTRIESREAD, and BLOCK woken by xAdd", async () => {
      await c.xAdd("s", "1-0", { a: 1 });
      expect(await c.xGroupCreate("s", "g", "0", { ENTRIESREAD: 0 })).toBe("OK");
      expect(await c.xReadGroup("g", "c1", { s: ">" }, { NOACK: true })).toEqual({
        s: [{ id: "1-0", fields: { a: "1" } }],
      });
      expect((await c.xPending("s", "g")).pending).toBe(0);
      await using reader = createClient({ url: target.url, resp, commandTimeout: 20 });
      const waiting = reader.xReadGroup("g", "c2", { s: ">" }, { BLOCK: 0 });
      await blockedClients(c, 1);
      await c.xAdd("s", "2-0", { a: 2 });
      expect(await waiting).toEqual({ s: [{ id: "2-0", fields: { a: "2" } }] });
      expect(await c.xPending("s", "g")).toEqual({
        pending: 1,
        firstId: "2-0",
        lastId: "2-0",
        consumers: [{ name: "c2", pending: 1 }],
      });
    });

    t.test("stream methods in a pipeline", async () => {
      const results = await c
        .pipeline()
        .xAdd("s", "1-0", { a: 1 })
        .xLen("s")
        .xRange("s", "-", "+")
        .xRead({ s: 0 })
        .xTrim("s", { MAXLEN: 0 })
        .exec();
      expect(results).toEqual([
        [null, "1-0"],
        [null, 1],
        [null, [{ id: "1-0", fields: { a: "1" } }]],
        [null, { s: [{ id: "1-0", fields: { a: "1" } }] }],
        [null, 1],
      ]);
    });
  });
});
