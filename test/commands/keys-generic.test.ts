/**
 * Socketless tests for RENAME, RENAMENX, COPY, MOVE, SWAPDB, RANDOMKEY, TOUCH, OBJECT, SORT,
 * SORT_RO, DUMP and RESTORE. Collections are put into the Db directly, so these tests do not
 * depend on the list, hash, set and sorted-set commands.
 */
import { describe, expect, test } from "bun:test";
import type { Keyspace } from "../../src/db/keyspace.ts";
import { RedisHash } from "../../src/db/types/hash.ts";
import { RedisList } from "../../src/db/types/list.ts";
import { RedisSet } from "../../src/db/types/set.ts";
import { RedisZSet } from "../../src/db/types/zset.ts";
import { ERR } from "../../src/errors.ts";
import { localServer } from "../support/local-server.ts";

const err = (m: string) => `-${m}\r\n`;
const bulk = (s: string) => `$${Buffer.byteLength(s, "latin1")}\r\n${s}\r\n`;
const arr = (...items: (string | null)[]) =>
  `*${items.length}\r\n${items.map((s) => (s === null ? "$-1\r\n" : bulk(s))).join("")}`;
const bytes = (s: string) => Buffer.from(s, "latin1");

const list = (...items: string[]) => {
  const l = new RedisList();
  for (const s of items) l.pushBack(bytes(s));
  return l;
};
const hash = (...pairs: string[]) => {
  const h = new RedisHash();
  for (let i = 0; i < pairs.length; i += 2) h.set(pairs[i]!, bytes(pairs[i + 1]!));
  return h;
};
const zset = (...pairs: [string, number][]) => {
  const z = new RedisZSet();
  for (const [m, s] of pairs) z.add(m, s);
  return z;
};

function setup() {
  const local = localServer();
  const db = (i = 0): Keyspace => local.server.dbs.db(i);
  return { ...local, db, c: local.connect() };
}

describe("RENAME / RENAMENX", () => {
  test("the value and its TTL move; the destination's TTL goes", () => {
    const { c } = setup();
    c.send(["SET", "a", "1", "EX", "100"]);
    c.send(["SET", "b", "2", "EX", "500"]);
    expect(c.send(["RENAME", "a", "b"])).toBe("+OK\r\n");
    expect(c.send(["EXISTS", "a"])).toBe(":0\r\n");
    expect(c.send(["GET", "b"])).toBe(bulk("1"));
    expect(c.send(["TTL", "b"])).toBe(":100\r\n");
    c.send(["SET", "c", "3"]);
    expect(c.send(["RENAME", "b", "c"])).toBe("+OK\r\n");
    expect(c.send(["TTL", "c"])).toBe(":100\r\n");
    c.send(["SET", "p", "x"]);
    expect(c.send(["RENAME", "p", "c"])).toBe("+OK\r\n");
    expect(c.send(["TTL", "c"])).toBe(":-1\r\n");
  });

  test("same name, missing key, RENAMENX", () => {
    const { c } = setup();
    expect(c.send(["RENAME", "none", "x"])).toBe(err(ERR.noSuchKey));
    expect(c.send(["RENAME", "none", "none"])).toBe(err(ERR.noSuchKey));
    expect(c.send(["RENAMENX", "none", "x"])).toBe(err(ERR.noSuchKey));
    c.send(["SET", "a", "1"]);
    expect(c.send(["RENAME", "a", "a"])).toBe("+OK\r\n");
    expect(c.send(["RENAMENX", "a", "a"])).toBe(":0\r\n");
    c.send(["SET", "b", "2"]);
    expect(c.send(["RENAMENX", "a", "b"])).toBe(":0\r\n");
    expect(c.send(["GET", "a"])).toBe(bulk("1"));
    expect(c.send(["RENAMENX", "a", "z"])).toBe(":1\r\n");
    expect(c.send(["MGET", "a", "z"])).toBe(arr(null, "1"));
    expect(c.send(["RENAME", "a"])).toBe(err(ERR.wrongArity("rename")));
  });

  test("collections are renamed as they are", () => {
    const { c, db } = setup();
    const l = list("x", "y");
    db().set("l", l);
    expect(c.send(["RENAME", "l", "m"])).toBe("+OK\r\n");
    expect(db().get("m")).toBe(l);
    expect(c.send(["TYPE", "l"])).toBe("+none\r\n");
  });
});

describe("COPY", () => {
  test("strings, TTL, REPLACE, DB", () => {
    const { c } = setup();
    c.send(["SET", "a", "v", "EX", "100"]);
    expect(c.send(["COPY", "a", "b"])).toBe(":1\r\n");
    expect(c.send(["GET", "b"])).toBe(bulk("v"));
    expect(c.send(["TTL", "b"])).toBe(":100\r\n");
    c.send(["SET", "a", "w"]);
    expect(c.send(["GET", "b"])).toBe(bulk("v"));
    expect(c.send(["COPY", "a", "b"])).toBe(":0\r\n");
    expect(c.send(["COPY", "a", "b", "REPLACE"])).toBe(":1\r\n");
    expect(c.send(["GET", "b"])).toBe(bulk("w"));
    expect(c.send(["TTL", "b"])).toBe(":-1\r\n");
    expect(c.send(["COPY", "a", "a", "DB", "3"])).toBe(":1\r\n");
    c.send(["SELECT", "3"]);
    expect(c.send(["GET", "a"])).toBe(bulk("w"));
    expect(c.send(["COPY", "a", "a", "db", "0"])).toBe(":0\r\n");
    expect(c.send(["COPY", "a", "a", "db", "0", "replace"])).toBe(":1\r\n");
    expect(c.send(["COPY", "none", "x"])).toBe(":0\r\n");
  });

  test("errors", () => {
    const { c } = setup();
    c.send(["SET", "a", "v"]);
    expect(c.send(["COPY", "a", "a"])).toBe(err(ERR.sameObject));
    expect(c.send(["COPY", "a", "a", "DB", "0"])).toBe(err(ERR.sameObject));
    expect(c.send(["COPY", "none", "none"])).toBe(err(ERR.sameObject));
    expect(c.send(["COPY", "a", "b", "DB"])).toBe(err(ERR.syntax));
    expect(c.send(["COPY", "a", "b", "FOO"])).toBe(err(ERR.syntax));
    expect(c.send(["COPY", "a", "b", "DB", "x"])).toBe(err(ERR.notInteger));
    expect(c.send(["COPY", "a", "b", "DB", "16"])).toBe(err(ERR.dbIndexOutOfRange));
    expect(c.send(["COPY", "a", "b", "DB", "-1"])).toBe(err(ERR.dbIndexOutOfRange));
    expect(c.send(["COPY", "a", "b", "DB", "9999999999"])).toBe(
      err(ERR.outOfRangeBetween("-2147483648", "2147483647")),
    );
    expect(c.send(["COPY", "a"])).toBe(err(ERR.wrongArity("copy")));
  });

  test("collections are deep copies: changing one never shows in the other", () => {
    const { c, db } = setup();
    const l = list("a", "b");
    const h = hash("f", "1", "g", "2");
    const s = RedisSet.of(["x", "y"]);
    const z = zset(["m", 1], ["n", 2]);
    db().set("l", l);
    db().set("h", h);
    db().set("s", s);
    db().set("z", z);
    for (const k of ["l", "h", "s", "z"]) expect(c.send(["COPY", k, `${k}2`])).toBe(":1\r\n");
    const l2 = db().get("l2") as RedisList;
    const h2 = db().get("h2") as RedisHash;
    const s2 = db().get("s2") as RedisSet;
    const z2 = db().get("z2") as RedisZSet;
    expect(l2).not.toBe(l);
    l.pushBack(bytes("c"));
    l2.set(0, bytes("A"));
    expect(l.range(0, -1).map((b) => Buffer.from(b).toString())).toEqual(["a", "b", "c"]);
    expect(l2.range(0, -1).map((b) => Buffer.from(b).toString())).toEqual(["A", "b"]);
    h.set("f", bytes("changed"));
    h2.delete("g");
    expect(Buffer.from(h2.get("f")!).toString()).toBe("1");
    expect(h.has("g")).toBe(true);
    s.add("z");
    s2.delete("x");
    expect([...s].sort()).toEqual(["x", "y", "z"]);
    expect([...s2]).toEqual(["y"]);
    z.add("m", 10);
    z2.remove("n");
    expect([...z]).toEqual([
      ["n", 2],
      ["m", 10],
    ]);
    expect([...z2]).toEqual([["m", 1]]);
  });
});

describe("MOVE", () => {
  test("moves the key and its TTL", () => {
    const { c } = setup();
    c.send(["SET", "a", "v", "EX", "100"]);
    expect(c.send(["MOVE", "a", "1"])).toBe(":1\r\n");
    expect(c.send(["EXISTS", "a"])).toBe(":0\r\n");
    c.send(["SELECT", "1"]);
    expect(c.send(["GET", "a"])).toBe(bulk("v"));
    expect(c.send(["TTL", "a"])).toBe(":100\r\n");
    c.send(["SELECT", "0"]);
    c.send(["SET", "a", "other"]);
    expect(c.send(["MOVE", "a", "1"])).toBe(":0\r\n");
    expect(c.send(["GET", "a"])).toBe(bulk("other"));
    expect(c.send(["MOVE", "none", "1"])).toBe(":0\r\n");
  });

  test("errors", () => {
    const { c } = setup();
    c.send(["SET", "a", "v"]);
    expect(c.send(["MOVE", "a", "0"])).toBe(err(ERR.sameObject));
    expect(c.send(["MOVE", "none", "0"])).toBe(err(ERR.sameObject));
    expect(c.send(["MOVE", "a", "x"])).toBe(err(ERR.notInteger));
    expect(c.send(["MOVE", "a", "16"])).toBe(err(ERR.dbIndexOutOfRange));
    expect(c.send(["MOVE", "a", "-1"])).toBe(err(ERR.dbIndexOutOfRange));
    expect(c.send(["MOVE", "a", "2147483648"])).toBe(err(ERR.outOfRangeBetween("-2147483648", "2147483647")));
  });
});

describe("SWAPDB", () => {
  test("exchanges two databases for every client", () => {
    const { connect } = setup();
    const a = connect();
    const b = connect();
    a.send(["SET", "k", "in0"]);
    b.send(["SELECT", "1"]);
    b.send(["SET", "k", "in1"]);
    expect(a.send(["SWAPDB", "0", "1"])).toBe("+OK\r\n");
    expect(a.send(["GET", "k"])).toBe(bulk("in1"));
    expect(b.send(["GET", "k"])).toBe(bulk("in0"));
    expect(a.send(["SWAPDB", "0", "0"])).toBe("+OK\r\n");
    expect(a.send(["GET", "k"])).toBe(bulk("in1"));
  });

  test("errors", () => {
    const { c } = setup();
    expect(c.send(["SWAPDB", "x", "1"])).toBe(err(ERR.invalidFirstDb));
    expect(c.send(["SWAPDB", "0", "x"])).toBe(err(ERR.invalidSecondDb));
    expect(c.send(["SWAPDB", "x", "y"])).toBe(err(ERR.invalidFirstDb));
    expect(c.send(["SWAPDB", "9999999999", "0"])).toBe(err(ERR.invalidFirstDb));
    expect(c.send(["SWAPDB", "0", "16"])).toBe(err(ERR.dbIndexOutOfRange));
    expect(c.send(["SWAPDB", "-1", "0"])).toBe(err(ERR.dbIndexOutOfRange));
    expect(c.send(["SWAPDB", "0"])).toBe(err(ERR.wrongArity("swapdb")));
  });
});

describe("RANDOMKEY / TOUCH", () => {
  test("random key, nil when empty", () => {
    const { c } = setup();
    expect(c.send(["RANDOMKEY"])).toBe("$-1\r\n");
    c.send(["SET", "only", "v"]);
    expect(c.send(["RANDOMKEY"])).toBe(bulk("only"));
    c.send(["SET", "other", "v"]);
    expect([bulk("only"), bulk("other")]).toContain(c.send(["RANDOMKEY"]));
    c.send(["FLUSHALL"]);
    c.send(["HELLO", "3"]);
    expect(c.send(["RANDOMKEY"])).toBe("_\r\n");
    expect(c.send(["RANDOMKEY", "x"])).toBe(err(ERR.wrongArity("randomkey")));
  });

  test("TOUCH counts existing keys, repeats included", () => {
    const { c, clock } = setup();
    c.send(["SET", "a", "1"]);
    c.send(["SET", "b", "1", "PX", "10"]);
    expect(c.send(["TOUCH", "a", "b", "a", "none"])).toBe(":3\r\n");
    clock.advance(11);
    expect(c.send(["TOUCH", "a", "b"])).toBe(":1\r\n");
    expect(c.send(["TOUCH"])).toBe(err(ERR.wrongArity("touch")));
  });
});

describe("OBJECT", () => {
  test("string encodings", () => {
    const { c } = setup();
    const enc = (v: string) => {
      c.send(["SET", "k", v]);
      return c.send(["OBJECT", "ENCODING", "k"]);
    };
    expect(enc("12345")).toBe(bulk("int"));
    expect(enc("-9223372036854775808")).toBe(bulk("int"));
    expect(enc("9223372036854775808")).toBe(bulk("embstr"));
    expect(enc("007")).toBe(bulk("embstr"));
    expect(enc("-0")).toBe(bulk("embstr"));
    expect(enc("+1")).toBe(bulk("embstr"));
    expect(enc("x".repeat(44))).toBe(bulk("embstr"));
    expect(enc("x".repeat(45))).toBe(bulk("raw"));
    expect(c.send(["OBJECT", "ENCODING", "none"])).toBe("$-1\r\n");
  });

  test("collection encodings and their thresholds; no way back once big", () => {
    const { c, db } = setup();
    const enc = (k: string) => c.send(["OBJECT", "ENCODING", k]);
    db().set("l", list("a"));
    expect(enc("l")).toBe(bulk("quicklist"));

    const h = hash();
    for (let i = 0; i < 512; i++) h.set(`f${i}`, bytes("v"));
    db().set("h", h);
    expect(enc("h")).toBe(bulk("listpack"));
    h.set("f512", bytes("v"));
    expect(enc("h")).toBe(bulk("hashtable"));
    h.delete("f512");
    expect(enc("h")).toBe(bulk("hashtable"));
    db().set("h2", hash("f", "x".repeat(64)));
    expect(enc("h2")).toBe(bulk("listpack"));
    db().set("h3", hash("f", "x".repeat(65)));
    expect(enc("h3")).toBe(bulk("hashtable"));
    db().set("h4", hash("x".repeat(65), "v"));
    expect(enc("h4")).toBe(bulk("hashtable"));

    const s = RedisSet.of(Array.from({ length: 512 }, (_, i) => String(i - 100)));
    db().set("s", s);
    expect(enc("s")).toBe(bulk("intset"));
    s.add("512");
    expect(enc("s")).toBe(bulk("hashtable"));
    db().set("s2", RedisSet.of(["1", "9223372036854775807"]));
    expect(enc("s2")).toBe(bulk("intset"));
    db().set("s3", RedisSet.of(["1", "a"]));
    expect(enc("s3")).toBe(bulk("hashtable"));
    db().set("s4", RedisSet.of(["01"]));
    expect(enc("s4")).toBe(bulk("hashtable"));

    const z = zset();
    for (let i = 0; i < 128; i++) z.add(`m${i}`, i);
    db().set("z", z);
    expect(enc("z")).toBe(bulk("listpack"));
    z.add("m128", 1);
    expect(enc("z")).toBe(bulk("skiplist"));
    z.remove("m128");
    expect(enc("z")).toBe(bulk("skiplist"));
    db().set("z2", zset(["x".repeat(65), 1]));
    expect(enc("z2")).toBe(bulk("skiplist"));
    // COPY keeps the encoding, SORT converts a sorted set to a skip list.
    expect(c.send(["COPY", "z", "z3"])).toBe(":1\r\n");
    expect(enc("z3")).toBe(bulk("skiplist"));
    db().set("z4", zset(["a", 1]));
    expect(enc("z4")).toBe(bulk("listpack"));
    c.send(["SORT", "z4", "ALPHA"]);
    expect(enc("z4")).toBe(bulk("skiplist"));
  });

  test("REFCOUNT, IDLETIME, FREQ, HELP and errors", () => {
    const { c, db } = setup();
    c.send(["SET", "small", "9999"]);
    c.send(["SET", "big", "10000"]);
    c.send(["SET", "text", "abc"]);
    db().set("l", list("a"));
    expect(c.send(["OBJECT", "REFCOUNT", "small"])).toBe(":2147483647\r\n");
    expect(c.send(["OBJECT", "REFCOUNT", "big"])).toBe(":1\r\n");
    expect(c.send(["OBJECT", "REFCOUNT", "text"])).toBe(":1\r\n");
    expect(c.send(["OBJECT", "REFCOUNT", "l"])).toBe(":1\r\n");
    expect(c.send(["OBJECT", "REFCOUNT", "none"])).toBe("$-1\r\n");
    expect(c.send(["OBJECT", "IDLETIME", "text"])).toBe(":0\r\n");
    expect(c.send(["OBJECT", "FREQ", "text"])).toBe(err(ERR.lfuNotSelected));
    expect(c.send(["OBJECT", "FREQ", "none"])).toBe("$-1\r\n");
    c.send(["CONFIG", "SET", "maxmemory-policy", "allkeys-lfu"]);
    expect(c.send(["OBJECT", "FREQ", "text"])).toBe(":5\r\n");
    expect(c.send(["OBJECT", "IDLETIME", "text"])).toBe(err(ERR.lfuSelected));
    c.send(["CONFIG", "SET", "maxmemory", "100mb"]);
    expect(c.send(["OBJECT", "REFCOUNT", "small"])).toBe(":1\r\n");
    c.send(["CONFIG", "SET", "maxmemory-policy", "noeviction"]);
    expect(c.send(["OBJECT", "REFCOUNT", "small"])).toBe(":2147483647\r\n");
    const help = c.send(["OBJECT", "HELP"]);
    expect(
      help.startsWith("*15\r\n+OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"),
    ).toBe(true);
    expect(c.send(["OBJECT"])).toBe(err(ERR.wrongArity("object")));
    expect(c.send(["OBJECT", "ENCODING"])).toBe(err(ERR.wrongArity("object|encoding")));
    expect(c.send(["OBJECT", "ENCODING", "a", "b"])).toBe(err(ERR.wrongArity("object|encoding")));
    expect(c.send(["OBJECT", "foo", "k"])).toBe(err(ERR.unknownSubcommand("foo", "object")));
    c.send(["HELLO", "3"]);
    expect(c.send(["OBJECT", "ENCODING", "none"])).toBe("_\r\n");
  });
});

describe("SORT / SORT_RO", () => {
  function sortSetup() {
    const s = setup();
    s.db().set("l", list("3", "1", "10", "2"));
    s.db().set("words", list("banana", "apple", "cherry"));
    s.db().set("z", zset(["c", 3], ["a", 1], ["b", 2]));
    s.db().set("ints", RedisSet.of(["30", "-2", "7"]));
    s.c.send(["MSET", "w_1", "30", "w_2", "20", "w_3", "10", "w_10", "0"]);
    s.c.send(["MSET", "name_1", "one", "name_2", "two", "name_3", "three"]);
    s.db().set("h_1", hash("f", "c"));
    s.db().set("h_2", hash("f", "b"));
    s.db().set("h_3", hash("f", "a"));
    return s;
  }

  test("numeric and ALPHA, ASC and DESC, LIMIT", () => {
    const { c } = sortSetup();
    expect(c.send(["SORT", "l"])).toBe(arr("1", "2", "3", "10"));
    expect(c.send(["SORT", "l", "DESC"])).toBe(arr("10", "3", "2", "1"));
    expect(c.send(["SORT", "l", "ALPHA"])).toBe(arr("1", "10", "2", "3"));
    expect(c.send(["SORT", "l", "LIMIT", "1", "2"])).toBe(arr("2", "3"));
    expect(c.send(["SORT", "l", "LIMIT", "-5", "1"])).toBe(arr("1"));
    expect(c.send(["SORT", "l", "LIMIT", "3", "-1"])).toBe(arr("10"));
    expect(c.send(["SORT", "l", "LIMIT", "4", "10"])).toBe(arr());
    expect(c.send(["SORT", "l", "LIMIT", "0", "0"])).toBe(arr());
    expect(c.send(["SORT", "words", "ALPHA", "DESC"])).toBe(arr("cherry", "banana", "apple"));
    expect(c.send(["SORT", "words"])).toBe(err(ERR.sortNotDouble));
    expect(c.send(["SORT", "z", "ALPHA"])).toBe(arr("a", "b", "c"));
    expect(c.send(["SORT", "ints"])).toBe(arr("-2", "7", "30"));
    expect(c.send(["SORT", "none"])).toBe(arr());
    expect(c.send(["SORT_RO", "l", "desc", "limit", "0", "1"])).toBe(arr("10"));
  });

  test("BY patterns, GET patterns, BY nosort", () => {
    const { c } = sortSetup();
    expect(c.send(["SORT", "l", "BY", "w_*"])).toBe(arr("10", "3", "2", "1"));
    expect(c.send(["SORT", "l", "BY", "w_*", "GET", "#", "GET", "name_*"])).toBe(
      arr("10", null, "3", "three", "2", "two", "1", "one"),
    );
    expect(c.send(["SORT", "l", "BY", "h_*->f", "ALPHA"])).toBe(arr("10", "3", "2", "1"));
    expect(c.send(["SORT", "l", "BY", "missing_*", "ALPHA"])).toBe(arr("3", "1", "10", "2"));
    expect(c.send(["SORT", "l", "GET", "h_*->f", "LIMIT", "0", "2"])).toBe(arr("c", "b"));
    expect(c.send(["SORT", "l", "GET", "nostar"])).toBe(arr(null, null, null, null));
    expect(c.send(["SORT", "l", "BY", "nosort"])).toBe(arr("3", "1", "10", "2"));
    expect(c.send(["SORT", "l", "BY", "nosort", "DESC", "LIMIT", "1", "2"])).toBe(arr("10", "1"));
    expect(c.send(["SORT", "z", "BY", "nosort", "DESC"])).toBe(arr("c", "b", "a"));
    expect(c.send(["SORT", "z", "BY", "nosort", "LIMIT", "1", "5"])).toBe(arr("b", "c"));
    expect(c.send(["SORT", "ints", "BY", "nosort"])).toBe(arr("-2", "7", "30"));
    c.send(["HELLO", "3"]);
    expect(c.send(["SORT", "l", "GET", "name_*", "LIMIT", "0", "1"])).toBe("*1\r\n$3\r\none\r\n");
    expect(c.send(["SORT", "l", "GET", "name_*", "LIMIT", "3", "1"])).toBe("*1\r\n_\r\n");
  });

  test("STORE: a list, TTL cleared; empty results delete the destination", () => {
    const { c, db } = sortSetup();
    c.send(["SET", "dst", "x", "EX", "100"]);
    expect(c.send(["SORT", "l", "STORE", "dst"])).toBe(":4\r\n");
    expect(c.send(["TTL", "dst"])).toBe(":-1\r\n");
    const stored = db().get("dst") as RedisList;
    expect(stored.range(0, -1).map((b) => Buffer.from(b).toString())).toEqual(["1", "2", "3", "10"]);
    expect(c.send(["SORT", "l", "GET", "name_*", "STORE", "dst"])).toBe(":4\r\n");
    expect((db().get("dst") as RedisList).range(0, -1).map((b) => Buffer.from(b).toString())).toEqual([
      "one",
      "two",
      "three",
      "",
    ]);
    // A set sorted BY nosort into STORE is sorted ALPHA, so the stored list is deterministic.
    db().set("words-set", RedisSet.of(["b", "c", "a"]));
    expect(c.send(["SORT", "words-set", "BY", "nosort", "STORE", "dst"])).toBe(":3\r\n");
    expect((db().get("dst") as RedisList).range(0, -1).map((b) => Buffer.from(b).toString())).toEqual([
      "a",
      "b",
      "c",
    ]);
    expect(c.send(["SORT", "none", "STORE", "dst"])).toBe(":0\r\n");
    expect(c.send(["EXISTS", "dst"])).toBe(":0\r\n");
  });

  test("score parsing as C's strtod", () => {
    const { c, db } = setup();
    db().set("l", list(" 2", "", "0x10", "inf", "-inf", "1.5e1"));
    expect(c.send(["SORT", "l"])).toBe(arr("-inf", "", " 2", "1.5e1", "0x10", "inf"));
    for (const bad of ["1e400", "4e-320", "nan", "2 ", "abc", "(1", " "]) {
      db().set("b", list("1", bad));
      expect(c.send(["SORT", "b"])).toBe(err(ERR.sortNotDouble));
    }
    db().set("b", list("1", "2\u0000junk"));
    expect(c.send(["SORT", "b", "DESC"])).toBe(arr("2\u0000junk", "1"));
    db().set("b", list("1", "-0.0", "0"));
    expect(c.send(["SORT", "b"])).toBe(arr("-0.0", "0", "1"));
  });

  test("errors", () => {
    const { c } = sortSetup();
    c.send(["SET", "str", "x"]);
    expect(c.send(["SORT", "str"])).toBe(err(ERR.wrongType));
    expect(c.send(["SORT", "str", "BOGUS"])).toBe(err(ERR.syntax));
    expect(c.send(["SORT", "l", "LIMIT", "1"])).toBe(err(ERR.syntax));
    expect(c.send(["SORT", "l", "LIMIT", "a", "1"])).toBe(err(ERR.notInteger));
    expect(c.send(["SORT", "l", "BY"])).toBe(err(ERR.syntax));
    expect(c.send(["SORT", "l", "GET"])).toBe(err(ERR.syntax));
    expect(c.send(["SORT", "l", "STORE"])).toBe(err(ERR.syntax));
    expect(c.send(["SORT_RO", "l", "STORE", "dst"])).toBe(err(ERR.syntax));
    expect(c.send(["SORT"])).toBe(err(ERR.wrongArity("sort")));
  });

  test("a sorted set SORT has read is a skip list: it keeps -0 scores, and so does its COPY", () => {
    const { c } = setup();
    c.send(["ZADD", "z", "1", "a"]);
    c.send(["ZADD", "small", "1", "a"]);
    // The conversion happens before sorting, so also when the sort itself fails.
    expect(c.send(["SORT", "z"])).toBe(err(ERR.sortNotDouble));
    expect(c.send(["ZADD", "z", "-0", "b"])).toBe(":1\r\n");
    expect(c.send(["ZSCORE", "z", "b"])).toBe(bulk("-0"));
    expect(c.send(["ZADD", "small", "-0", "b"])).toBe(":1\r\n");
    expect(c.send(["ZSCORE", "small", "b"])).toBe(bulk("0"));
    c.send(["ZADD", "y", "1", "a"]);
    expect(c.send(["SORT_RO", "y", "ALPHA"])).toBe(arr("a"));
    expect(c.send(["COPY", "y", "y2"])).toBe(":1\r\n");
    expect(c.send(["ZADD", "y2", "-0", "b"])).toBe(":1\r\n");
    expect(c.send(["ZRANGE", "y2", "0", "-1", "WITHSCORES"])).toBe(arr("b", "-0", "a", "1"));
    expect(c.send(["OBJECT", "ENCODING", "y2"])).toBe(bulk("skiplist"));
  });
});

describe("DUMP / RESTORE", () => {
  test("a clear error until persistence exists", () => {
    const { c } = setup();
    expect(c.send(["DUMP", "none"])).toBe("$-1\r\n");
    c.send(["SET", "a", "v"]);
    expect(c.send(["DUMP", "a"])).toBe(err(ERR.noDumpFormat));
    expect(c.send(["RESTORE", "a", "0", "payload"])).toBe(err(ERR.noDumpFormat));
    expect(c.send(["RESTORE", "a", "0"])).toBe(err(ERR.wrongArity("restore")));
  });
});
