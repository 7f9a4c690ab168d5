/**
 * The client's `cache` option against redis-server and redbun, RESP3 (invalidation pushes on
 * the same connection) and RESP2 (a second connection subscribed to `__redis__:invalidate`):
 * hits, invalidation by other clients and by our own writes, FLUSHALL, MGET composed from
 * cached keys, reconnects; and the in-flight race on ClientCache itself.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ClientCache } from "../../src/client/cache.ts";
import { createClient, type RedbunClient } from "../../src/index.ts";
import { onTarget, startTarget, TARGETS, type Target } from "./target.ts";

/** Invalidations reach a RESP2 client on another socket: wait for them to be counted. */
async function until(cond: () => boolean): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for an invalidation");
    await new Promise((r) => setImmediate(r));
  }
}

describe.each(TARGETS)("%s", (name) => {
  const t = onTarget(name);
  let target: Target;
  let admin: RedbunClient;
  beforeAll(async () => {
    target = await startTarget(name);
    admin = createClient(target.url);
  });
  afterAll(async () => {
    await admin.close();
    await target.close();
  });

  describe.each([2, 3] as const)("RESP%d", (resp) => {
    /** Another client's write reached us once the invalidation count moved. */
    async function invalidatedAfter(c: RedbunClient, write: () => Promise<unknown>): Promise<void> {
      const before = c.cacheStats().invalidations;
      await write();
      await until(() => c.cacheStats().invalidations > before);
    }

    t.test("reads before the connection is up go to the server uncached", async () => {
      await using c = createClient({ url: target.url, resp, cache: true });
      expect(await c.get(`early${resp}`)).toBeNull();
      expect(c.cacheStats()).toEqual({ hits: 0, misses: 0, invalidations: 0, size: 0 });
      expect(await c.get(`early${resp}`)).toBeNull();
      expect(c.cacheStats()).toMatchObject({ misses: 1, size: 1 });
    });

    t.test("GET is answered locally until another client changes the key", async () => {
      await using c = createClient({ url: target.url, resp, cache: true });
      await c.connect();
      await admin.set(`k${resp}`, "v1");
      expect(await c.get(`k${resp}`)).toBe("v1");
      expect(await c.get(`k${resp}`)).toBe("v1");
      expect(c.cacheStats()).toEqual({ hits: 1, misses: 1, invalidations: 0, size: 1 });
      await invalidatedAfter(c, () => admin.set(`k${resp}`, "v2"));
      expect(c.cacheStats().size).toBe(0);
      expect(await c.get(`k${resp}`)).toBe("v2");
      expect(await c.get(`k${resp}`)).toBe("v2");
      expect(c.cacheStats()).toMatchObject({ hits: 2, misses: 2 });
      // a missing key is cached too, and so is its creation's invalidation
      expect(await c.get(`none${resp}`)).toBeNull();
      expect(await c.get(`none${resp}`)).toBeNull();
      await invalidatedAfter(c, () => admin.set(`none${resp}`, "now"));
      expect(await c.get(`none${resp}`)).toBe("now");
      await admin.del(`k${resp}`, `none${resp}`);
    });

    t.test("our own writes invalidate what we cached", async () => {
      await using c = createClient({ url: target.url, resp, cache: true });
      await c.connect();
      await c.set(`own${resp}`, "a");
      expect(await c.get(`own${resp}`)).toBe("a");
      await invalidatedAfter(c, () => c.set(`own${resp}`, "b"));
      expect(await c.get(`own${resp}`)).toBe("b");
      await c.del(`own${resp}`);
    });

    t.test("HGET, HGETALL, STRLEN, EXISTS and MGET are cached and invalidated", async () => {
      await using c = createClient({ url: target.url, resp, cache: true });
      await c.connect();
      const h = `h${resp}`;
      const s = `s${resp}`;
      await admin.sendCommand(["HSET", h, "f", "1", "g", "2"]);
      await admin.set(s, "abc");
      expect(await c.hGet(h, "f")).toBe("1");
      expect(await c.hGetAll(h)).toEqual({ f: "1", g: "2" });
      expect(await c.strLen(s)).toBe(3);
      expect(await c.exists(s)).toBe(1);
      const misses = c.cacheStats().misses;
      expect(await c.hGet(h, "f")).toBe("1");
      const all = await c.hGetAll(h);
      expect(all).toEqual({ f: "1", g: "2" });
      // the cached object is rebuilt for each caller: changing it changes nothing cached
      all.f = "changed";
      expect(await c.hGetAll(h)).toEqual({ f: "1", g: "2" });
      expect(await c.strLen(s)).toBe(3);
      expect(await c.exists(s)).toBe(1);
      expect(c.cacheStats().misses).toBe(misses);
      // EXISTS of several keys is not cached
      expect(await c.exists(s, h)).toBe(2);
      expect(c.cacheStats().misses).toBe(misses);
      await invalidatedAfter(c, () => admin.sendCommand(["HSET", h, "f", "9"]));
      expect(await c.hGet(h, "f")).toBe("9");
      expect(await c.hGetAll(h)).toEqual({ f: "9", g: "2" });
      // MGET: from the GET cache when every key is there, else one MGET that fills it
      expect(await c.get(s)).toBe("abc");
      const before = c.cacheStats();
      expect(await c.mGet(s, `missing${resp}`)).toEqual(["abc", null]);
      expect(await c.mGet(s, `missing${resp}`)).toEqual(["abc", null]);
      expect(c.cacheStats().misses).toBe(before.misses + 1);
      expect(c.cacheStats().hits).toBe(before.hits + 1);
      await invalidatedAfter(c, () => admin.append(s, "d"));
      expect(await c.strLen(s)).toBe(4);
      expect(await c.mGet(s, `missing${resp}`)).toEqual(["abcd", null]);
      await admin.del(h, s);
    });

    t.test("FLUSHALL drops everything; maxEntries keeps the most recently used", async () => {
      await using c = createClient({ url: target.url, resp, cache: { maxEntries: 2 } });
      await c.connect();
      await admin.mSet({ [`a${resp}`]: "1", [`b${resp}`]: "2", [`c${resp}`]: "3" });
      await c.get(`a${resp}`);
      await c.get(`b${resp}`);
      await c.get(`a${resp}`);
      await c.get(`c${resp}`);
      expect(c.cacheStats().size).toBe(2);
      const hits = c.cacheStats().hits;
      await c.get(`a${resp}`);
      expect(c.cacheStats().hits).toBe(hits + 1);
      await invalidatedAfter(c, () => admin.sendCommand(["FLUSHALL"]));
      expect(c.cacheStats().size).toBe(0);
      expect(await c.get(`a${resp}`)).toBeNull();
    });

    t.test("a reconnect empties the cache and turns tracking on again", async () => {
      const clientName = `cache-reconnect-${resp}`;
      await using c = createClient({ url: target.url, resp, cache: true, name: clientName });
      await c.connect();
      await admin.set(`r${resp}`, "1");
      expect(await c.get(`r${resp}`)).toBe("1");
      expect(c.cacheStats().size).toBe(1);
      await admin.sendCommand(["CLIENT", "KILL", "SKIPME", "yes", "TYPE", "normal"]);
      // the next command waits for the new connection (and its tracking) before it runs
      await until(() => c.status === "reconnecting" || c.cacheStats().size === 0);
      const redirect = await c.sendCommand(["CLIENT", "GETREDIR"]);
      if (resp === 3) expect(redirect).toBe(0);
      else expect(redirect).toBeGreaterThan(0);
      expect(c.cacheStats().size).toBe(0);
      expect(await c.get(`r${resp}`)).toBe("1");
      await invalidatedAfter(c, () => admin.set(`r${resp}`, "2"));
      expect(await c.get(`r${resp}`)).toBe("2");
      await admin.del(`r${resp}`);
    });
  });

  t.test("without the option nothing is cached or tracked", async () => {
    await using c = createClient({ url: target.url });
    await c.get("plain");
    await c.get("plain");
    expect(c.cacheStats()).toEqual({ hits: 0, misses: 0, invalidations: 0, size: 0 });
    expect(await c.sendCommand(["CLIENT", "GETREDIR"])).toBe(-1);
  });
});

describe("ClientCache", () => {
  test("a reply whose key was invalidated on the way is returned but not kept", () => {
    const cache = new ClientCache();
    const token = cache.begin(["k"]);
    cache.invalidate(["k"]);
    cache.keep(token, "k", "get:k", "stale");
    cache.end(["k"]);
    expect(cache.get("get:k")).toBeUndefined();
    // the next read of the key is kept again
    const next = cache.begin(["k"]);
    cache.keep(next, "k", "get:k", "fresh");
    cache.end(["k"]);
    expect(cache.get("get:k")).toEqual({ value: "fresh" });
  });

  test("a flush or a reconnect while a read is on the way: not kept either", () => {
    const cache = new ClientCache();
    let token = cache.begin(["a"]);
    cache.invalidate(null);
    cache.keep(token, "a", "get:a", 1);
    cache.end(["a"]);
    expect(cache.has("get:a")).toBe(false);
    token = cache.begin(["a"]);
    cache.clear();
    cache.keep(token, "a", "get:a", 1);
    cache.end(["a"]);
    expect(cache.has("get:a")).toBe(false);
  });

  test("an invalidation drops every entry of the key (GET, HGET, HGETALL alike)", () => {
    const cache = new ClientCache();
    const token = cache.begin(["h"]);
    cache.keep(token, "h", "hGet:1:hf", "1");
    cache.keep(token, "h", "hGetAll:h", { f: "1" }, (v) => ({ ...(v as object) }));
    cache.end(["h"]);
    expect(cache.stats().size).toBe(2);
    cache.invalidate(["other", "h"]);
    expect(cache.stats()).toEqual({ hits: 0, misses: 0, invalidations: 1, size: 0 });
  });

  test("options are checked", () => {
    expect(() => new ClientCache({ maxEntries: 0 })).toThrow(TypeError);
    expect(() => new ClientCache({ ttlMs: -1 })).toThrow(TypeError);
  });
});
