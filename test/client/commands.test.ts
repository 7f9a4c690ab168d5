/** Every typed method, against a live server, in RESP2 and RESP3. */
import { afterAll, beforeAll, beforeEach, describe, expect } from "bun:test";
import { createClient, type RedbunClient, ReplyError } from "../../src/index.ts";
import { GAP, onTarget, startTarget, TARGETS, type Target } from "./target.ts";

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

    t.test("negotiated protocol", () => {
      expect(c.protocol).toBe(resp);
    });

    t.test("ping, echo", async () => {
      expect(await c.ping()).toBe("PONG");
      expect(await c.ping("hey")).toBe("hey");
      expect(await c.echo("héllo")).toBe("héllo");
    });

    t.test("get, set and SET options", async () => {
      expect(await c.get("k")).toBeNull();
      expect(await c.set("k", "v")).toBe("OK");
      expect(await c.get("k")).toBe("v");
      expect(await c.set("k", "w", { NX: true })).toBeNull();
      expect(await c.set("k", "w", { XX: true, GET: true })).toBe("v");
      expect(await c.set("k", 42, { EX: 100 })).toBe("OK");
      expect(await c.ttl("k")).toBe(100);
      expect(await c.set("k", "x", { KEEPTTL: true })).toBe("OK");
      expect(await c.ttl("k")).toBe(100);
      expect(await c.set("k", "x", { PX: 5000 })).toBe("OK");
      expect(await c.pTtl("k")).toBeGreaterThan(4000);
      const at = Math.floor(Date.now() / 1000) + 1000;
      expect(await c.set("k", "y", { EXAT: at })).toBe("OK");
      expect(await c.expireTime("k")).toBe(at);
      expect(await c.set("k", "y", { PXAT: at * 1000 })).toBe("OK");
      expect(await c.pExpireTime("k")).toBe(at * 1000);
      expect(await c.set("missing", "z", { XX: true })).toBeNull();
    });

    t.test("setNX, setEX, pSetEX, getDel, getEx", async () => {
      expect(await c.setNX("k", "1")).toBe(1);
      expect(await c.setNX("k", "2")).toBe(0);
      expect(await c.setEX("e", 50, "v")).toBe("OK");
      expect(await c.ttl("e")).toBe(50);
      expect(await c.pSetEX("p", 50_000, "v")).toBe("OK");
      expect(await c.ttl("p")).toBe(50);
      expect(await c.getEx("p", { PERSIST: true })).toBe("v");
      expect(await c.ttl("p")).toBe(-1);
      expect(await c.getEx("p", { EX: 30 })).toBe("v");
      expect(await c.ttl("p")).toBe(30);
      expect(await c.getEx("nope")).toBeNull();
      expect(await c.getDel("k")).toBe("1");
      expect(await c.getDel("k")).toBeNull();
    });

    t.test("mGet, mSet (record and pairs)", async () => {
      expect(await c.mSet({ a: "1", b: 2 })).toBe("OK");
      expect(await c.mSet([["c", "3"]])).toBe("OK");
      expect(await c.mSet(new Map([["d", "4"]]))).toBe("OK");
      expect(await c.mGet("a", "b", "x", "c", "d")).toEqual(["1", "2", null, "3", "4"]);
    });

    t.test("incr, decr, incrBy, decrBy, append, strLen", async () => {
      expect(await c.incr("n")).toBe(1);
      expect(await c.incrBy("n", 10)).toBe(11);
      expect(await c.decr("n")).toBe(10);
      expect(await c.decrBy("n", 20)).toBe(-10);
      expect(await c.set("big", "9007199254740993")).toBe("OK");
      expect(await c.incr("big")).toBe(9007199254740994n);
      expect(await c.incrBy("big", 1n)).toBe(9007199254740995n);
      expect(await c.append("s", "ab")).toBe(2);
      expect(await c.append("s", "ç")).toBe(4);
      expect(await c.strLen("s")).toBe(4);
    });

    t.test("del, unlink, exists, type, keys, dbSize", async () => {
      await c.mSet({ a: "1", b: "2", c: "3" });
      expect(await c.exists("a", "b", "zz", "a")).toBe(3);
      expect(await c.type("a")).toBe("string");
      expect(await c.type("zz")).toBe("none");
      expect((await c.keys("*")).sort()).toEqual(["a", "b", "c"]);
      expect(await c.dbSize()).toBe(3);
      expect(await c.del("a", "zz")).toBe(1);
      expect(await c.unlink("b", "c")).toBe(2);
      expect(await c.dbSize()).toBe(0);
    });

    t.test("expire family, ttl, persist", async () => {
      await c.set("k", "v");
      expect(await c.expire("k", 100)).toBe(1);
      expect(await c.expire("k", 50, "GT")).toBe(0);
      expect(await c.expire("k", 50, "LT")).toBe(1);
      expect(await c.expire("k", 10, "NX")).toBe(0);
      expect(await c.ttl("k")).toBe(50);
      expect(await c.pExpire("k", 20_000, "XX")).toBe(1);
      expect(await c.ttl("k")).toBe(20);
      const at = Math.floor(Date.now() / 1000) + 500;
      expect(await c.expireAt("k", at)).toBe(1);
      expect(await c.expireTime("k")).toBe(at);
      expect(await c.pExpireAt("k", at * 1000 + 7)).toBe(1);
      expect(await c.pExpireTime("k")).toBe(at * 1000 + 7);
      expect(await c.persist("k")).toBe(1);
      expect(await c.persist("k")).toBe(0);
      expect(await c.ttl("k")).toBe(-1);
      expect(await c.ttl("missing")).toBe(-2);
      expect(await c.pTtl("missing")).toBe(-2);
      expect(await c.expireTime("missing")).toBe(-2);
      expect(await c.expire("missing", 10)).toBe(0);
    });

    t.test("flushDb, flushAll, select", async () => {
      await c.set("k", "v");
      expect(await c.select(1)).toBe("OK");
      expect(await c.get("k")).toBeNull();
      await c.set("k1", "v");
      expect(await c.flushDb("SYNC")).toBe("OK");
      expect(await c.dbSize()).toBe(0);
      expect(await c.select(0)).toBe("OK");
      expect(await c.get("k")).toBe("v");
      expect(await c.flushAll()).toBe("OK");
      expect(await c.dbSize()).toBe(0);
      await expect(c.select(99)).rejects.toThrow("ERR DB index is out of range");
    });

    t.test("publish and PUBSUB introspection", async () => {
      expect(await c.publish("nobody", "x")).toBe(0);
      await using other = createClient({ url: target.url, resp });
      const sub = await other.subscribe("chan.a", "chan.b");
      const psub = await other.psubscribe("chan.*");
      expect((await c.pubsubChannels()).sort()).toEqual(["chan.a", "chan.b"]);
      expect(await c.pubsubChannels("*.a")).toEqual(["chan.a"]);
      expect(await c.pubsubNumSub("chan.a", "none")).toEqual({ "chan.a": 1, none: 0 });
      expect(await c.pubsubNumPat()).toBe(1);
      expect(await c.publish("chan.a", "m")).toBe(2);
      await sub.unsubscribe();
      await psub.unsubscribe();
      expect(await c.pubsubNumPat()).toBe(0);
    });

    t.test("CLIENT commands", async () => {
      const id = await c.clientId();
      expect(id).toBeGreaterThan(0);
      expect(await c.clientGetName()).toBeNull();
      expect(await c.clientSetName("redbun-test")).toBe("OK");
      expect(await c.clientGetName()).toBe("redbun-test");
      const info = await c.clientInfo();
      expect(info).toContain(`id=${id} `);
      expect(info).toContain("name=redbun-test ");
      expect(info).toContain(`resp=${resp}`);
      expect(await c.clientList({ ID: [id] })).toContain(`id=${id} `);
      expect(await c.clientList({ TYPE: "normal" })).toContain("name=redbun-test ");
      expect(await c.clientNoEvict(true)).toBe("OK");
      expect(await c.clientNoEvict(false)).toBe("OK");
      expect(await c.clientKill({ ID: 999_999 })).toBe(0);
      expect(await c.clientSetName("")).toBe("OK");
      // CLIENT SETINFO and NO-TOUCH are Redis 7.2: accept either the new reply or the old error.
      for (const p of [c.clientSetInfo("LIB-NAME", "redbun"), c.clientNoTouch(false)]) {
        try {
          expect(await p).toBe("OK");
        } catch (e) {
          expect(e).toBeInstanceOf(ReplyError);
          expect((e as ReplyError).message).toMatch(/^ERR unknown subcommand/);
        }
      }
    });

    t.test("info, time", async () => {
      const info = await c.info("server");
      expect(info).toContain("# Server");
      expect(info).toMatch(/redis_version:\d+\.\d+/);
      const [s, us] = await c.time();
      expect(Math.abs(s - Date.now() / 1000)).toBeLessThan(5);
      expect(us).toBeGreaterThanOrEqual(0);
      expect(us).toBeLessThan(1_000_000);
    });

    t.test("config get, set (several at once), resetstat", async () => {
      expect(await c.configGet("maxmemory")).toEqual({ maxmemory: "0" });
      expect(await c.configSet({ timeout: 7, "proto-max-bulk-len": "2mb" })).toBe("OK");
      expect(await c.configGet("timeout", "proto-max-bulk-len")).toEqual({
        timeout: "7",
        "proto-max-bulk-len": "2097152",
      });
      expect(await c.configSet({ timeout: 0, "proto-max-bulk-len": "512mb" })).toBe("OK");
      expect(await c.configResetStat()).toBe("OK");
    });

    t.needs(GAP.evictionConfig)("config maxmemory-samples", async () => {
      expect(await c.configSet({ "maxmemory-samples": 7 })).toBe("OK");
      expect(await c.configGet("maxmemory-samples", "maxmemory")).toEqual({
        "maxmemory-samples": "7",
        maxmemory: "0",
      });
      expect(await c.configSet({ "maxmemory-samples": "5" })).toBe("OK");
    });

    t.test("command count", async () => {
      expect(await c.commandCount()).toBeGreaterThan(40);
    });

    t.test("command count: all of Redis's commands", async () => {
      expect(await c.commandCount()).toBeGreaterThan(100);
    });

    t.test("sendCommand decodes maps and sets", async () => {
      await c.sendCommand(["HSET", "h", "f1", "v1", "f2", "v2"]);
      const all = await c.sendCommand(["HGETALL", "h"]);
      if (resp === 3) expect(all).toEqual({ f1: "v1", f2: "v2" });
      else expect(all).toEqual(["f1", "v1", "f2", "v2"]);
      expect(await c.sendCommand(["SADD", "s", "x"])).toBe(1);
      expect(await c.sendCommand(["SMEMBERS", "s"])).toEqual(["x"]);
    });

    t.test("sendCommand decodes; sendRaw does not", async () => {
      await c.mSet({ a: "1", b: "2" });
      expect(await c.sendCommand(["MGET", "a", "nope", "b"])).toEqual(["1", null, "2"]);
      expect(await c.sendCommand(["INCRBY", "a", "41"])).toBe(42);
      const raw = await c.sendRaw(["GET", "nope"]);
      expect(raw).toBeNull();
      await c.set("k", "v");
      const bytes = await c.sendRaw(["GET", "k"]);
      expect(bytes).toEqual(new Uint8Array([118]));
      await expect(c.sendCommand(["SUBSCRIBE", "x"])).rejects.toThrow(
        "SUBSCRIBE is not supported by sendCommand",
      );
    });

    t.test("WRONGTYPE errors reject with ReplyError and the code", async () => {
      await c.sendCommand(["LPUSH", "list", "x"]);
      const err = await c.get("list").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ReplyError);
      expect((err as ReplyError).message).toBe(
        "WRONGTYPE Operation against a key holding the wrong kind of value",
      );
      expect((err as ReplyError).code).toBe("WRONGTYPE");
      await expect(c.incr("list")).rejects.toThrow("WRONGTYPE");
      expect(await c.ping()).toBe("PONG");
    });

    t.test("error replies reject with ReplyError and the server's text", async () => {
      await c.set("text", "abc");
      const err = await c.incr("text").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ReplyError);
      expect((err as ReplyError).message).toBe("ERR value is not an integer or out of range");
      expect((err as ReplyError).code).toBe("ERR");
      await expect(c.sendCommand(["NOSUCHCMD", "a"])).rejects.toThrow(
        "ERR unknown command 'NOSUCHCMD', with args beginning with: 'a' ",
      );
      // The connection is still in step after errors.
      expect(await c.ping()).toBe("PONG");
    });

    t.test("returnBuffers: bulk replies as bytes, text replies still text", async () => {
      await using b = createClient({ url: target.url, resp, returnBuffers: true });
      await b.set("bin", new Uint8Array([0, 200, 255]));
      expect(await b.get("bin")).toEqual(new Uint8Array([0, 200, 255]));
      expect(await b.get("none")).toBeNull();
      expect(await b.mGet("bin", "none")).toEqual([new Uint8Array([0, 200, 255]), null]);
      expect(await b.type("bin")).toBe("string");
      expect(await b.set("bin", "x", { GET: true })).toEqual(new Uint8Array([0, 200, 255]));
      expect(await b.sendCommand(["GET", "bin"])).toEqual(new Uint8Array([120]));
    });

    t.test("auth with a password set, and via the URL", async () => {
      await c.configSet({ requirepass: "s3cret" });
      try {
        await using a = createClient({ url: target.url, resp, reconnect: false });
        await expect(a.get("k")).rejects.toThrow(/^NOAUTH/);
        expect(await a.auth("s3cret")).toBe("OK");
        expect(await a.ping()).toBe("PONG");
        await using u = createClient({
          url: target.url.replace("redis://", "redis://default:s3cret@"),
          resp,
        });
        expect(await u.ping()).toBe("PONG");
        expect(u.protocol).toBe(resp);
        await using bad = createClient({ url: target.url, resp, password: "wrong" });
        await expect(bad.connect()).rejects.toThrow(/^WRONGPASS/);
        expect(bad.status).toBe("idle");
      } finally {
        await c.configSet({ requirepass: "" });
      }
    });

    t.test("name and db from the options are applied on connect", async () => {
      await using n = createClient({ url: `${target.url}/3`, resp, name: "named" });
      expect(await n.clientGetName()).toBe("named");
      await n.set("in3", "yes");
      expect(await c.get("in3")).toBeNull();
      await c.select(3);
      expect(await c.get("in3")).toBe("yes");
      await c.select(0);
    });

    t.test("reset restores the configured state", async () => {
      await using r = createClient({ url: `${target.url}/2`, resp, name: "before" });
      await r.select(4);
      await r.clientSetName("changed");
      const [reset, after] = await Promise.all([r.reset(), r.clientGetName()]);
      expect(reset).toBe("RESET");
      expect(after).toBe("before");
      expect(await r.clientInfo()).toContain(" db=2 ");
      expect(r.protocol).toBe(resp);
    });
  });
});
