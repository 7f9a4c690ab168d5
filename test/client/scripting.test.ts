/** Scripting and functions through the typed client, and the `client.script()` helper, in RESP2 and RESP3. */
import { afterAll, beforeAll, beforeEach, describe, expect } from "bun:test";
import { createClient, type RedbunClient, ReplyError } from "../../src/index.ts";
import { onTarget, startTarget, TARGETS, type Target } from "./target.ts";

/** `cmdstat_<name>` counters from INFO commandstats. */
async function cmdstat(c: RedbunClient, name: string): Promise<{ calls: number; failed: number }> {
  const line = (await c.info("commandstats")).split("\r\n").find((l) => l.startsWith(`cmdstat_${name}:`));
  if (line === undefined) return { calls: 0, failed: 0 };
  return {
    calls: Number(/calls=(\d+)/.exec(line)![1]),
    failed: Number(/failed_calls=(\d+)/.exec(line)![1]),
  };
}

const LIB = `#!lua name=mylib
redis.register_function{function_name='ro', callback=function(keys, args) return redis.call('GET', keys[1]) end, flags={'no-writes'}, description='reads a key'}
redis.register_function('rw', function(keys, args) return redis.call('SET', keys[1], args[1]) end)`;

async function rejection(p: Promise<unknown>): Promise<ReplyError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ReplyError);
    return e as ReplyError;
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
      await c.scriptFlush();
      await c.functionFlush();
    });

    t.test("eval: KEYS, ARGV and nested replies", async () => {
      expect(await c.eval("return {KEYS[1], ARGV[1], #KEYS, #ARGV}", ["k1", "k2"], ["a", 7])).toEqual([
        "k1",
        "a",
        2,
        2,
      ]);
      expect(await c.eval("return 'no keys'")).toBe("no keys");
      expect(await c.eval("return redis.call('SET', KEYS[1], ARGV[1])", ["k"], ["v"])).toBe("OK");
      expect(await c.eval("return redis.call('GET', KEYS[1])", ["k"])).toBe("v");
      expect(await c.eval("return nil")).toBeNull();
      expect(await c.eval("return {1, {2, {'three'}}}")).toEqual([1, [2, ["three"]]]);
    });

    t.test("eval: replies whose shape depends on the protocol", async () => {
      // Lua true is the integer 1, false nil; after setresp(3) they are booleans (RESP2: 1 and 0).
      expect(await c.eval("return true")).toBe(1);
      expect(await c.eval("return false")).toBeNull();
      expect(await c.eval("redis.setresp(3) return true")).toBe(resp === 3 ? true : 1);
      expect(await c.eval("redis.setresp(3) return false")).toBe(resp === 3 ? false : 0);
      expect(await c.eval("redis.setresp(3) return {double=1.5}")).toBe(resp === 3 ? 1.5 : "1.5");
      expect(await c.eval("redis.setresp(3) return {map={a=1}}")).toEqual(resp === 3 ? { a: 1 } : ["a", 1]);
    });

    t.test("eval: error replies reject, nested ones stay values", async () => {
      const e = await rejection(c.eval("return redis.error_reply('MYERR went wrong')"));
      expect(e.code).toBe("MYERR");
      expect(e.message).toBe("MYERR went wrong");
      const [ok, err] = (await c.eval("return {1, redis.error_reply('INNER bad')}")) as [number, ReplyError];
      expect(ok).toBe(1);
      expect(err).toBeInstanceOf(ReplyError);
      expect(err.message).toBe("INNER bad");
      const compile = await rejection(c.eval("return +"));
      expect(compile.code).toBe("ERR");
      expect(compile.message).toContain("Error compiling script");
    });

    t.test("evalRo and evalShaRo refuse writes", async () => {
      await c.set("k", "v");
      expect(await c.evalRo("return redis.call('GET', KEYS[1])", ["k"])).toBe("v");
      const e = await rejection(c.evalRo("return redis.call('SET', KEYS[1], 'x')", ["k"]));
      expect(e.message).toContain("Write commands are not allowed from read-only scripts");
      const sha = await c.scriptLoad("return redis.call('DEL', KEYS[1])");
      await rejection(c.evalShaRo(sha, ["k"]));
      expect(await c.get("k")).toBe("v");
    });

    t.test("scriptLoad, scriptExists, evalSha, scriptFlush", async () => {
      const body = "return ARGV[1] .. ARGV[2]";
      const sha = await c.scriptLoad(body);
      expect(sha).toBe(new Bun.CryptoHasher("sha1").update(body).digest("hex"));
      expect(await c.scriptExists(sha, "0".repeat(40))).toEqual([true, false]);
      expect(await c.evalSha(sha, [], ["a", "b"])).toBe("ab");
      expect(await c.evalSha(sha.toUpperCase(), [], ["c", "d"])).toBe("cd");
      expect(await c.scriptFlush("SYNC")).toBe("OK");
      expect(await c.scriptExists(sha)).toEqual([false]);
      expect((await rejection(c.evalSha(sha, [], ["a", "b"]))).code).toBe("NOSCRIPT");
      expect(await c.scriptFlush("ASYNC")).toBe("OK");
    });

    t.test("scriptKill: NOTBUSY when idle, stops a busy script", async () => {
      expect((await rejection(c.scriptKill())).code).toBe("NOTBUSY");
      await using runner = createClient({ url: target.url, resp });
      await c.configSet({ "busy-reply-threshold": 50 });
      try {
        const busy = runner.eval("while true do end");
        // The other connection sees BUSY once the script is past the threshold: then kill it.
        for (;;) {
          const r = await c.ping().catch((e: ReplyError) => e);
          if (r instanceof ReplyError) {
            expect(r.code).toBe("BUSY");
            break;
          }
        }
        expect(await c.scriptKill()).toBe("OK");
        const e = await rejection(busy);
        expect(e.message).toContain("Script killed by user with SCRIPT KILL");
      } finally {
        await c.configSet({ "busy-reply-threshold": 5000 });
      }
    });

    t.test("returnBuffers: script strings as bytes", async () => {
      await using b = createClient({ url: target.url, resp, returnBuffers: true });
      expect(await b.eval("return {ARGV[1], 5}", [], [new Uint8Array([0, 255])])).toEqual([
        new Uint8Array([0, 255]),
        5,
      ]);
      // The SHA1 is text whatever the option says.
      expect(await b.scriptLoad("return 1")).toBe("e0e1f9fabfc9d4800c877a703b823ac0578ff8db");
    });

    t.test("script(): one EVALSHA when cached, EVAL once when not", async () => {
      const incr = c.script("return redis.call('INCRBY', KEYS[1], ARGV[1])");
      expect(incr.sha).toBe(await c.scriptLoad(incr.body));
      await c.scriptFlush();
      await c.configResetStat();
      expect(await incr.run(["n"], [5])).toBe(5);
      expect(await cmdstat(c, "evalsha")).toEqual({ calls: 1, failed: 1 });
      expect((await cmdstat(c, "eval")).calls).toBe(1);
      expect(await c.scriptExists(incr.sha)).toEqual([true]);
      expect(await incr.run(["n"], [2])).toBe(7);
      expect(await cmdstat(c, "evalsha")).toEqual({ calls: 2, failed: 1 });
      expect((await cmdstat(c, "eval")).calls).toBe(1);
      // After SCRIPT FLUSH the helper sends the body again by itself.
      await c.scriptFlush();
      expect(await incr.run(["n"], [1])).toBe(8);
      expect((await cmdstat(c, "eval")).calls).toBe(2);
    });

    t.test("script(): other errors are not retried; a non-ASCII body has the server's SHA1", async () => {
      const bad = c.script("return redis.call('INCR', KEYS[1])");
      await c.set("s", "not a number");
      await c.configResetStat();
      expect((await rejection(bad.run(["s"]))).message).toContain("value is not an integer");
      expect((await cmdstat(c, "eval")).calls).toBe(1);
      expect((await rejection(bad.run(["s"]))).message).toContain("value is not an integer");
      expect((await cmdstat(c, "eval")).calls).toBe(1);
      const utf = c.script("return 'héllo ✓'");
      expect(await utf.run()).toBe("héllo ✓");
      expect(await c.scriptExists(utf.sha)).toEqual([true]);
    });

    t.test("script(): readOnly uses EVALSHA_RO / EVAL_RO", async () => {
      await c.set("k", "v");
      const get = c.script("return redis.call('GET', KEYS[1])", { readOnly: true });
      expect(await get.run(["k"])).toBe("v");
      expect(await get.run(["k"])).toBe("v");
      const write = c.script("return redis.call('SET', KEYS[1], 'x')", { readOnly: true });
      expect((await rejection(write.run(["k"]))).message).toContain("Write commands are not allowed");
      expect(await c.get("k")).toBe("v");
    });

    t.test("script() in a pipeline: load, then evalSha", async () => {
      const s = c.script("return redis.call('SET', KEYS[1], ARGV[1])");
      expect(await s.load()).toBe(s.sha);
      const results = await c.pipeline().evalSha(s.sha, ["p"], ["1"]).get("p").eval("return 42").exec();
      expect(results).toEqual([
        [null, "OK"],
        [null, "1"],
        [null, 42],
      ]);
    });

    t.test("functionLoad, fcall, fcallRo, functionList, functionDelete", async () => {
      expect(await c.functionLoad(LIB)).toBe("mylib");
      expect((await rejection(c.functionLoad(LIB))).message).toContain("'mylib' already exists");
      expect(await c.functionLoad(LIB, { REPLACE: true })).toBe("mylib");
      expect(await c.fcall("rw", ["k"], ["v1"])).toBe("OK");
      expect(await c.fcallRo("ro", ["k"])).toBe("v1");
      expect(await c.fcall("ro", ["k"], [])).toBe("v1");
      await rejection(c.fcallRo("rw", ["k"], ["v2"]));
      expect(await c.get("k")).toBe("v1");

      const [lib] = await c.functionList();
      expect(lib).toBeDefined();
      expect(lib!.libraryName).toBe("mylib");
      expect(lib!.engine).toBe("LUA");
      expect(lib!.libraryCode).toBeUndefined();
      // Redis lists a library's functions in hash order: compare by name.
      const byName = Object.fromEntries(lib!.functions.map((f) => [f.name, f]));
      expect(byName).toEqual({
        ro: { name: "ro", description: "reads a key", flags: ["no-writes"] },
        rw: { name: "rw", description: null, flags: [] },
      });
      const [withCode] = await c.functionList({ LIBRARYNAME: "my*", WITHCODE: true });
      expect(withCode!.libraryCode).toBe(LIB);
      expect(await c.functionList({ LIBRARYNAME: "other*" })).toEqual([]);

      expect(await c.functionDelete("mylib")).toBe("OK");
      expect(await c.functionList()).toEqual([]);
      expect((await rejection(c.fcall("rw", ["k"], ["x"]))).message).toContain("Function not found");
    });

    t.test("functionFlush keeps cached scripts, scriptFlush keeps functions", async () => {
      const sha = await c.scriptLoad("return 1");
      await c.functionLoad(LIB);
      expect(await c.functionFlush("SYNC")).toBe("OK");
      expect(await c.functionList()).toEqual([]);
      expect(await c.scriptExists(sha)).toEqual([true]);
      await c.functionLoad(LIB);
      await c.scriptFlush();
      expect((await c.functionList()).map((l) => l.libraryName)).toEqual(["mylib"]);
      expect(await c.functionFlush()).toBe("OK");
    });
  });
});
