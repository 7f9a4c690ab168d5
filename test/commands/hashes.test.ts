import { describe, expect, test } from "bun:test";
import { RedisHash } from "../../src/db/types/hash.ts";
import { ERR } from "../../src/errors.ts";
import { localServer } from "../support/local-server.ts";

const err = (m: string) => `-${m}\r\n`;
const bulk = (s: string) => `$${s.length}\r\n${s}\r\n`;
const arr = (...items: string[]) => `*${items.length}\r\n${items.join("")}`;
const int = (n: number | string) => `:${n}\r\n`;

function client(resp: 2 | 3 = 2) {
  const server = localServer();
  const c = server.connect();
  if (resp === 3) c.send(["HELLO", "3"]);
  const events: string[] = [];
  const keyChanged = server.server.keyChanged.bind(server.server);
  server.server.keyChanged = (db, key, event) => {
    events.push(`${event}:${key}`);
    keyChanged(db, key, event);
  };
  return { c, events };
}

describe("RedisHash", () => {
  test("keeps insertion order across updates and swap-removes", () => {
    const h = new RedisHash();
    const v = (s: string) => new TextEncoder().encode(s);
    for (const f of ["a", "b", "c", "d"]) expect(h.set(f, v(f))).toBe(true);
    expect(h.set("b", v("B"))).toBe(false);
    expect(h.delete("a")).toBe(true);
    expect(h.delete("a")).toBe(false);
    h.set("a", v("A"));
    const seen: string[] = [];
    h.forEach((f, val) => {
      seen.push(`${f}=${new TextDecoder().decode(val)}`);
    });
    expect(seen).toEqual(["b=B", "c=c", "d=d", "a=A"]);
    expect([...h.fields()]).toEqual(["b", "c", "d", "a"]);
    // Every slot holds a live field, and slot lookups agree with get().
    const slots = new Set<string>();
    for (let i = 0; i < h.size; i++) {
      slots.add(h.fieldAt(i));
      expect(h.valueAt(i)).toEqual(h.get(h.fieldAt(i))!);
    }
    expect([...slots].sort()).toEqual(["a", "b", "c", "d"]);
    for (const f of ["d", "b", "c", "a"]) h.delete(f);
    expect(h.size).toBe(0);
  });
});

describe("HSET / HGET family", () => {
  test("HSET counts new fields, HGET/HMGET/HLEN/HSTRLEN/HEXISTS read them", () => {
    const { c, events } = client();
    expect(c.send(["HSET", "h", "a", "1", "b", "22"])).toBe(int(2));
    expect(c.send(["HSET", "h", "a", "x", "c", "333"])).toBe(int(1));
    expect(events).toEqual(["hset:h", "hset:h"]);
    expect(c.send(["HGET", "h", "a"])).toBe(bulk("x"));
    expect(c.send(["HGET", "h", "nope"])).toBe("$-1\r\n");
    expect(c.send(["HGET", "nokey", "a"])).toBe("$-1\r\n");
    expect(c.send(["HMGET", "h", "a", "nope", "c"])).toBe(arr(bulk("x"), "$-1\r\n", bulk("333")));
    expect(c.send(["HMGET", "nokey", "a", "b"])).toBe(arr("$-1\r\n", "$-1\r\n"));
    expect(c.send(["HLEN", "h"])).toBe(int(3));
    expect(c.send(["HLEN", "nokey"])).toBe(int(0));
    expect(c.send(["HSTRLEN", "h", "c"])).toBe(int(3));
    expect(c.send(["HSTRLEN", "h", "nope"])).toBe(int(0));
    expect(c.send(["HEXISTS", "h", "b"])).toBe(int(1));
    expect(c.send(["HEXISTS", "h", "nope"])).toBe(int(0));
    expect(c.send(["HEXISTS", "nokey", "b"])).toBe(int(0));
    expect(c.send(["TYPE", "h"])).toBe("+hash\r\n");
  });

  test("odd pairs are an arity error; HMSET answers OK; HSETNX only adds", () => {
    const { c, events } = client();
    expect(c.send(["HSET", "h", "a", "1", "b"])).toBe(err(ERR.wrongArity("hset")));
    expect(c.send(["HMSET", "h", "a", "1", "b"])).toBe(err(ERR.wrongArity("hmset")));
    expect(c.send(["HSET", "h", "a"])).toBe(err(ERR.wrongArity("hset")));
    expect(c.send(["EXISTS", "h"])).toBe(int(0));
    expect(c.send(["HMSET", "h", "a", "1", "b", "2"])).toBe("+OK\r\n");
    expect(c.send(["HSETNX", "h", "a", "9"])).toBe(int(0));
    expect(c.send(["HSETNX", "h", "z", "9"])).toBe(int(1));
    expect(c.send(["HSETNX", "new", "f", "v"])).toBe(int(1));
    expect(events).toEqual(["hset:h", "hset:h", "hset:new"]);
    expect(c.send(["HGETALL", "h"])).toBe(
      arr(bulk("a"), bulk("1"), bulk("b"), bulk("2"), bulk("z"), bulk("9")),
    );
  });

  test("binary-safe fields and values; stored values are copies", () => {
    const { c } = client();
    const frame = new TextEncoder().encode(
      "*4\r\n$4\r\nHSET\r\n$1\r\nh\r\n$3\r\na\0b\r\n$4\r\nv\r\n\xff\r\n",
    );
    c.send(frame);
    frame.fill(120);
    const out = c.send(["HGETALL", "h"]);
    expect(out).toBe(arr(bulk("a\0b"), "$4\r\nv\r\n\xc3\r\n"));
  });

  test("WRONGTYPE everywhere, nothing changed", () => {
    const { c } = client();
    c.send(["SET", "s", "v"]);
    for (const cmd of [
      ["HSET", "s", "f", "v"],
      ["HMSET", "s", "f", "v"],
      ["HSETNX", "s", "f", "v"],
      ["HGET", "s", "f"],
      ["HMGET", "s", "f"],
      ["HDEL", "s", "f"],
      ["HLEN", "s"],
      ["HSTRLEN", "s", "f"],
      ["HEXISTS", "s", "f"],
      ["HKEYS", "s"],
      ["HVALS", "s"],
      ["HGETALL", "s"],
      ["HINCRBY", "s", "f", "1"],
      ["HINCRBYFLOAT", "s", "f", "1"],
      ["HRANDFIELD", "s"],
      ["HRANDFIELD", "s", "0"],
      ["HRANDFIELD", "s", "-3", "WITHVALUES"],
    ]) {
      expect(c.send(cmd)).toBe(err(ERR.wrongType));
    }
    expect(c.send(["GET", "s"])).toBe(bulk("v"));
    c.send(["HSET", "h", "f", "v"]);
    expect(c.send(["GET", "h"])).toBe(err(ERR.wrongType));
  });
});

describe("HDEL", () => {
  test("counts removed fields; the emptied hash is deleted with hdel then del", () => {
    const { c, events } = client();
    c.send(["HSET", "h", "a", "1", "b", "2", "c", "3"]);
    events.length = 0;
    expect(c.send(["HDEL", "h", "a", "nope", "a"])).toBe(int(1));
    expect(c.send(["HDEL", "h", "nope"])).toBe(int(0));
    expect(c.send(["HDEL", "nokey", "a"])).toBe(int(0));
    expect(events).toEqual(["hdel:h"]);
    expect(c.send(["HDEL", "h", "b", "c", "b"])).toBe(int(2));
    expect(events).toEqual(["hdel:h", "hdel:h", "del:h"]);
    expect(c.send(["EXISTS", "h"])).toBe(int(0));
    expect(c.send(["HDEL", "h"])).toBe(err(ERR.wrongArity("hdel")));
  });
});

describe("HKEYS / HVALS / HGETALL", () => {
  test("RESP2: flat arrays in insertion order; missing key is empty", () => {
    const { c } = client();
    c.send(["HSET", "h", "b", "2", "a", "1"]);
    c.send(["HDEL", "h", "b"]);
    c.send(["HSET", "h", "b", "3"]);
    expect(c.send(["HKEYS", "h"])).toBe(arr(bulk("a"), bulk("b")));
    expect(c.send(["HVALS", "h"])).toBe(arr(bulk("1"), bulk("3")));
    expect(c.send(["HGETALL", "h"])).toBe(arr(bulk("a"), bulk("1"), bulk("b"), bulk("3")));
    expect(c.send(["HGETALL", "nokey"])).toBe("*0\r\n");
    expect(c.send(["HKEYS", "nokey"])).toBe("*0\r\n");
    expect(c.send(["HVALS", "nokey"])).toBe("*0\r\n");
  });

  test("RESP3: HGETALL is a map, HKEYS/HVALS arrays, nulls are _", () => {
    const { c } = client(3);
    c.send(["HSET", "h", "a", "1", "b", "2"]);
    expect(c.send(["HGETALL", "h"])).toBe(`%2\r\n${bulk("a")}${bulk("1")}${bulk("b")}${bulk("2")}`);
    expect(c.send(["HGETALL", "nokey"])).toBe("%0\r\n");
    expect(c.send(["HKEYS", "h"])).toBe(arr(bulk("a"), bulk("b")));
    expect(c.send(["HVALS", "nokey"])).toBe("*0\r\n");
    expect(c.send(["HGET", "h", "x"])).toBe("_\r\n");
    expect(c.send(["HMGET", "h", "x", "a"])).toBe(arr("_\r\n", bulk("1")));
    expect(c.send(["HEXISTS", "h", "a"])).toBe(int(1));
  });
});

describe("HINCRBY", () => {
  test("64-bit arithmetic, errors leave the hash alone", () => {
    const { c, events } = client();
    expect(c.send(["HINCRBY", "h", "n", "5"])).toBe(int(5));
    expect(c.send(["HINCRBY", "h", "n", "-7"])).toBe(int(-2));
    expect(events).toEqual(["hincrby:h", "hincrby:h"]);
    expect(c.send(["HINCRBY", "h", "big", "9223372036854775807"])).toBe(int("9223372036854775807"));
    expect(c.send(["HINCRBY", "h", "big", "1"])).toBe(err(ERR.overflow));
    expect(c.send(["HINCRBY", "h", "big", "-9223372036854775807"])).toBe(int(0));
    c.send(["HSET", "h", "s", "abc", "sp", " 1", "f", "1.5"]);
    expect(c.send(["HINCRBY", "h", "s", "1"])).toBe(err(ERR.hashNotInteger));
    expect(c.send(["HINCRBY", "h", "sp", "1"])).toBe(err(ERR.hashNotInteger));
    expect(c.send(["HINCRBY", "h", "f", "1"])).toBe(err(ERR.hashNotInteger));
    expect(c.send(["HINCRBY", "h", "n", "1.5"])).toBe(err(ERR.notInteger));
    expect(c.send(["HINCRBY", "nokey", "n", "x"])).toBe(err(ERR.notInteger));
    expect(c.send(["EXISTS", "nokey"])).toBe(int(0));
    expect(c.send(["HGET", "h", "n"])).toBe(bulk("-2"));
  });
});

describe("HINCRBYFLOAT", () => {
  test("long-double sums and formatting, as redis-server prints them", () => {
    const { c, events } = client();
    expect(c.send(["HINCRBYFLOAT", "h", "f", "0.1"])).toBe(bulk("0.1"));
    expect(c.send(["HINCRBYFLOAT", "h", "f", "0.2"])).toBe(bulk("0.3"));
    expect(events).toEqual(["hincrbyfloat:h", "hincrbyfloat:h"]);
    expect(c.send(["HGET", "h", "f"])).toBe(bulk("0.3"));
    expect(c.send(["HINCRBYFLOAT", "h", "g", "1e-5"])).toBe(bulk("0.00001"));
    expect(c.send(["HINCRBYFLOAT", "h", "x", "1e20"])).toBe(bulk("100000000000000000000"));
    expect(c.send(["HINCRBYFLOAT", "h", "x", "1e30"])).toBe(bulk("1000000000100000000035918970880"));
    expect(c.send(["HINCRBYFLOAT", "h", "i", "9223372036854775807"])).toBe(bulk("9223372036854775807"));
    expect(c.send(["HINCRBYFLOAT", "h", "i", "1"])).toBe(bulk("9223372036854775808"));
    expect(c.send(["HINCRBYFLOAT", "h", "n", "-1.23456789012345678901"])).toBe(bulk("-1.23456789012345679"));
    expect(c.send(["HINCRBYFLOAT", "h", "z", "-0.0"])).toBe(bulk("0"));
    expect(c.send(["HINCRBYFLOAT", "h", "t", "4.9e-18"])).toBe(bulk("0"));
    expect(c.send(["HINCRBYFLOAT", "h", "hex", "0x1p-3"])).toBe(bulk("0.125"));
    const huge = c.send(["HINCRBYFLOAT", "h", "e", "1e4000"]);
    expect(huge.startsWith("$4000\r\n999999999999999999996546387309962378493249258350695763130150")).toBe(
      true,
    );
  });

  test("errors", () => {
    const { c } = client();
    c.send(["HSET", "h", "s", "abc", "inf", "inf"]);
    expect(c.send(["HINCRBYFLOAT", "h", "s", "1"])).toBe(err(ERR.hashNotFloat));
    expect(c.send(["HINCRBYFLOAT", "h", "f", "abc"])).toBe(err(ERR.notFloat));
    expect(c.send(["HINCRBYFLOAT", "h", "f", " 1"])).toBe(err(ERR.notFloat));
    expect(c.send(["HINCRBYFLOAT", "h", "f", "nan"])).toBe(err(ERR.notFloat));
    expect(c.send(["HINCRBYFLOAT", "h", "f", "1e-5000"])).toBe(err(ERR.notFloat));
    expect(c.send(["HINCRBYFLOAT", "h", "f", "inf"])).toBe(err(ERR.nanOrInfinity));
    expect(c.send(["HINCRBYFLOAT", "h", "inf", "1"])).toBe(err(ERR.incrNanOrInfinity));
    c.send(["HINCRBYFLOAT", "h", "big", "1.1e4932"]);
    expect(c.send(["HINCRBYFLOAT", "h", "big", "1.1e4932"])).toBe(err(ERR.incrNanOrInfinity));
    expect(c.send(["HINCRBYFLOAT", "nokey", "f", "x"])).toBe(err(ERR.notFloat));
    expect(c.send(["EXISTS", "nokey"])).toBe(int(0));
    expect(c.send(["HEXISTS", "h", "f"])).toBe(int(0));
  });
});

describe("HRANDFIELD", () => {
  const fields = ["a", "b", "c", "d", "e"];
  const setup = (resp: 2 | 3 = 2) => {
    const t = client(resp);
    t.c.send(["HSET", "h", ...fields.flatMap((f) => [f, f.toUpperCase()])]);
    return t.c;
  };
  /** The bulk strings of a reply, in order. */
  const bulks = (reply: string) => [...reply.matchAll(/\$\d+\r\n([^\r]*)\r\n/g)].map((m) => m[1]!);

  test("no count: one field, nil for a missing key", () => {
    const c = setup();
    for (let i = 0; i < 20; i++) expect(fields).toContain(bulks(c.send(["HRANDFIELD", "h"]))[0]!);
    expect(c.send(["HRANDFIELD", "nokey"])).toBe("$-1\r\n");
    const c3 = setup(3);
    expect(c3.send(["HRANDFIELD", "nokey"])).toBe("_\r\n");
  });

  test("positive count: distinct fields; whole hash in order when count >= size", () => {
    const c = setup();
    expect(c.send(["HRANDFIELD", "h", "5"])).toBe(arr(...fields.map(bulk)));
    expect(c.send(["HRANDFIELD", "h", "100"])).toBe(arr(...fields.map(bulk)));
    for (let n = 1; n < 5; n++) {
      for (let i = 0; i < 10; i++) {
        const got = bulks(c.send(["HRANDFIELD", "h", String(n)]));
        expect(got.length).toBe(n);
        expect(new Set(got).size).toBe(n);
        for (const f of got) expect(fields).toContain(f);
      }
    }
    expect(c.send(["HRANDFIELD", "h", "0"])).toBe("*0\r\n");
    expect(c.send(["HRANDFIELD", "nokey", "3"])).toBe("*0\r\n");
  });

  test("sparse picks from a small hash come in hash order, as Redis's listpack sampling", () => {
    const { c } = client();
    const many = Array.from({ length: 60 }, (_, i) => `m${String(i).padStart(2, "0")}`);
    c.send(["HSET", "mid", ...many.flatMap((f) => [f, "v"])]);
    for (let i = 0; i < 20; i++) {
      const got = bulks(c.send(["HRANDFIELD", "mid", "20"]));
      expect(new Set(got).size).toBe(20);
      expect(got).toEqual([...got].sort());
    }
    // Dense picks (more than a third) come in random order, as Redis's CASE 3.
    let unordered = 0;
    for (let i = 0; i < 20; i++) {
      const got = bulks(c.send(["HRANDFIELD", "mid", "40"]));
      expect(new Set(got).size).toBe(40);
      if (got.join() !== [...got].sort().join()) unordered++;
    }
    expect(unordered).toBeGreaterThan(0);
  });

  test("negative count: exactly |count| fields with repeats", () => {
    const c = setup();
    const got = bulks(c.send(["HRANDFIELD", "h", "-50"]));
    expect(got.length).toBe(50);
    for (const f of got) expect(fields).toContain(f);
    expect(new Set(got).size).toBeGreaterThan(1);
  });

  test("WITHVALUES: flat in RESP2, pairs in RESP3", () => {
    const c = setup();
    const flat = c.send(["HRANDFIELD", "h", "-3", "WITHVALUES"]);
    expect(flat.startsWith("*6\r\n")).toBe(true);
    const items = bulks(flat);
    for (let i = 0; i < items.length; i += 2) expect(items[i + 1]).toBe(items[i]!.toUpperCase());
    expect(c.send(["HRANDFIELD", "h", "9", "withvalues"])).toBe(
      arr(...fields.flatMap((f) => [bulk(f), bulk(f.toUpperCase())])),
    );
    const c3 = setup(3);
    expect(c3.send(["HRANDFIELD", "h", "9", "WITHVALUES"])).toBe(
      arr(...fields.map((f) => arr(bulk(f), bulk(f.toUpperCase())))),
    );
    const one = c3.send(["HRANDFIELD", "h", "1", "WITHVALUES"]);
    expect(one).toMatch(/^\*1\r\n\*2\r\n\$1\r\n([a-e])\r\n\$1\r\n[A-E]\r\n$/);
    expect(c3.send(["HRANDFIELD", "h", "-2", "WITHVALUES"]).startsWith("*2\r\n*2\r\n")).toBe(true);
  });

  test("count and option errors, checked before the key", () => {
    const c = setup();
    c.send(["SET", "s", "v"]);
    expect(c.send(["HRANDFIELD", "s", "x"])).toBe(err(ERR.notInteger));
    expect(c.send(["HRANDFIELD", "h", "1", "WITHVALUE"])).toBe(err(ERR.syntax));
    expect(c.send(["HRANDFIELD", "s", "1", "WITHVALUES", "x"])).toBe(err(ERR.syntax));
    expect(c.send(["HRANDFIELD", "h", "-9223372036854775808"])).toBe(
      err(ERR.outOfRangeBetween("-9223372036854775807", "9223372036854775807")),
    );
    expect(c.send(["HRANDFIELD", "h", "4611686018427387904", "WITHVALUES"])).toBe(err(ERR.outOfRange));
    expect(c.send(["HRANDFIELD", "h", "-4611686018427387904", "WITHVALUES"])).toBe(err(ERR.outOfRange));
    expect(c.send(["HRANDFIELD", "h", "4611686018427387903", "WITHVALUES"]).startsWith("*10\r\n")).toBe(true);
    expect(c.send(["HRANDFIELD"])).toBe(err(ERR.wrongArity("hrandfield")));
  });

  test("large hashes: distinct picks stay distinct and cover every field", () => {
    const { c } = client();
    const n = 1000;
    const pairs: string[] = [];
    for (let i = 0; i < n; i++) pairs.push(`f${i}`, `${i}`);
    c.send(["HSET", "big", ...pairs]);
    for (const count of [10, 400, 999]) {
      const got = bulks(c.send(["HRANDFIELD", "big", String(count)]));
      expect(got.length).toBe(count);
      expect(new Set(got).size).toBe(count);
      for (const f of got) expect(f).toMatch(/^f\d+$/);
    }
    // Delete most fields (swap-removes), then the survivors are still exactly what is picked.
    const dels: string[] = [];
    for (let i = 0; i < n; i += 3) dels.push(`f${i}`);
    c.send(["HDEL", "big", ...dels]);
    const rest = bulks(c.send(["HRANDFIELD", "big", "5000"]));
    expect(rest.length).toBe(n - dels.length);
    expect(rest.every((f) => Number(f.slice(1)) % 3 !== 0)).toBe(true);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) for (const f of bulks(c.send(["HRANDFIELD", "big", "-50"]))) seen.add(f);
    expect(seen.size).toBe(rest.length);
  });
});
