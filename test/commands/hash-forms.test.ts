/**
 * The hash commands over both forms of a hash (compact listpack, table), at the limits where
 * Redis 7.0 converts (512 fields, 64-byte fields and values), checked against what
 * redis-server 7.0.15 answers.
 */
import { describe, expect, test } from "bun:test";
import { localServer } from "../support/local-server.ts";

const bulk = (s: string) => `$${s.length}\r\n${s}\r\n`;
const arr = (...items: string[]) => `*${items.length}\r\n${items.join("")}`;
const int = (n: number) => `:${n}\r\n`;
/** The bulk strings of a reply, in order. */
const bulks = (reply: string) => [...reply.matchAll(/\$\d+\r\n([^\r]*)\r\n/g)].map((m) => m[1]!);

/** `n` pairs f000=v0, f001=v1, ... (fields sort in insertion order). */
const manyPairs = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => [`f${String(i).padStart(3, "0")}`, `v${i}`]).flat();

describe("hash forms", () => {
  test("OBJECT ENCODING: listpack up to 512 fields of 64 bytes, then hashtable", () => {
    const c = localServer().connect();
    c.send(["HSET", "h", ...manyPairs(512)]);
    expect(c.send(["OBJECT", "ENCODING", "h"])).toBe(bulk("listpack"));
    c.send(["HSET", "h", "one", "more"]);
    expect(c.send(["OBJECT", "ENCODING", "h"])).toBe(bulk("hashtable"));
    c.send(["HSET", "v", "f", "x".repeat(64)]);
    expect(c.send(["OBJECT", "ENCODING", "v"])).toBe(bulk("listpack"));
    c.send(["HINCRBYFLOAT", "v", "n", "1e100"]); // a 101-byte value
    expect(c.send(["OBJECT", "ENCODING", "v"])).toBe(bulk("hashtable"));
  });

  test("a hash that grew to a table and shrank unobserved stays hashtable, and COPY keeps it", () => {
    const c = localServer().connect();
    c.send(["HSET", "h", ...manyPairs(513)]);
    c.send([
      "HDEL",
      "h",
      ...manyPairs(513)
        .filter((_, i) => i % 2 === 0)
        .slice(1),
    ]);
    expect(c.send(["HLEN", "h"])).toBe(int(1));
    expect(c.send(["OBJECT", "ENCODING", "h"])).toBe(bulk("hashtable"));
    c.send(["HSET", "big", ...manyPairs(513)]);
    c.send([
      "HDEL",
      "big",
      ...manyPairs(513)
        .filter((_, i) => i % 2 === 0)
        .slice(1),
    ]);
    c.send(["COPY", "big", "copy"]);
    expect(c.send(["OBJECT", "ENCODING", "copy"])).toBe(bulk("hashtable"));
  });

  test("sparse HRANDFIELD picks of a 300-field (listpack) hash come in hash order", () => {
    const c = localServer().connect();
    c.send(["HSET", "h", ...manyPairs(300)]);
    for (let i = 0; i < 10; i++) {
      const got = bulks(c.send(["HRANDFIELD", "h", "50"]));
      expect(new Set(got).size).toBe(50);
      expect(got).toEqual([...got].sort());
    }
  });

  test("updates of a compact hash keep insertion order in HGETALL, HKEYS, HVALS and HSCAN", () => {
    const c = localServer().connect();
    c.send(["HSET", "h", "a", "1", "b", "2", "c", "3"]);
    c.send(["HSET", "h", "a", "a much longer value", "b", ""]);
    c.send(["HDEL", "h", "b"]);
    c.send(["HSET", "h", "b", "back"]);
    const items = ["a", "a much longer value", "c", "3", "b", "back"];
    expect(c.send(["HGETALL", "h"])).toBe(arr(...items.map(bulk)));
    expect(c.send(["HKEYS", "h"])).toBe(arr(...["a", "c", "b"].map(bulk)));
    expect(c.send(["HVALS", "h"])).toBe(arr(...["a much longer value", "3", "back"].map(bulk)));
    expect(c.send(["HSCAN", "h", "0", "COUNT", "1"])).toBe(arr(bulk("0"), arr(...items.map(bulk))));
    expect(c.send(["HMGET", "h", "c", "x", "a"])).toBe(
      arr(bulk("3"), "$-1\r\n", bulk("a much longer value")),
    );
    expect(c.send(["HSTRLEN", "h", "a"])).toBe(int(19));
  });

  test("a table-form hash: big values, every read, HINCRBY, HDEL down to empty", () => {
    const c = localServer().connect();
    const big = "x".repeat(10_000); // kept out of line by the table
    c.send(["HSET", "h", ...manyPairs(600), "big", big, "n", "41"]);
    expect(c.send(["HLEN", "h"])).toBe(int(602));
    expect(c.send(["HGET", "h", "big"])).toBe(bulk(big));
    expect(c.send(["HSTRLEN", "h", "big"])).toBe(int(10_000));
    expect(c.send(["HEXISTS", "h", "f599"])).toBe(int(1));
    expect(c.send(["HINCRBY", "h", "n", "1"])).toBe(int(42));
    expect(c.send(["HMGET", "h", "n", "f007", "nope"])).toBe(arr(bulk("42"), bulk("v7"), "$-1\r\n"));
    const all = bulks(c.send(["HGETALL", "h"]));
    expect(all.length).toBe(602 * 2);
    const asMap = new Map<string, string>();
    for (let i = 0; i < all.length; i += 2) asMap.set(all[i]!, all[i + 1]!);
    expect(asMap.get("big")).toBe(big);
    expect(asMap.get("f123")).toBe("v123");
    expect(bulks(c.send(["HKEYS", "h"])).sort()).toEqual([...asMap.keys()].sort());
    // HSCAN walks a table with a cursor.
    const seen = new Set<string>();
    let cursor = "0";
    do {
      const reply = c.send(["HSCAN", "h", cursor, "COUNT", "50"]);
      const [next, ...items] = bulks(reply);
      for (let i = 0; i < items.length; i += 2) seen.add(items[i]!);
      cursor = next!;
    } while (cursor !== "0");
    expect(seen.size).toBe(602);
    expect(c.send(["HDEL", "h", ...[...asMap.keys()]])).toBe(int(602));
    expect(c.send(["EXISTS", "h"])).toBe(int(0));
  });
});
