/** Implicit pipelining (one write per tick, FIFO replies) and the explicit pipeline() batch. */
import { afterAll, beforeAll, describe, expect } from "bun:test";
import { createClient, type Pipeline, ReplyError } from "../../src/index.ts";
import { startProxy } from "./proxy.ts";
import { onTarget, startTarget, TARGETS, type Target } from "./target.ts";

describe.each(TARGETS)("%s", (name) => {
  const t = onTarget(name);
  let target: Target;
  beforeAll(async () => {
    target = await startTarget(name);
  });
  afterAll(() => target.close());

  describe.each([2, 3] as const)("RESP%d", (resp) => {
    t.test("1000 concurrent calls: replies in order", async () => {
      await using c = createClient({ url: target.url, resp });
      await c.del(`ctr${resp}`);
      const calls: Promise<unknown>[] = [];
      for (let i = 0; i < 1000; i++) {
        calls.push(c.incr(`ctr${resp}`));
        calls.push(c.set(`k${resp}:${i}`, `v${i}`));
        calls.push(c.get(`k${resp}:${i}`));
      }
      const results = await Promise.all(calls);
      for (let i = 0; i < 1000; i++) {
        expect(results[3 * i]).toBe(i + 1);
        expect(results[3 * i + 1]).toBe("OK");
        expect(results[3 * i + 2]).toBe(`v${i}`);
      }
    });

    t.test("commands issued in one tick go out in one write", async () => {
      using proxy = startProxy(target.port);
      await using c = createClient({ url: proxy.url, resp });
      await c.connect();
      const before = proxy.chunks;
      const pongs = await Promise.all(Array.from({ length: 1000 }, () => c.ping()));
      expect(pongs.every((p) => p === "PONG")).toBe(true);
      const batched = proxy.chunks - before;
      // 14 KB in one write: the server reads it in one or two chunks, never one per command.
      expect(batched).toBeLessThanOrEqual(2);
      expect(proxy.bytes).toBeGreaterThanOrEqual(14_000);
      const mark = proxy.chunks;
      for (let i = 0; i < 5; i++) await c.ping();
      expect(proxy.chunks - mark).toBe(5);
    });

    t.test("commands issued before connecting are queued and sent in order", async () => {
      await using c = createClient({ url: target.url, resp });
      const a = c.set(`q${resp}`, "1");
      const b = c.incr(`q${resp}`);
      const d = c.get(`q${resp}`);
      expect(c.status).toBe("connecting");
      expect(await Promise.all([a, b, d])).toEqual(["OK", 2, "2"]);
      expect(c.status).toBe("ready");
    });

    t.test("writes larger than the socket buffer are finished on drain, in order", async () => {
      await using c = createClient({ url: target.url, resp, returnBuffers: true });
      const big = new Uint8Array(16 * 1024 * 1024).map((_, i) => i % 251);
      const [set, len, back, after] = await Promise.all([
        c.set(`big${resp}`, big),
        c.strLen(`big${resp}`),
        c.get(`big${resp}`),
        c.echo("after"),
      ]);
      expect(set).toBe("OK");
      expect(len).toBe(big.length);
      expect(Buffer.compare(back!, big)).toBe(0);
      expect(after).toEqual(new TextEncoder().encode("after"));
      await c.del(`big${resp}`);
    });

    t.test("explicit pipeline: per-command errors with strings only", async () => {
      await using c = createClient({ url: target.url, resp });
      await c.del(`sp${resp}`, `st${resp}`);
      const p = c
        .pipeline()
        .set(`st${resp}`, "text")
        .get(`st${resp}`)
        .incr(`st${resp}`)
        .incrBy(`sp${resp}`, 5);
      const results = await p.sendCommand(["MGET", `st${resp}`, `sp${resp}`]).exec();
      expect(results.length).toBe(5);
      expect(results[0]).toEqual([null, "OK"]);
      expect(results[1]).toEqual([null, "text"]);
      const [err, value] = results[2];
      expect(err).toBeInstanceOf(ReplyError);
      expect(err?.message).toBe("ERR value is not an integer or out of range");
      expect(value).toBeUndefined();
      expect(results[3]).toEqual([null, 5]);
      expect(results[4]).toEqual([null, ["text", "5"]]);
    });

    t.test("explicit pipeline: typed results and per-command errors", async () => {
      await using c = createClient({ url: target.url, resp });
      await c.del(`p${resp}`, `l${resp}`);
      await c.sendCommand(["RPUSH", `l${resp}`, "x"]);
      const p = c.pipeline().set(`p${resp}`, "1").get(`p${resp}`).incr(`l${resp}`).incrBy(`p${resp}`, 5);
      expect(p.length).toBe(4);
      const results = await p.sendCommand(["LRANGE", `l${resp}`, 0, -1]).exec();
      expect(results.length).toBe(5);
      expect(results[0]).toEqual([null, "OK"]);
      expect(results[1]).toEqual([null, "1"]);
      const [err, value] = results[2];
      expect(err).toBeInstanceOf(ReplyError);
      expect(err?.message).toBe("WRONGTYPE Operation against a key holding the wrong kind of value");
      expect(value).toBeUndefined();
      expect(results[3]).toEqual([null, 6]);
      expect(results[4]).toEqual([null, ["x"]]);
      expect(p.length).toBe(0);
      expect(await c.pipeline().exec()).toEqual([]);
    });

    t.test("an explicit pipeline is one write", async () => {
      using proxy = startProxy(target.port);
      await using c = createClient({ url: proxy.url, resp });
      await c.connect();
      const before = proxy.chunks;
      // Each method adds to the same pipeline and returns it; a loop just ignores the typed tuple.
      const p = c.pipeline() as Pipeline<string, string[]>;
      for (let i = 0; i < 200; i++) p.ping();
      const out = await p.exec();
      expect(out.length).toBe(200);
      expect(out.every(([e, v]) => e === null && v === "PONG")).toBe(true);
      expect(proxy.chunks - before).toBe(1);
    });
  });
});
