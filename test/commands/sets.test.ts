import { describe, expect, test } from "bun:test";
import { ERR } from "../../src/errors.ts";
import { bulkItems, type LocalClient, localServer } from "../support/local-server.ts";

const err = (m: string) => `-${m}\r\n`;
const int = (n: number) => `:${n}\r\n`;
const bulk = (s: string) => `$${s.length}\r\n${s}\r\n`;
const arr = (...items: string[]) => `*${items.length}\r\n${items.map(bulk).join("")}`;
const set3 = (...items: string[]) => `~${items.length}\r\n${items.map(bulk).join("")}`;

/** The members of a set/array reply of bulk strings, sorted (member order is unspecified). */
const members = (reply: string): string[] => bulkItems(reply).sort();

/** A client plus the keyspace events (`event key`) the commands report. */
function setup(resp: 2 | 3 = 2) {
  const { server, connect } = localServer();
  const events: string[] = [];
  server.keyChanged = (_db: number, key: string, event: string) => {
    events.push(`${event} ${key}`);
  };
  const c = connect();
  if (resp === 3) c.send(["HELLO", "3"]);
  const drain = () => events.splice(0);
  return { c, events: drain };
}

function fill(c: LocalClient, key: string, ...ms: string[]) {
  expect(c.send(["SADD", key, ...ms])).toBe(int(ms.length));
}

describe("SADD / SREM / SCARD / SISMEMBER / SMISMEMBER", () => {
  test("add, count, test and remove; the empty set is deleted", () => {
    const { c, events } = setup();
    expect(c.send(["SADD", "s", "a", "b", "a"])).toBe(int(2));
    expect(c.send(["SADD", "s", "a"])).toBe(int(0));
    expect(events()).toEqual(["sadd s"]);
    expect(c.send(["SCARD", "s"])).toBe(int(2));
    expect(c.send(["SCARD", "nokey"])).toBe(int(0));
    expect(c.send(["TYPE", "s"])).toBe("+set\r\n");
    expect(c.send(["SISMEMBER", "s", "a"])).toBe(int(1));
    expect(c.send(["SISMEMBER", "s", "z"])).toBe(int(0));
    expect(c.send(["SISMEMBER", "nokey", "a"])).toBe(int(0));
    expect(c.send(["SMISMEMBER", "s", "a", "z", "b"])).toBe("*3\r\n:1\r\n:0\r\n:1\r\n");
    expect(c.send(["SMISMEMBER", "nokey", "a"])).toBe("*1\r\n:0\r\n");
    expect(c.send(["SREM", "s", "z"])).toBe(int(0));
    expect(c.send(["SREM", "nokey", "z"])).toBe(int(0));
    expect(events()).toEqual([]);
    expect(c.send(["SREM", "s", "a"])).toBe(int(1));
    expect(events()).toEqual(["srem s"]);
    expect(c.send(["SREM", "s", "b", "b", "c"])).toBe(int(1));
    expect(events()).toEqual(["srem s", "del s"]);
    expect(c.send(["EXISTS", "s"])).toBe(int(0));
  });

  test("RESP3: SMISMEMBER stays integers", () => {
    const { c } = setup(3);
    fill(c, "s", "a");
    expect(c.send(["SMISMEMBER", "s", "a", "b"])).toBe("*2\r\n:1\r\n:0\r\n");
    expect(c.send(["SISMEMBER", "s", "a"])).toBe(int(1));
  });

  test("binary and empty members, growing past the small form", () => {
    const { c } = setup();
    expect(c.send(["SADD", "s", "", "\u0000", "a\r\nb"])).toBe(int(3));
    expect(c.send(["SISMEMBER", "s", ""])).toBe(int(1));
    expect(c.send(["SISMEMBER", "s", "a\r\nb"])).toBe(int(1));
    const many = Array.from({ length: 40 }, (_, i) => `m${i}`);
    expect(c.send(["SADD", "s", ...many])).toBe(int(40));
    expect(c.send(["SCARD", "s"])).toBe(int(43));
    expect(c.send(["SREM", "s", ...many.slice(0, 39)])).toBe(int(39));
    expect(members(c.send(["SMEMBERS", "s"]))).toEqual(["", "\u0000", "a\r\nb", "m39"].sort());
  });

  test("arity and WRONGTYPE", () => {
    const { c } = setup();
    expect(c.send(["SADD", "s"])).toBe(err(ERR.wrongArity("sadd")));
    expect(c.send(["SREM", "s"])).toBe(err(ERR.wrongArity("srem")));
    expect(c.send(["SCARD"])).toBe(err(ERR.wrongArity("scard")));
    expect(c.send(["SISMEMBER", "s"])).toBe(err(ERR.wrongArity("sismember")));
    expect(c.send(["SMISMEMBER", "s"])).toBe(err(ERR.wrongArity("smismember")));
    c.send(["SET", "str", "v"]);
    for (const cmd of [
      ["SADD", "str", "a"],
      ["SREM", "str", "a"],
      ["SCARD", "str"],
      ["SISMEMBER", "str", "a"],
      ["SMISMEMBER", "str", "a"],
      ["SMEMBERS", "str"],
      ["SPOP", "str"],
      ["SPOP", "str", "2"],
      ["SRANDMEMBER", "str"],
      ["SRANDMEMBER", "str", "-2"],
      ["SINTER", "str"],
      ["SUNION", "str"],
      ["SDIFF", "str"],
      ["SINTERCARD", "1", "str"],
    ]) {
      expect(c.send(cmd)).toBe(err(ERR.wrongType));
    }
    expect(c.send(["GET", "str"])).toBe(bulk("v"));
  });
});

describe("SMEMBERS", () => {
  test("an array in RESP2, a set in RESP3; missing keys are empty", () => {
    const r2 = setup(2).c;
    fill(r2, "s", "a");
    expect(r2.send(["SMEMBERS", "s"])).toBe(arr("a"));
    expect(r2.send(["SMEMBERS", "nokey"])).toBe("*0\r\n");
    const r3 = setup(3).c;
    fill(r3, "s", "a");
    expect(r3.send(["SMEMBERS", "s"])).toBe(set3("a"));
    expect(r3.send(["SMEMBERS", "nokey"])).toBe("~0\r\n");
    fill(r3, "t", "x", "y", "z");
    const reply = r3.send(["SMEMBERS", "t"]);
    expect(reply.startsWith("~3\r\n")).toBe(true);
    expect(members(reply)).toEqual(["x", "y", "z"]);
  });
});

describe("SPOP", () => {
  test("without a count: one member, nil when missing, the key deleted when emptied", () => {
    const { c, events } = setup();
    expect(c.send(["SPOP", "nokey"])).toBe("$-1\r\n");
    fill(c, "s", "only");
    events();
    expect(c.send(["SPOP", "s"])).toBe(bulk("only"));
    expect(events()).toEqual(["spop s", "del s"]);
    expect(c.send(["EXISTS", "s"])).toBe(int(0));
    fill(c, "s", "a", "b", "c");
    const got = [c.send(["SPOP", "s"]), c.send(["SPOP", "s"])].map((r) => r.split("\r\n")[1]!);
    expect(new Set(got).size).toBe(2);
    for (const m of got) expect(["a", "b", "c"]).toContain(m);
    expect(c.send(["SCARD", "s"])).toBe(int(1));
    expect(c.send(["SADD", "s", "a", "b", "c"])).toBe(int(2));
  });

  test("with a count: a set reply (RESP3 `~`), the whole set deletes the key", () => {
    for (const resp of [2, 3] as const) {
      const { c, events } = setup(resp);
      const head = resp === 3 ? "~" : "*";
      expect(c.send(["SPOP", "nokey", "2"])).toBe(`${head}0\r\n`);
      fill(c, "s", "a", "b", "c", "d", "e");
      events();
      expect(c.send(["SPOP", "s", "0"])).toBe(`${head}0\r\n`);
      expect(events()).toEqual([]);
      const two = c.send(["SPOP", "s", "2"]);
      expect(two.startsWith(`${head}2\r\n`)).toBe(true);
      expect(events()).toEqual(["spop s"]);
      const popped = members(two);
      expect(new Set(popped).size).toBe(2);
      expect(c.send(["SCARD", "s"])).toBe(int(3));
      expect(c.send(["SMISMEMBER", "s", ...popped])).toBe("*2\r\n:0\r\n:0\r\n");
      const rest = c.send(["SPOP", "s", "10"]);
      expect(rest.startsWith(`${head}3\r\n`)).toBe(true);
      expect([...members(rest), ...popped].sort()).toEqual(["a", "b", "c", "d", "e"]);
      // redis-server 7.0.15 publishes `spop`, then `del` (test/compat/notifications.test.ts).
      expect(events()).toEqual(["spop s", "del s"]);
      expect(c.send(["EXISTS", "s"])).toBe(int(0));
    }
  });

  test("count errors come before the type check", () => {
    const { c } = setup();
    fill(c, "s", "a");
    c.send(["SET", "str", "v"]);
    expect(c.send(["SPOP", "s", "-1"])).toBe(err(ERR.mustBePositive));
    expect(c.send(["SPOP", "s", "x"])).toBe(err(ERR.mustBePositive));
    expect(c.send(["SPOP", "str", "-1"])).toBe(err(ERR.mustBePositive));
    expect(c.send(["SPOP", "s", "1", "2"])).toBe(err(ERR.syntax));
    expect(c.send(["SPOP"])).toBe(err(ERR.wrongArity("spop")));
    expect(c.send(["SPOP", "s", "9223372036854775807"])).toBe(arr("a"));
  });
});

describe("SRANDMEMBER", () => {
  test("without a count, and with counts of every sign; the set is unchanged", () => {
    const { c, events } = setup();
    expect(c.send(["SRANDMEMBER", "nokey"])).toBe("$-1\r\n");
    expect(c.send(["SRANDMEMBER", "nokey", "3"])).toBe("*0\r\n");
    fill(c, "one", "x");
    expect(c.send(["SRANDMEMBER", "one"])).toBe(bulk("x"));
    expect(c.send(["SRANDMEMBER", "one", "-3"])).toBe(arr("x", "x", "x"));
    expect(c.send(["SRANDMEMBER", "one", "3"])).toBe(arr("x"));
    const five = ["a", "b", "c", "d", "e"];
    fill(c, "s", ...five);
    events();
    expect(c.send(["SRANDMEMBER", "s", "0"])).toBe("*0\r\n");
    for (const n of [1, 2, 3, 4]) {
      const got = members(c.send(["SRANDMEMBER", "s", String(n)]));
      expect(got.length).toBe(n);
      expect(new Set(got).size).toBe(n);
      for (const m of got) expect(five).toContain(m);
    }
    expect(members(c.send(["SRANDMEMBER", "s", "5"]))).toEqual(five);
    expect(members(c.send(["SRANDMEMBER", "s", "50"]))).toEqual(five);
    const repeats = members(c.send(["SRANDMEMBER", "s", "-12"]));
    expect(repeats.length).toBe(12);
    for (const m of repeats) expect(five).toContain(m);
    expect(c.send(["SCARD", "s"])).toBe(int(5));
    expect(events()).toEqual([]);
  });

  test("an array even in RESP3", () => {
    const { c } = setup(3);
    fill(c, "s", "a");
    expect(c.send(["SRANDMEMBER", "s", "2"])).toBe(arr("a"));
    expect(c.send(["SRANDMEMBER", "s", "-2"])).toBe(arr("a", "a"));
    expect(c.send(["SRANDMEMBER", "nokey", "2"])).toBe("*0\r\n");
    expect(c.send(["SRANDMEMBER", "nokey"])).toBe("_\r\n");
  });

  test("count errors", () => {
    const { c } = setup();
    fill(c, "s", "a");
    expect(c.send(["SRANDMEMBER", "s", "x"])).toBe(err(ERR.notInteger));
    expect(c.send(["SRANDMEMBER", "s", "-9223372036854775808"])).toBe(
      err("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"),
    );
    expect(c.send(["SRANDMEMBER", "s", "1", "2"])).toBe(err(ERR.syntax));
  });
});

describe("SMOVE", () => {
  test("moves, creates the destination, deletes an emptied source", () => {
    const { c, events } = setup();
    expect(c.send(["SMOVE", "nokey", "d", "a"])).toBe(int(0));
    fill(c, "src", "a", "b");
    events();
    expect(c.send(["SMOVE", "src", "dst", "z"])).toBe(int(0));
    expect(c.send(["SMOVE", "src", "src", "a"])).toBe(int(1));
    expect(c.send(["SMOVE", "src", "src", "z"])).toBe(int(0));
    expect(events()).toEqual([]);
    expect(c.send(["SMOVE", "src", "dst", "a"])).toBe(int(1));
    expect(events()).toEqual(["srem src", "sadd dst"]);
    expect(c.send(["SMEMBERS", "dst"])).toBe(arr("a"));
    c.send(["SADD", "dst", "b"]);
    events();
    expect(c.send(["SMOVE", "src", "dst", "b"])).toBe(int(1));
    expect(events()).toEqual(["srem src", "del src"]);
    expect(c.send(["EXISTS", "src"])).toBe(int(0));
    expect(members(c.send(["SMEMBERS", "dst"]))).toEqual(["a", "b"]);
  });

  test("WRONGTYPE on either key, except when the source is missing", () => {
    const { c } = setup();
    c.send(["SET", "str", "v"]);
    fill(c, "s", "a");
    expect(c.send(["SMOVE", "nokey", "str", "a"])).toBe(int(0));
    expect(c.send(["SMOVE", "s", "str", "a"])).toBe(err(ERR.wrongType));
    expect(c.send(["SMOVE", "str", "s", "a"])).toBe(err(ERR.wrongType));
    expect(c.send(["SISMEMBER", "s", "a"])).toBe(int(1));
    expect(c.send(["SMOVE", "s", "d"])).toBe(err(ERR.wrongArity("smove")));
  });
});

describe("SINTER / SUNION / SDIFF and their STORE forms", () => {
  test("results, as sets in RESP3", () => {
    for (const resp of [2, 3] as const) {
      const { c } = setup(resp);
      const head = resp === 3 ? "~" : "*";
      fill(c, "a", "1", "2", "3", "4");
      fill(c, "b", "3", "4", "5");
      fill(c, "c", "4", "5", "6");
      const check = (cmd: string[], want: string[]) => {
        const reply = c.send(cmd);
        expect(reply.startsWith(`${head}${want.length}\r\n`)).toBe(true);
        expect(members(reply)).toEqual(want.sort());
      };
      check(["SINTER", "a", "b"], ["3", "4"]);
      check(["SINTER", "a", "b", "c"], ["4"]);
      check(["SINTER", "a", "nokey"], []);
      check(["SINTER", "a", "a"], ["1", "2", "3", "4"]);
      check(["SUNION", "a", "c", "nokey"], ["1", "2", "3", "4", "5", "6"]);
      check(["SUNION", "nokey"], []);
      check(["SDIFF", "a", "b"], ["1", "2"]);
      check(["SDIFF", "a", "b", "c"], ["1", "2"]);
      check(["SDIFF", "a", "a"], []);
      check(["SDIFF", "nokey", "a"], []);
      check(["SDIFF", "a", "nokey"], ["1", "2", "3", "4"]);
    }
  });

  test("SDIFF on large sets, whichever strategy it picks", () => {
    const { c } = setup();
    const big = Array.from({ length: 300 }, (_, i) => `m${i}`);
    fill(c, "big", ...big);
    fill(c, "small", "m1", "m2", "zz");
    expect(members(c.send(["SDIFF", "small", "big"]))).toEqual(["zz"]);
    const rest = members(c.send(["SDIFF", "big", "small"]));
    expect(rest.length).toBe(298);
    expect(rest).not.toContain("m1");
    expect(c.send(["SINTERCARD", "2", "big", "small"])).toBe(int(2));
  });

  test("STORE: replaces any destination (TTL dropped), deletes it on an empty result", () => {
    const { c, events } = setup();
    fill(c, "a", "1", "2", "3");
    fill(c, "b", "2", "3", "4");
    c.send(["SET", "dst", "v", "EX", "100"]);
    events();
    expect(c.send(["SINTERSTORE", "dst", "a", "b"])).toBe(int(2));
    expect(events()).toEqual(["sinterstore dst"]);
    expect(c.send(["TTL", "dst"])).toBe(int(-1));
    expect(members(c.send(["SMEMBERS", "dst"]))).toEqual(["2", "3"]);
    expect(c.send(["SUNIONSTORE", "dst", "a", "b"])).toBe(int(4));
    expect(c.send(["SDIFFSTORE", "dst", "a", "b"])).toBe(int(1));
    expect(events()).toEqual(["sunionstore dst", "sdiffstore dst"]);
    expect(c.send(["SMEMBERS", "dst"])).toBe(arr("1"));
    expect(c.send(["SINTERSTORE", "dst", "a", "nokey"])).toBe(int(0));
    expect(events()).toEqual(["del dst"]);
    expect(c.send(["EXISTS", "dst"])).toBe(int(0));
    expect(c.send(["SUNIONSTORE", "dst", "nokey"])).toBe(int(0));
    expect(events()).toEqual([]);
    // A stored copy is independent of its source; the destination may be a source.
    expect(c.send(["SUNIONSTORE", "copy", "a"])).toBe(int(3));
    c.send(["SADD", "copy", "x"]);
    expect(c.send(["SISMEMBER", "a", "x"])).toBe(int(0));
    expect(c.send(["SDIFFSTORE", "a", "a", "b"])).toBe(int(1));
    expect(c.send(["SMEMBERS", "a"])).toBe(arr("1"));
    c.send(["SET", "str", "v"]);
    expect(c.send(["SINTERSTORE", "dst", "a", "str"])).toBe(err(ERR.wrongType));
    expect(c.send(["SDIFFSTORE", "dst", "nokey", "str"])).toBe(err(ERR.wrongType));
    expect(c.send(["SUNIONSTORE", "dst"])).toBe(err(ERR.wrongArity("sunionstore")));
  });

  test("WRONGTYPE anywhere wins over a missing key", () => {
    const { c } = setup();
    c.send(["SET", "str", "v"]);
    expect(c.send(["SINTER", "nokey", "str"])).toBe(err(ERR.wrongType));
    expect(c.send(["SDIFF", "nokey", "str"])).toBe(err(ERR.wrongType));
    expect(c.send(["SINTERCARD", "2", "nokey", "str"])).toBe(err(ERR.wrongType));
  });
});

describe("SINTERCARD", () => {
  test("counts, LIMIT, and every error", () => {
    const { c } = setup();
    fill(c, "a", "1", "2", "3", "4");
    fill(c, "b", "2", "3", "4", "5");
    expect(c.send(["SINTERCARD", "2", "a", "b"])).toBe(int(3));
    expect(c.send(["SINTERCARD", "1", "a"])).toBe(int(4));
    expect(c.send(["SINTERCARD", "2", "a", "nokey"])).toBe(int(0));
    expect(c.send(["SINTERCARD", "2", "a", "b", "LIMIT", "2"])).toBe(int(2));
    expect(c.send(["SINTERCARD", "2", "a", "b", "limit", "0"])).toBe(int(3));
    expect(c.send(["SINTERCARD", "2", "a", "b", "LIMIT", "9"])).toBe(int(3));
    expect(c.send(["SINTERCARD", "0", "a"])).toBe(err(ERR.numkeysNotPositive));
    expect(c.send(["SINTERCARD", "x", "a"])).toBe(err(ERR.numkeysNotPositive));
    expect(c.send(["SINTERCARD", "3", "a", "b"])).toBe(err(ERR.numkeysTooMany));
    expect(c.send(["SINTERCARD", "2", "a", "b", "LIMIT", "-1"])).toBe(err(ERR.limitNegative));
    expect(c.send(["SINTERCARD", "2", "a", "b", "LIMIT", "x"])).toBe(err(ERR.limitNegative));
    expect(c.send(["SINTERCARD", "2", "a", "b", "LIMIT"])).toBe(err(ERR.syntax));
    expect(c.send(["SINTERCARD", "1", "a", "b"])).toBe(err(ERR.syntax));
    expect(c.send(["SINTERCARD", "1"])).toBe(err(ERR.wrongArity("sintercard")));
  });
});
