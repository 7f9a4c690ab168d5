/**
 * EVAL & co. through a socketless server (test/support/local-server.ts): what the differential
 * suite cannot show — replies of the engine's own machinery (CLIENT REPLY OFF callers, SELECT
 * restore, error statistics counted once, MONITOR's `lua` lines, the script cache surviving
 * and SCRIPT FLUSH dropping compiled functions, KEYS/ARGV binary safety), plus the conversion
 * helpers in isolation.
 */
import { describe, expect, test } from "bun:test";
import { ERR } from "../../src/errors.ts";
import { errorText, toLongLong } from "../../src/scripting/convert.ts";
import { engineOf, lua51Wording } from "../../src/scripting/engine.ts";
import { LRAND48_MAX, Lrand48 } from "../../src/scripting/prng.ts";
import { FLAG_EVAL_COMPAT, FLAG_NO_WRITES, parseShebang, sha1hex } from "../../src/scripting/script-cache.ts";
import { localServer } from "../support/local-server.ts";

const enc = new TextEncoder();
/** Replies written outside a command (monitor feeds, woken clients) go out on a microtask. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("EVAL through the dispatcher", () => {
  test("INFO memory counts the cached scripts; SCRIPT FLUSH empties the cache", () => {
    const c = localServer().connect();
    const cached = () => /number_of_cached_scripts:(\d+)/.exec(c.send(["INFO", "memory"]))?.[1];
    expect(cached()).toBe("0");
    c.send(["SCRIPT", "LOAD", "return 1"]);
    c.send(["EVAL", "return 2", "0"]);
    c.send(["EVAL", "return 2", "0"]);
    expect(cached()).toBe("2");
    c.send(["SCRIPT", "FLUSH"]);
    expect(cached()).toBe("0");
  });

  test("a script's commands see its KEYS/ARGV bytes exactly, binary included", () => {
    const c = localServer().connect();
    const key = "k\x00\xff";
    expect(
      c.send([
        "EVAL",
        "redis.call('SET', KEYS[1], ARGV[1]) return redis.call('GET', KEYS[1])",
        "1",
        key,
        "v\r\n",
      ]),
    ).toBe("$3\r\nv\r\n\r\n");
    expect(c.send(["STRLEN", key])).toBe(":3\r\n");
  });

  test("SELECT inside a script is undone for the caller, and the script's db is used inside", () => {
    const c = localServer().connect();
    c.send(["SELECT", "2"]);
    expect(c.send(["EVAL", "redis.call('SELECT', 5) return redis.call('SET', 'x', '1')", "0"])).toBe(
      "+OK\r\n",
    );
    expect(c.send(["EXISTS", "x"])).toBe(":0\r\n");
    c.send(["SELECT", "5"]);
    expect(c.send(["EXISTS", "x"])).toBe(":1\r\n");
  });

  test("a caller with CLIENT REPLY OFF still lets its script read command replies", () => {
    const c = localServer().connect();
    c.send(["SET", "k", "v"]);
    expect(c.send(["CLIENT", "REPLY", "OFF"])).toBe("");
    expect(c.send(["EVAL", "redis.call('SET', 'copy', redis.call('GET', 'k')) return 1", "0"])).toBe("");
    c.send(["CLIENT", "REPLY", "ON"]);
    expect(c.send(["GET", "copy"])).toBe("$1\r\nv\r\n");
  });

  test("an error from redis.call is counted once in errorstats; the EVAL counts as failed", () => {
    const c = localServer().connect();
    c.send(["SET", "k", "v"]);
    c.send(["EVAL", "return redis.call('LPUSH', 'k', 'x')", "0"]);
    const info = c.send(["INFO", "errorstats"]);
    expect(info).toContain("errorstat_WRONGTYPE:count=1\r\n");
    const stats = c.send(["INFO", "commandstats"]);
    expect(stats).toMatch(/cmdstat_eval:calls=1,.*failed_calls=1/);
    expect(stats).toMatch(/cmdstat_lpush:calls=1,.*failed_calls=1/);
  });

  test("MONITOR shows EVAL first, then the script's commands as `lua`", async () => {
    const s = localServer();
    const mon = s.connect();
    const c = s.connect();
    expect(mon.send(["MONITOR"])).toBe("+OK\r\n");
    c.send(["EVAL", "redis.call('SET', 'a', '1') return redis.call('GET', 'a')", "0"]);
    await turn();
    const lines = mon.take().trim().split("\r\n");
    expect(lines.length).toBe(3);
    expect(lines[0]).toMatch(/^\+\d+\.\d+ \[0 127\.0\.0\.1:\d+\] "EVAL" /);
    expect(lines[1]).toMatch(/^\+\d+\.\d+ \[0 lua\] "SET" "a" "1"$/);
    expect(lines[2]).toMatch(/^\+\d+\.\d+ \[0 lua\] "GET" "a"$/);
  });

  test("EVAL caches its script; SCRIPT FLUSH forgets it and starts a fresh Lua state", () => {
    const s = localServer();
    const c = s.connect();
    const body = "return 7";
    const sha = sha1hex(enc.encode(body));
    expect(c.send(["EVAL", body, "0"])).toBe(":7\r\n");
    expect(c.send(["EVALSHA", sha, "0"])).toBe(":7\r\n");
    const engine = engineOf(s.server);
    const vm = engine.vm();
    expect(c.send(["SCRIPT", "FLUSH"])).toBe("+OK\r\n");
    expect(c.send(["EVALSHA", sha, "0"])).toBe(`-${ERR.noScript}\r\n`);
    expect(c.send(["EVAL", body, "0"])).toBe(":7\r\n");
    expect(engine.vm()).not.toBe(vm);
  });

  test("blocking commands answer at once inside a script", () => {
    const c = localServer().connect();
    expect(c.send(["EVAL", "return redis.call('BLMPOP', 0, 1, 'none', 'LEFT')", "0"])).toBe("$-1\r\n");
    c.send(["RPUSH", "l", "x"]);
    expect(c.send(["EVAL", "return redis.call('BLMPOP', 0, 1, 'l', 'LEFT')", "0"])).toBe(
      "*2\r\n$1\r\nl\r\n*1\r\n$1\r\nx\r\n",
    );
  });

  test("a script's write wakes a client blocked on the key after the script, not during it", async () => {
    const s = localServer();
    const waiter = s.connect();
    const c = s.connect();
    expect(waiter.send(["BLPOP", "q", "0"])).toBe("");
    expect(c.send(["EVAL", "redis.call('RPUSH', 'q', 'a') return redis.call('LLEN', 'q')", "0"])).toBe(
      ":1\r\n",
    );
    await turn();
    expect(waiter.take()).toBe("*2\r\n$1\r\nq\r\n$1\r\na\r\n");
  });

  test("KEYS and ARGV are fresh tables on every call", () => {
    const c = localServer().connect();
    expect(c.send(["EVAL", "ARGV[2] = 'x' return #ARGV", "0", "a"])).toBe(":2\r\n");
    expect(c.send(["EVAL", "return #ARGV", "0", "a"])).toBe(":1\r\n");
  });
});

describe("conversion and parsing helpers", () => {
  test("errorText follows luaPushErrorBuff", () => {
    expect(errorText("-MY err")).toBe("MY err");
    expect(errorText("plain")).toBe("ERR plain");
    expect(errorText("-ERR")).toBe("ERR ERR");
    expect(errorText("-")).toBe("ERR ");
    expect(errorText("-a b\r\n")).toBe("a b");
  });

  test("toLongLong truncates like C's (long long) cast on x86-64", () => {
    expect(toLongLong(3.99)).toBe(3);
    expect(toLongLong(-3.99)).toBe(-3);
    expect(toLongLong(2 ** 60)).toBe(2n ** 60n);
    expect(toLongLong(1e20)).toBe(-(2n ** 63n));
    expect(toLongLong(Number.NaN)).toBe(-(2n ** 63n));
  });

  test("Lua 5.3's variable info is rewritten in 5.1's order", () => {
    expect(lua51Wording("user_script:1: attempt to index a nil value (local 't')")).toBe(
      "user_script:1: attempt to index local 't' (a nil value)",
    );
    expect(lua51Wording("attempt to call a nil value (method 'bad')")).toBe(
      "attempt to call method 'bad' (a nil value)",
    );
    expect(lua51Wording("attempt to perform arithmetic on a table value")).toBe(
      "attempt to perform arithmetic on a table value",
    );
  });

  test("shebang parsing", () => {
    expect(parseShebang(enc.encode("return 1"))).toEqual({ flags: FLAG_EVAL_COMPAT, codeStart: 0 });
    expect(parseShebang(enc.encode("#!lua flags=no-writes\nreturn 1"))).toEqual({
      flags: FLAG_NO_WRITES,
      codeStart: 21,
    });
    expect(() => parseShebang(enc.encode("#!lua"))).toThrow(ERR.scriptShebangInvalid);
    expect(() => parseShebang(enc.encode("#!lua flags=x\n"))).toThrow(ERR.scriptShebangFlag("x"));
  });

  test("the PRNG is lrand48 from its standard seed (redis-server's first values)", () => {
    const p = new Lrand48();
    const r = () => (p.next() % LRAND48_MAX) / LRAND48_MAX;
    // Redis 7.0.15, fresh server: math.random() -> 0, math.random(100) -> 85, math.random(1,10) -> 4.
    expect(Math.floor(r())).toBe(0);
    expect(Math.floor(r() * 100) + 1).toBe(85);
    expect(Math.floor(r() * 10) + 1).toBe(4);
    p.seed(1);
    expect(r().toPrecision(14)).toBe("0.041630344484761");
  });
});
