/**
 * Socketless byte-level tests of the sorted-set commands: replies in RESP2 and RESP3, errors,
 * the events each change reports, empty-key deletion, WRONGTYPE, the listpack/skiplist -0
 * rule, and the blocking BZPOPMIN/BZPOPMAX/BZMPOP under the manual clock.
 */
import { describe, expect, test } from "bun:test";
import { ERR } from "../../src/errors.ts";
import { localServer } from "../support/local-server.ts";

const err = (m: string) => `-${m}\r\n`;
const bulk = (s: string) => `$${s.length}\r\n${s}\r\n`;
const arr = (...items: string[]) => `*${items.length}\r\n${items.map(bulk).join("")}`;
const dbl3 = (s: string) => `,${s}\r\n`;
const WRONGTYPE = err(ERR.wrongType);

function setup() {
  const s = localServer();
  const events: string[] = [];
  const keyChanged = s.server.keyChanged.bind(s.server);
  s.server.keyChanged = (db, key, event) => {
    events.push(`${event}:${key}`);
    keyChanged(db, key, event);
  };
  return { ...s, events, c: s.connect() };
}

/** A client that switched to RESP3. */
function resp3(s: ReturnType<typeof setup>) {
  const c = s.connect();
  c.send(["HELLO", "3"]);
  return c;
}

const settle = () => Promise.resolve();

describe("ZADD and ZINCRBY", () => {
  test("adds, updates, counts, and reports zadd once per call", () => {
    const { c, events } = setup();
    expect(c.send(["ZADD", "z", "1", "a", "2", "b"])).toBe(":2\r\n");
    expect(c.send(["ZADD", "z", "3", "a", "2", "b", "4", "c"])).toBe(":1\r\n");
    expect(c.send(["ZADD", "z", "CH", "5", "a", "2", "b"])).toBe(":1\r\n");
    expect(c.send(["ZADD", "z", "5", "a"])).toBe(":0\r\n");
    expect(c.send(["ZRANGE", "z", "0", "-1", "WITHSCORES"])).toBe(arr("b", "2", "c", "4", "a", "5"));
    expect(c.send(["TYPE", "z"])).toBe("+zset\r\n");
    // An unchanged score is no change: no event.
    expect(events).toEqual(["zadd:z", "zadd:z", "zadd:z"]);
  });

  test("NX, XX, GT, LT, CH and their conflicts", () => {
    const { c } = setup();
    c.send(["ZADD", "z", "1", "a", "5", "b"]);
    expect(c.send(["ZADD", "z", "NX", "9", "a", "3", "c"])).toBe(":1\r\n");
    expect(c.send(["ZADD", "z", "XX", "CH", "9", "a", "3", "new"])).toBe(":1\r\n");
    expect(c.send(["ZADD", "z", "GT", "CH", "1", "a", "6", "b"])).toBe(":1\r\n");
    expect(c.send(["ZADD", "z", "LT", "CH", "10", "a", "0", "b"])).toBe(":1\r\n");
    expect(c.send(["ZMSCORE", "z", "a", "b", "c", "new"])).toBe(
      `*4\r\n${bulk("9")}${bulk("0")}${bulk("3")}$-1\r\n`,
    );
    expect(c.send(["ZADD", "z", "NX", "XX", "1", "a"])).toBe(err(ERR.zaddXxNx));
    expect(c.send(["ZADD", "z", "GT", "LT", "1", "a"])).toBe(err(ERR.zaddGtLtNx));
    expect(c.send(["ZADD", "z", "NX", "GT", "1", "a"])).toBe(err(ERR.zaddGtLtNx));
    expect(c.send(["ZADD", "z", "INCR", "1", "a", "1", "b"])).toBe(err(ERR.zaddIncrPair));
    expect(c.send(["ZADD", "z", "1", "a", "2"])).toBe(err(ERR.syntax));
    expect(c.send(["ZADD", "z", "NX", "CH"])).toBe(err(ERR.syntax));
    // Every score is checked before anything is added.
    expect(c.send(["ZADD", "z", "1", "x", "bad", "y"])).toBe(err(ERR.notFloat));
    expect(c.send(["ZSCORE", "z", "x"])).toBe("$-1\r\n");
    expect(c.send(["ZADD", "missing", "XX", "1", "a"])).toBe(":0\r\n");
    expect(c.send(["EXISTS", "missing"])).toBe(":0\r\n");
  });

  test("INCR and ZINCRBY reply the new score, or nil when nothing was done", () => {
    const { c, events } = setup();
    expect(c.send(["ZINCRBY", "z", "2.5", "a"])).toBe(bulk("2.5"));
    expect(c.send(["ZADD", "z", "INCR", "0.1", "a"])).toBe(bulk("2.6000000000000001"));
    expect(c.send(["ZADD", "z", "INCR", "NX", "1", "a"])).toBe("$-1\r\n");
    expect(c.send(["ZADD", "z", "INCR", "XX", "1", "nope"])).toBe("$-1\r\n");
    expect(c.send(["ZADD", "z", "INCR", "GT", "-1", "a"])).toBe("$-1\r\n");
    expect(c.send(["ZINCRBY", "z", "inf", "a"])).toBe(bulk("inf"));
    expect(c.send(["ZINCRBY", "z", "-inf", "a"])).toBe(err(ERR.zsetNaN));
    expect(c.send(["ZINCRBY", "z", "x", "a"])).toBe(err(ERR.notFloat));
    expect(c.send(["ZINCRBY", "z", "1", "a", "b"])).toBe(err(ERR.wrongArity("zincrby")));
    const r3 = resp3(setup());
    expect(r3.send(["ZINCRBY", "z", "1e20", "a"])).toBe(dbl3("1e+20"));
    expect(r3.send(["ZADD", "z", "INCR", "NX", "1", "a"])).toBe("_\r\n");
    expect(events).toEqual(["zincr:z", "zincr:z", "zincr:z"]);
  });

  test("score syntax: strtod forms accepted, NaN, spaces and overflow rejected", () => {
    const { c } = setup();
    expect(c.send(["ZADD", "z", "0x10", "a", "1e2", "b", "-.5", "c", "+inf", "d", "-Infinity", "e"])).toBe(
      ":5\r\n",
    );
    expect(c.send(["ZRANGE", "z", "0", "-1", "WITHSCORES"])).toBe(
      arr("e", "-inf", "c", "-0.5", "a", "16", "b", "100", "d", "inf"),
    );
    for (const bad of ["nan", "", " 1", "1 ", "1e400", "0x", "abc"]) {
      expect(c.send(["ZADD", "z", bad, "x"])).toBe(err(ERR.notFloat));
    }
  });

  test("-0 becomes 0 in a listpack and keeps its sign in a skiplist", () => {
    const { c } = setup();
    expect(c.send(["ZADD", "small", "-0", "a"])).toBe(":1\r\n");
    expect(c.send(["ZSCORE", "small", "a"])).toBe(bulk("0"));
    // ZINCRBY replies the score it computed, before the listpack stores it.
    expect(c.send(["ZINCRBY", "small", "-0", "fresh"])).toBe(bulk("-0"));
    expect(c.send(["ZSCORE", "small", "fresh"])).toBe(bulk("0"));
    const long = "L".repeat(65);
    c.send(["ZADD", "big", "-0", long]);
    expect(c.send(["OBJECT", "ENCODING", "big"])).toBe(bulk("skiplist"));
    expect(c.send(["ZSCORE", "big", long])).toBe(bulk("-0"));
    expect(c.send(["ZADD", "big", "0", long])).toBe(":0\r\n");
    expect(c.send(["ZSCORE", "big", long])).toBe(bulk("-0"));
  });

  test("a 129th member or a 65-byte member converts to a skiplist", () => {
    const { c } = setup();
    const args = ["ZADD", "z"];
    for (let i = 0; i < 128; i++) args.push(String(i), `m${i}`);
    c.send(args);
    expect(c.send(["OBJECT", "ENCODING", "z"])).toBe(bulk("listpack"));
    c.send(["ZADD", "z", "-0", "one-more"]);
    expect(c.send(["OBJECT", "ENCODING", "z"])).toBe(bulk("skiplist"));
    expect(c.send(["ZSCORE", "z", "one-more"])).toBe(bulk("-0"));
  });
});

describe("reads", () => {
  test("ZCARD, ZSCORE, ZMSCORE, ZRANK, ZREVRANK in both protocols", () => {
    const s = setup();
    const { c } = s;
    c.send(["ZADD", "z", "1", "a", "2", "b", "2", "c", "1.5e-7", "d"]);
    expect(c.send(["ZCARD", "z"])).toBe(":4\r\n");
    expect(c.send(["ZCARD", "nope"])).toBe(":0\r\n");
    expect(c.send(["ZSCORE", "z", "d"])).toBe(bulk("1.4999999999999999e-07"));
    expect(c.send(["ZSCORE", "z", "x"])).toBe("$-1\r\n");
    expect(c.send(["ZSCORE", "nope", "x"])).toBe("$-1\r\n");
    expect(c.send(["ZMSCORE", "nope", "a"])).toBe("*1\r\n$-1\r\n");
    expect(c.send(["ZRANK", "z", "c"])).toBe(":3\r\n");
    expect(c.send(["ZREVRANK", "z", "c"])).toBe(":0\r\n");
    expect(c.send(["ZRANK", "z", "x"])).toBe("$-1\r\n");
    expect(c.send(["ZRANK", "z", "a", "WITHSCORE"])).toBe(err(ERR.wrongArity("zrank")));
    const r3 = resp3(s);
    expect(r3.send(["ZSCORE", "z", "b"])).toBe(dbl3("2"));
    expect(r3.send(["ZMSCORE", "z", "a", "x"])).toBe(`*2\r\n${dbl3("1")}_\r\n`);
    expect(r3.send(["ZRANK", "z", "x"])).toBe("_\r\n");
  });

  test("ZCOUNT and ZLEXCOUNT, with range errors before the key", () => {
    const { c } = setup();
    c.send(["ZADD", "z", "1", "a", "2", "b", "3", "c"]);
    expect(c.send(["ZCOUNT", "z", "(1", "3"])).toBe(":2\r\n");
    expect(c.send(["ZCOUNT", "z", "-inf", "+inf"])).toBe(":3\r\n");
    expect(c.send(["ZCOUNT", "z", "3", "1"])).toBe(":0\r\n");
    expect(c.send(["ZCOUNT", "nope", "x", "1"])).toBe(err(ERR.zsetMinMaxNotFloat));
    c.send(["ZADD", "l", "0", "a", "0", "b", "0", "c"]);
    expect(c.send(["ZLEXCOUNT", "l", "[b", "+"])).toBe(":2\r\n");
    expect(c.send(["ZLEXCOUNT", "l", "(a", "(c"])).toBe(":1\r\n");
    expect(c.send(["ZLEXCOUNT", "nope", "a", "+"])).toBe(err(ERR.zsetMinMaxNotLex));
  });
});

describe("ZRANGE and its older forms", () => {
  test("ranks, scores, lex, REV, LIMIT, WITHSCORES in RESP2 and RESP3", () => {
    const s = setup();
    const { c } = s;
    c.send(["ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d"]);
    expect(c.send(["ZRANGE", "z", "-2", "-1"])).toBe(arr("c", "d"));
    expect(c.send(["ZRANGE", "z", "0", "1", "REV", "WITHSCORES"])).toBe(arr("d", "4", "c", "3"));
    expect(c.send(["ZRANGE", "z", "(1", "+inf", "BYSCORE", "LIMIT", "1", "2"])).toBe(arr("c", "d"));
    expect(c.send(["ZRANGE", "z", "+inf", "-inf", "BYSCORE", "REV", "LIMIT", "0", "1"])).toBe(arr("d"));
    expect(c.send(["ZRANGEBYSCORE", "z", "2", "3", "WITHSCORES"])).toBe(arr("b", "2", "c", "3"));
    expect(c.send(["ZREVRANGEBYSCORE", "z", "3", "2"])).toBe(arr("c", "b"));
    expect(c.send(["ZREVRANGE", "z", "0", "0"])).toBe(arr("d"));
    expect(c.send(["ZRANGE", "missing", "0", "-1"])).toBe("*0\r\n");
    const r3 = resp3(s);
    expect(r3.send(["ZRANGE", "z", "0", "1", "WITHSCORES"])).toBe(
      `*2\r\n*2\r\n${bulk("a")}${dbl3("1")}*2\r\n${bulk("b")}${dbl3("2")}`,
    );
    expect(r3.send(["ZRANGE", "z", "0", "0"])).toBe(arr("a"));
    c.send(["ZADD", "l", "0", "a", "0", "b", "0", "c"]);
    expect(c.send(["ZRANGE", "l", "[b", "+", "BYLEX"])).toBe(arr("b", "c"));
    expect(c.send(["ZREVRANGEBYLEX", "l", "+", "(a", "LIMIT", "1", "5"])).toBe(arr("b"));
  });

  test("option errors in Redis's order", () => {
    const { c } = setup();
    c.send(["SET", "s", "v"]);
    expect(c.send(["ZRANGE", "s", "0", "1", "LIMIT", "0", "1"])).toBe(err(ERR.zrangeLimitRank));
    expect(c.send(["ZRANGE", "s", "0", "1", "LIMIT", "0", "-1"])).toBe(WRONGTYPE);
    expect(c.send(["ZRANGE", "s", "-", "+", "BYLEX", "WITHSCORES"])).toBe(err(ERR.zrangeWithscoresLex));
    expect(c.send(["ZRANGE", "s", "0", "1", "BYSCORE", "BYLEX"])).toBe(err(ERR.syntax));
    expect(c.send(["ZREVRANGE", "s", "0", "1", "REV"])).toBe(err(ERR.syntax));
    expect(c.send(["ZRANGEBYSCORE", "s", "0", "1", "BYSCORE"])).toBe(err(ERR.syntax));
    expect(c.send(["ZRANGE", "s", "0", "1", "LIMIT", "0"])).toBe(err(ERR.syntax));
    expect(c.send(["ZRANGE", "s", "x", "1"])).toBe(err(ERR.notInteger));
    expect(c.send(["ZRANGE", "s", "x", "1", "BYSCORE"])).toBe(err(ERR.zsetMinMaxNotFloat));
    expect(c.send(["ZRANGE", "s", "x", "1", "BYLEX"])).toBe(err(ERR.zsetMinMaxNotLex));
    expect(c.send(["ZRANGE", "s", "0", "1"])).toBe(WRONGTYPE);
  });

  test("ZRANGESTORE stores, replaces the TTL, deletes on an empty range", () => {
    const { c, events } = setup();
    c.send(["ZADD", "src", "1", "a", "2", "b", "3", "c"]);
    c.send(["SET", "dst", "old", "EX", "100"]);
    expect(c.send(["ZRANGESTORE", "dst", "src", "1", "-1"])).toBe(":2\r\n");
    expect(c.send(["TTL", "dst"])).toBe(":-1\r\n");
    expect(c.send(["ZRANGE", "dst", "0", "-1", "WITHSCORES"])).toBe(arr("b", "2", "c", "3"));
    expect(c.send(["ZRANGESTORE", "dst", "src", "5", "10"])).toBe(":0\r\n");
    expect(c.send(["EXISTS", "dst"])).toBe(":0\r\n");
    expect(c.send(["ZRANGESTORE", "dst", "src", "0", "1", "WITHSCORES"])).toBe(err(ERR.syntax));
    expect(events).toEqual(["zadd:src", "set:dst", "expire:dst", "zrangestore:dst", "del:dst"]);
  });
});

describe("removals", () => {
  test("ZREM and ZREMRANGEBY* delete the emptied key and report it", () => {
    const { c, events } = setup();
    c.send(["ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d"]);
    expect(c.send(["ZREM", "z", "a", "x", "a"])).toBe(":1\r\n");
    expect(c.send(["ZREM", "z", "x"])).toBe(":0\r\n");
    expect(c.send(["ZREMRANGEBYRANK", "z", "-1", "-1"])).toBe(":1\r\n");
    expect(c.send(["ZREMRANGEBYSCORE", "z", "(2", "+inf"])).toBe(":1\r\n");
    expect(c.send(["ZREMRANGEBYLEX", "z", "-", "+"])).toBe(":1\r\n");
    expect(c.send(["EXISTS", "z"])).toBe(":0\r\n");
    expect(c.send(["ZREM", "z", "a"])).toBe(":0\r\n");
    expect(events).toEqual([
      "zadd:z",
      "zrem:z",
      "zremrangebyrank:z",
      "zremrangebyscore:z",
      "zremrangebylex:z",
      "del:z",
    ]);
    expect(c.send(["ZREMRANGEBYRANK", "nope", "x", "1"])).toBe(err(ERR.notInteger));
    expect(c.send(["ZREMRANGEBYSCORE", "nope", "x", "1"])).toBe(err(ERR.zsetMinMaxNotFloat));
  });
});

describe("pops", () => {
  test("ZPOPMIN/ZPOPMAX shapes: flat without count, pairs with a count in RESP3", () => {
    const s = setup();
    const { c, events } = s;
    c.send(["ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d"]);
    expect(c.send(["ZPOPMIN", "z"])).toBe(arr("a", "1"));
    expect(c.send(["ZPOPMAX", "z", "2"])).toBe(arr("d", "4", "c", "3"));
    const r3 = resp3(s);
    expect(r3.send(["ZPOPMIN", "z", "5"])).toBe(`*1\r\n*2\r\n${bulk("b")}${dbl3("2")}`);
    expect(r3.send(["ZPOPMIN", "z"])).toBe("*0\r\n");
    expect(c.send(["ZPOPMIN", "z", "0"])).toBe("*0\r\n");
    expect(c.send(["ZPOPMIN", "z", "-1"])).toBe(err(ERR.mustBePositive));
    expect(c.send(["ZPOPMIN", "z", "x"])).toBe(err(ERR.mustBePositive));
    expect(c.send(["ZPOPMIN", "z", "1", "2"])).toBe(err(ERR.syntax));
    expect(events).toEqual(["zadd:z", "zpopmin:z", "zpopmax:z", "zpopmin:z", "del:z"]);
  });

  test("ZMPOP takes the first existing key and checks only up to it", () => {
    const s = setup();
    const { c } = s;
    c.send(["ZADD", "z", "1", "a", "2", "b"]);
    c.send(["SET", "s", "v"]);
    expect(c.send(["ZMPOP", "3", "nope", "z", "s", "MAX", "COUNT", "5"])).toBe(
      `*2\r\n${bulk("z")}*2\r\n${arr("b", "2")}${arr("a", "1")}`,
    );
    expect(c.send(["ZMPOP", "1", "z", "MIN"])).toBe("*-1\r\n");
    expect(c.send(["ZMPOP", "2", "nope", "s", "MIN"])).toBe(WRONGTYPE);
    expect(c.send(["ZMPOP", "0", "z", "MIN"])).toBe(err(ERR.numkeysNotPositive));
    expect(c.send(["ZMPOP", "x", "z", "MIN"])).toBe(err(ERR.numkeysNotPositive));
    expect(c.send(["ZMPOP", "2", "z", "MIN"])).toBe(err(ERR.syntax));
    expect(c.send(["ZMPOP", "1", "z", "MIN", "COUNT", "0"])).toBe(err(ERR.countNotPositive));
    expect(c.send(["ZMPOP", "1", "z", "MIN", "COUNT", "1", "COUNT", "1"])).toBe(err(ERR.syntax));
    const r3 = resp3(s);
    expect(r3.send(["ZMPOP", "1", "z", "MIN"])).toBe("_\r\n");
    r3.send(["ZADD", "z", "1.5", "a"]);
    expect(r3.send(["ZMPOP", "1", "z", "MIN"])).toBe(
      `*2\r\n${bulk("z")}*1\r\n*2\r\n${bulk("a")}${dbl3("1.5")}`,
    );
  });
});

describe("ZRANDMEMBER", () => {
  test("shapes, the whole set highest first, distinct members, repeats for negative counts", () => {
    const s = setup();
    const { c } = s;
    expect(c.send(["ZRANDMEMBER", "nope"])).toBe("$-1\r\n");
    expect(c.send(["ZRANDMEMBER", "nope", "3"])).toBe("*0\r\n");
    c.send(["ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"]);
    expect(c.send(["ZRANDMEMBER", "z", "10", "WITHSCORES"])).toBe(
      arr("e", "5", "d", "4", "c", "3", "b", "2", "a", "1"),
    );
    expect(c.send(["ZRANDMEMBER", "z", "0"])).toBe("*0\r\n");
    for (let i = 0; i < 20; i++) {
      const one = c.send(["ZRANDMEMBER", "z"]);
      expect(["a", "b", "c", "d", "e"].map(bulk)).toContain(one);
      const three = c.send(["ZRANDMEMBER", "z", "3"]).split("\r\n");
      expect(three[0]).toBe("*3");
      const members = [three[2], three[4], three[6]];
      expect(new Set(members).size).toBe(3);
    }
    const repeats = c.send(["ZRANDMEMBER", "z", "-50"]).split("\r\n");
    expect(repeats[0]).toBe("*50");
    const r3 = resp3(s);
    expect(r3.send(["ZADD", "one", "7", "x"])).toBe(":1\r\n");
    expect(r3.send(["ZRANDMEMBER", "one", "-2", "WITHSCORES"])).toBe(
      `*2\r\n*2\r\n${bulk("x")}${dbl3("7")}*2\r\n${bulk("x")}${dbl3("7")}`,
    );
  });

  test("argument errors", () => {
    const { c } = setup();
    expect(c.send(["ZRANDMEMBER", "z", "x"])).toBe(err(ERR.notInteger));
    expect(c.send(["ZRANDMEMBER", "z", "1", "WITHSCORE"])).toBe(err(ERR.syntax));
    expect(c.send(["ZRANDMEMBER", "z", "-9223372036854775808"])).toBe(
      err(ERR.outOfRangeBetween("-9223372036854775807", "9223372036854775807")),
    );
    expect(c.send(["ZRANDMEMBER", "z", "4611686018427387904", "WITHSCORES"])).toBe(err(ERR.outOfRange));
  });
});

describe("ZUNION, ZINTER, ZDIFF and their STORE forms", () => {
  test("weights, aggregates, plain sets as inputs, both protocols", () => {
    const s = setup();
    const { c } = s;
    c.send(["ZADD", "a", "1", "x", "2", "y"]);
    c.send(["ZADD", "b", "10", "y", "20", "w"]);
    c.send(["SADD", "s", "x", "v"]);
    expect(c.send(["ZUNION", "3", "a", "b", "s", "WITHSCORES"])).toBe(
      arr("v", "1", "x", "2", "y", "12", "w", "20"),
    );
    expect(c.send(["ZINTER", "2", "a", "b", "WEIGHTS", "2", "0.5", "AGGREGATE", "MAX", "WITHSCORES"])).toBe(
      arr("y", "5"),
    );
    expect(c.send(["ZDIFF", "2", "a", "s"])).toBe(arr("y"));
    // inf * 0 is NaN: Redis counts it as 0.
    c.send(["ZADD", "i", "inf", "x"]);
    expect(c.send(["ZUNION", "1", "i", "WEIGHTS", "0", "WITHSCORES"])).toBe(arr("x", "0"));
    const r3 = resp3(s);
    expect(r3.send(["ZINTER", "2", "a", "s", "WITHSCORES"])).toBe(`*1\r\n*2\r\n${bulk("x")}${dbl3("2")}`);
    expect(c.send(["ZUNION", "0", "a"])).toBe(err(ERR.zsetAtLeastOneKey("zunion")));
    expect(c.send(["ZUNION", "3", "a", "b"])).toBe(err(ERR.syntax));
    expect(c.send(["ZUNION", "2", "a", "b", "WEIGHTS", "1", "x"])).toBe(err(ERR.zsetWeightNotFloat));
    expect(c.send(["ZDIFF", "2", "a", "b", "WEIGHTS", "1", "1"])).toBe(err(ERR.syntax));
    c.send(["SET", "str", "v"]);
    // The keys are looked up before the options are read.
    expect(c.send(["ZUNION", "2", "a", "str", "BOGUS"])).toBe(WRONGTYPE);
  });

  test("STORE forms replace the destination or delete it, with their events", () => {
    const { c, events } = setup();
    c.send(["ZADD", "a", "1", "x", "2", "y"]);
    c.send(["ZADD", "b", "3", "y"]);
    expect(c.send(["ZUNIONSTORE", "d", "2", "a", "b"])).toBe(":2\r\n");
    expect(c.send(["ZRANGE", "d", "0", "-1", "WITHSCORES"])).toBe(arr("x", "1", "y", "5"));
    expect(c.send(["ZINTERSTORE", "d", "2", "a", "b", "AGGREGATE", "MIN"])).toBe(":1\r\n");
    expect(c.send(["ZDIFFSTORE", "d", "2", "b", "a"])).toBe(":0\r\n");
    expect(c.send(["EXISTS", "d"])).toBe(":0\r\n");
    expect(c.send(["ZDIFFSTORE", "d", "2", "b", "a"])).toBe(":0\r\n");
    expect(c.send(["ZUNIONSTORE", "d", "1", "a", "WITHSCORES"])).toBe(err(ERR.syntax));
    expect(events).toEqual(["zadd:a", "zadd:b", "zunionstore:d", "zinterstore:d", "del:d"]);
  });

  test("ZINTERCARD and its LIMIT", () => {
    const { c } = setup();
    c.send(["ZADD", "a", "1", "x", "2", "y", "3", "z"]);
    c.send(["SADD", "s", "x", "y", "z"]);
    expect(c.send(["ZINTERCARD", "2", "a", "s"])).toBe(":3\r\n");
    expect(c.send(["ZINTERCARD", "2", "a", "s", "LIMIT", "2"])).toBe(":2\r\n");
    expect(c.send(["ZINTERCARD", "2", "a", "s", "LIMIT", "0"])).toBe(":3\r\n");
    expect(c.send(["ZINTERCARD", "2", "a", "s", "LIMIT", "-1"])).toBe(err(ERR.limitNegative));
    expect(c.send(["ZINTERCARD", "2", "a", "s", "WITHSCORES"])).toBe(err(ERR.syntax));
    expect(c.send(["ZINTERCARD", "0", "a"])).toBe(err(ERR.zsetAtLeastOneKey("zintercard")));
  });
});

describe("WRONGTYPE", () => {
  test("every sorted-set command refuses another type and leaves it alone", () => {
    const { c } = setup();
    c.send(["SET", "s", "v"]);
    for (const cmd of [
      ["ZADD", "s", "1", "a"],
      ["ZINCRBY", "s", "1", "a"],
      ["ZREM", "s", "a"],
      ["ZCARD", "s"],
      ["ZCOUNT", "s", "0", "1"],
      ["ZLEXCOUNT", "s", "-", "+"],
      ["ZSCORE", "s", "a"],
      ["ZMSCORE", "s", "a"],
      ["ZRANK", "s", "a"],
      ["ZREVRANK", "s", "a"],
      ["ZRANGE", "s", "0", "1"],
      ["ZRANGEBYSCORE", "s", "0", "1"],
      ["ZRANGEBYLEX", "s", "-", "+"],
      ["ZREVRANGE", "s", "0", "1"],
      ["ZREVRANGEBYSCORE", "s", "1", "0"],
      ["ZREVRANGEBYLEX", "s", "+", "-"],
      ["ZRANGESTORE", "d", "s", "0", "1"],
      ["ZREMRANGEBYRANK", "s", "0", "1"],
      ["ZREMRANGEBYSCORE", "s", "0", "1"],
      ["ZREMRANGEBYLEX", "s", "-", "+"],
      ["ZPOPMIN", "s"],
      ["ZPOPMAX", "s", "0"],
      ["ZMPOP", "1", "s", "MIN"],
      ["ZRANDMEMBER", "s"],
      ["ZUNION", "1", "s"],
      ["ZINTER", "1", "s"],
      ["ZDIFF", "1", "s"],
      ["ZUNIONSTORE", "d", "1", "s"],
      ["ZINTERSTORE", "d", "1", "s"],
      ["ZDIFFSTORE", "d", "1", "s"],
      ["ZINTERCARD", "1", "s"],
      ["BZPOPMIN", "s", "0"],
      ["BZPOPMAX", "s", "0"],
      ["BZMPOP", "0", "1", "s", "MIN"],
    ]) {
      expect(c.send(cmd)).toBe(WRONGTYPE);
    }
    expect(c.send(["GET", "s"])).toBe(bulk("v"));
    expect(c.send(["EXISTS", "d"])).toBe(":0\r\n");
  });
});

describe("blocking", () => {
  test("data now: BZPOPMIN/BZPOPMAX flat, BZMPOP nested", () => {
    const { c } = setup();
    c.send(["ZADD", "z", "1", "a", "2", "b", "3", "c"]);
    expect(c.send(["BZPOPMIN", "nope", "z", "0"])).toBe(arr("z", "a", "1"));
    expect(c.send(["BZPOPMAX", "z", "0"])).toBe(arr("z", "c", "3"));
    expect(c.send(["BZMPOP", "0", "1", "z", "MIN", "COUNT", "5"])).toBe(
      `*2\r\n${bulk("z")}*1\r\n${arr("b", "2")}`,
    );
    expect(c.send(["EXISTS", "z"])).toBe(":0\r\n");
    expect(c.send(["BZPOPMIN", "z", "-1"])).toBe(err(ERR.timeoutNegative));
    expect(c.send(["BZPOPMIN", "z", "x"])).toBe(err(ERR.timeoutNotFloat));
    // BZMPOP reads its options before its timeout.
    expect(c.send(["BZMPOP", "x", "1", "z", "MIDDLE"])).toBe(err(ERR.syntax));
    expect(c.send(["BZMPOP", "x", "1", "z", "MIN"])).toBe(err(ERR.timeoutNotFloat));
  });

  test("a ZADD serves blocked clients in the order they blocked", async () => {
    const s = setup();
    const { connect, server } = s;
    const [a, b, d, p] = [connect(), connect(), connect(), connect()];
    expect(a.send(["BZPOPMIN", "q", "0"])).toBe("");
    expect(b.send(["BZPOPMAX", "other", "q", "0"])).toBe("");
    expect(d.send(["BZMPOP", "0", "2", "q", "q", "MAX", "COUNT", "2"])).toBe("");
    expect(server.blocking.count).toBe(3);
    expect(p.send(["ZADD", "q", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"])).toBe(":5\r\n");
    await settle();
    expect(a.take()).toBe(arr("q", "a", "1"));
    expect(b.take()).toBe(arr("q", "e", "5"));
    expect(d.take()).toBe(`*2\r\n${bulk("q")}*2\r\n${arr("d", "4")}${arr("c", "3")}`);
    expect(p.send(["ZRANGE", "q", "0", "-1"])).toBe(arr("b"));
    expect(server.blocking.count).toBe(0);
  });

  test("another type at the key keeps the client waiting; a later zset serves it", async () => {
    const { connect } = setup();
    const [a, p] = [connect(), connect()];
    a.send(["BZPOPMIN", "q", "0"]);
    p.send(["RPUSH", "q", "x"]);
    await settle();
    expect(a.take()).toBe("");
    p.send(["DEL", "q"]);
    p.send(["ZUNIONSTORE", "q", "1", "src"]);
    p.send(["ZADD", "src", "7", "m"]);
    p.send(["ZUNIONSTORE", "q", "1", "src"]);
    await settle();
    expect(a.take()).toBe(arr("q", "m", "7"));
    expect(p.send(["EXISTS", "q"])).toBe(":0\r\n");
  });

  test("timeouts on the manual clock reply the null array", async () => {
    const s = setup();
    const { connect, clock, server } = s;
    const a = connect();
    const b = resp3(s);
    expect(a.send(["BZPOPMIN", "q", "0.5"])).toBe("");
    expect(b.send(["BZMPOP", "0.25", "1", "q", "MAX"])).toBe("");
    clock.advance(250);
    await settle();
    expect(b.take()).toBe("_\r\n");
    expect(a.take()).toBe("");
    clock.advance(250);
    await settle();
    expect(a.take()).toBe("*-1\r\n");
    expect(server.blocking.count).toBe(0);
  });
});
