/**
 * Config: defaults, canonical values, CONFIG SET validation with Redis 7.0's exact error texts
 * (taken from redis-server 7.0.15), CONFIG GET patterns, change listeners.
 */

import { describe, expect, test } from "bun:test";
import { Config, ConfigError } from "../../src/config/config.ts";
import { PARAMETERS } from "../../src/config/parameters.ts";

const failed = (arg: string, reason: string) =>
  `ERR CONFIG SET failed (possibly related to argument '${arg}') - ${reason}`;

function setError(config: Config, ...pairs: [string, string][]): string {
  try {
    config.setMany(pairs);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("expected CONFIG SET to fail");
}

describe("defaults", () => {
  test("CONFIG GET prints Redis's canonical defaults", () => {
    const c = new Config();
    expect(c.get("bind")).toBe("127.0.0.1");
    expect(c.get("port")).toBe("6379");
    expect(c.get("proto-max-bulk-len")).toBe("536870912");
    expect(c.get("client-query-buffer-limit")).toBe("1073741824");
    expect(c.get("client-output-buffer-limit")).toBe(
      "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60",
    );
    expect(c.get("appendonly")).toBe("no");
    expect(c.get("save")).toBe("");
    expect(c.get("loglevel")).toBe("notice");
    expect(c.get("maxmemory-policy")).toBe("noeviction");
    expect(c.get("unixsocketperm")).toBe("0");
    expect(c.get("lua-time-limit")).toBe("5000");
    expect(c.get("dir")).toBe(process.cwd());
  });

  test("every default in the table is valid for its own parameter", () => {
    const c = new Config();
    for (const p of PARAMETERS) expect(typeof c.get(p.name)).toBe("string");
  });

  test("getNumber: ints, memory, bools; non-numeric throws", () => {
    const c = new Config({ maxmemory: "2mb", appendonly: "no", unixsocketperm: "700" });
    expect(c.getNumber("maxmemory")).toBe(2 * 1024 * 1024);
    expect(c.getNumber("databases")).toBe(16);
    expect(c.getNumber("appendonly")).toBe(0);
    expect(c.get("unixsocketperm")).toBe("700");
    expect(c.getNumber("unixsocketperm")).toBe(0o700);
    expect(() => c.getNumber("requirepass")).toThrow(ConfigError);
    expect(() => c.getNumber("nope")).toThrow(ConfigError);
  });

  test("constructor rejects unknown names and bad values", () => {
    expect(() => new Config({ foo: "1" })).toThrow("Unknown option 'foo'");
    expect(() => new Config({ port: "x" })).toThrow(
      "Bad value for 'port': argument couldn't be parsed into an integer",
    );
  });
});

describe("memory values (Redis memtoull)", () => {
  const cases: [string, string][] = [
    ["0", "0"],
    ["1b", "1"],
    ["100k", "100000"],
    ["1kb", "1024"],
    ["1KB", "1024"],
    ["1kB", "1024"],
    ["2m", "2000000"],
    ["2mb", "2097152"],
    ["1g", "1000000000"],
    ["1Gb", "1073741824"],
    ["007", "7"],
    ["18446744073709551615", "18446744073709551615"],
  ];
  for (const [input, out] of cases) {
    test(`maxmemory ${input} -> ${out}`, () => {
      const c = new Config();
      c.set("maxmemory", input);
      expect(c.get("maxmemory")).toBe(out);
    });
  }
  for (const bad of ["1t", "-1", "1.5mb", "1 mb", " 5", "5 ", "1kbb", "0x10", "+5", "1e3"]) {
    test(`maxmemory '${bad}' is rejected`, () => {
      expect(setError(new Config(), ["maxmemory", bad])).toBe(
        failed("maxmemory", "argument must be a memory value"),
      );
    });
  }
  test("minimums", () => {
    expect(setError(new Config(), ["proto-max-bulk-len", "10"])).toBe(
      failed("proto-max-bulk-len", "argument must be between 1048576 and 9223372036854775807 inclusive"),
    );
    const c = new Config();
    c.set("proto-max-bulk-len", "2mb");
    expect(c.getNumber("proto-max-bulk-len")).toBe(2097152);
  });
});

describe("CONFIG SET errors match redis-server 7.0", () => {
  test("integers", () => {
    const c = new Config();
    for (const bad of ["abc", "1e3", "+5", "007", " 5", "-0", ""]) {
      expect(setError(c, ["timeout", bad])).toBe(
        failed("timeout", "argument couldn't be parsed into an integer"),
      );
    }
    expect(setError(c, ["timeout", "-1"])).toBe(
      failed("timeout", "argument must be between 0 and 2147483647 inclusive"),
    );
    expect(setError(c, ["maxclients", "0"])).toBe(
      failed("maxclients", "argument must be between 1 and 4294967295 inclusive"),
    );
  });

  test("bool and enum", () => {
    const c = new Config();
    expect(setError(c, ["loglevel", "foo"])).toBe(
      failed("loglevel", "argument(s) must be one of the following: debug, verbose, notice, warning"),
    );
    // Redis 7.2's `nothing` is refused, as 7.0 (the version we match) refuses it.
    expect(setError(c, ["loglevel", "nothing"])).toBe(
      failed("loglevel", "argument(s) must be one of the following: debug, verbose, notice, warning"),
    );
    c.set("loglevel", "WARNING");
    expect(c.get("loglevel")).toBe("warning");
    expect(setError(c, ["maxmemory-policy", "bar"])).toContain("volatile-lru, volatile-lfu,");
  });

  test("unknown, immutable, protected, duplicate", () => {
    const c = new Config();
    expect(setError(c, ["foo", "bar"])).toBe(
      "ERR Unknown option or number of arguments for CONFIG SET - 'foo'",
    );
    expect(setError(c, ["DATABASES", "3"])).toBe(failed("DATABASES", "can't set immutable config"));
    expect(setError(c, ["appendonly", "yes"])).toBe(failed("appendonly", "can't set immutable config"));
    expect(setError(c, ["dir", "/tmp"])).toBe(failed("dir", "can't set protected config"));
    expect(setError(c, ["hz", "5"], ["HZ", "6"])).toBe(failed("HZ", "duplicate parameter"));
  });

  test("value errors name the argument lower-cased, aliases as typed", () => {
    const c = new Config();
    expect(setError(c, ["Port", "x"])).toBe(failed("Port", "can't set immutable config"));
    expect(setError(c, ["LUA-time-limit", "abc"])).toBe(
      failed("lua-time-limit", "argument couldn't be parsed into an integer"),
    );
  });

  test("setMany is all or nothing", () => {
    const c = new Config();
    expect(setError(c, ["hz", "5"], ["timeout", "abc"])).toBe(
      failed("timeout", "argument couldn't be parsed into an integer"),
    );
    expect(c.get("hz")).toBe("10");
    c.setMany([
      ["hz", "5"],
      ["timeout", "30"],
    ]);
    expect([c.get("hz"), c.get("timeout")]).toEqual(["5", "30"]);
  });

  test("hz is clamped to 1..500 like Redis", () => {
    const c = new Config();
    c.set("hz", "0");
    expect(c.get("hz")).toBe("1");
    c.set("hz", "1000");
    expect(c.get("hz")).toBe("500");
  });

  test("alias sets the real parameter", () => {
    const c = new Config();
    c.set("lua-time-limit", "20");
    expect(c.get("busy-reply-threshold")).toBe("20");
  });
});

describe("special formats", () => {
  test("save", () => {
    const c = new Config();
    c.set("save", "100 1 200 2");
    expect(c.get("save")).toBe("100 1 200 2");
    for (const bad of ["100", "abc 1", "100 1 200", "  100   1  ", "-1 1"]) {
      expect(setError(c, ["save", bad])).toBe(failed("save", "Invalid save parameters"));
    }
    c.set("save", "");
    expect(c.get("save")).toBe("");
  });

  test("client-output-buffer-limit replaces only the classes given", () => {
    const c = new Config();
    c.set("client-output-buffer-limit", "normal 1mb 2k 3");
    expect(c.get("client-output-buffer-limit")).toBe(
      "normal 1048576 2000 3 slave 268435456 67108864 60 pubsub 33554432 8388608 60",
    );
    c.set("client-output-buffer-limit", "replica 1 2 3 normal 4 5 6");
    expect(c.get("client-output-buffer-limit")).toBe("normal 4 5 6 slave 1 2 3 pubsub 33554432 8388608 60");
    expect(setError(c, ["client-output-buffer-limit", "foo 1 2 3"])).toBe(
      failed("client-output-buffer-limit", "Invalid client class specified in buffer limit configuration."),
    );
    expect(setError(c, ["client-output-buffer-limit", "normal 1 2"])).toBe(
      failed("client-output-buffer-limit", "Wrong number of arguments in buffer limit configuration."),
    );
    expect(setError(c, ["client-output-buffer-limit", "normal 1 2 -3"])).toBe(
      failed(
        "client-output-buffer-limit",
        "Error in hard, soft or soft_seconds setting in buffer limit configuration.",
      ),
    );
  });

  test("notify-keyspace-events canonical order (as redis-server 7.0.15 prints it)", () => {
    const c = new Config();
    const cases: [string, string][] = [
      ["KEA", "AKE"],
      ["Ag", "A"],
      ["KA", "AK"],
      ["KEg", "gKE"],
      ["KEAmn", "AKEm"],
      ["mnd", "dnm"],
      ["xe", "xe"],
      ["nK", "nK"],
      ["", ""],
    ];
    for (const [input, out] of cases) {
      c.set("notify-keyspace-events", input);
      expect(c.get("notify-keyspace-events")).toBe(out);
    }
    // Redis prints no `n` after `A` but keeps the class on: the stored text keeps it.
    c.set("notify-keyspace-events", "KEAmn");
    expect(c.stored("notify-keyspace-events")).toBe("AnKEm");
    c.set("notify-keyspace-events", "nK");
    expect(c.stored("notify-keyspace-events")).toBe("nK");
    expect(setError(c, ["notify-keyspace-events", "Z"])).toBe(
      failed("notify-keyspace-events", "Invalid event class character. Use 'Ag$lshzxeKEtmdn'."),
    );
  });

  test("bind lists are normalised and capped at 16", () => {
    const c = new Config({ bind: "127.0.0.1   ::1" });
    expect(c.get("bind")).toBe("127.0.0.1 ::1");
    expect(() => new Config({ bind: Array.from({ length: 17 }, (_, i) => `10.0.0.${i}`).join(" ") })).toThrow(
      "Too many bind addresses specified.",
    );
  });
});

describe("match (CONFIG GET)", () => {
  test("glob patterns, case-insensitive, aliases included", () => {
    const c = new Config();
    expect(c.match("maxmemory*")).toEqual([
      ["maxmemory", "0"],
      ["maxmemory-policy", "noeviction"],
    ]);
    expect(c.match("H?")).toEqual([["hz", "10"]]);
    expect(c.match("[h]z")).toEqual([["hz", "10"]]);
    expect(c.match("lua*")).toEqual([["lua-time-limit", "5000"]]);
    expect(c.match("*threshold")).toEqual([["busy-reply-threshold", "5000"]]);
    expect(c.match("no-such-*")).toEqual([]);
    const all = c.match("*").map(([n]) => n);
    expect(all).toContain("lua-time-limit");
    expect(all).toContain("busy-reply-threshold");
    expect(all.length).toBe(PARAMETERS.length + 1);
  });

  test("exact names answer under the name as typed (Redis 7.0)", () => {
    const c = new Config();
    expect(c.match("Port")).toEqual([["Port", "6379"]]);
    expect(c.match("lua-time-limit")).toEqual([["lua-time-limit", "5000"]]);
    expect(c.match("nope")).toEqual([]);
  });
});

describe("onChange", () => {
  test("fires with the canonical name and value, only on change, and can unsubscribe", () => {
    const c = new Config();
    const seen: [string, string][] = [];
    const off = c.onChange((n, v) => seen.push([n, v]));
    c.set("lua-time-limit", "100");
    c.set("maxmemory", "1kb");
    c.set("maxmemory", "1024");
    expect(seen).toEqual([
      ["busy-reply-threshold", "100"],
      ["maxmemory", "1024"],
    ]);
    off();
    c.set("hz", "20");
    expect(seen.length).toBe(2);
  });

  test("a failed CONFIG SET fires nothing", () => {
    const c = new Config();
    let calls = 0;
    c.onChange(() => calls++);
    setError(c, ["hz", "5"], ["maxmemory", "x"]);
    expect(calls).toBe(0);
  });
});
