import { describe, expect, test } from "bun:test";
import { ERR } from "../../src/errors.ts";
import { localServer } from "../support/local-server.ts";

/** Parse a RESP2 SCAN reply into [cursor, keys]. */
function parseScan(reply: string): [string, string[]] {
  const lines = reply.split("\r\n");
  const cursor = lines[2]!;
  const n = Number(lines[3]!.slice(1));
  const keys: string[] = [];
  for (let i = 0; i < n; i++) keys.push(lines[5 + i * 2]!);
  return [cursor, keys];
}

function fullScan(send: (argv: string[]) => string, extra: string[] = []): string[] {
  const out: string[] = [];
  let cursor = "0";
  do {
    const [next, keys] = parseScan(send(["SCAN", cursor, ...extra]));
    out.push(...keys);
    cursor = next;
  } while (cursor !== "0");
  return out;
}

describe("SCAN", () => {
  test("a full iteration returns every key once; MATCH, COUNT, TYPE", () => {
    const c = localServer().connect();
    for (let i = 0; i < 500; i++) c.send(["SET", `k${i}`, "v"]);
    const all = fullScan((a) => c.send(a), ["COUNT", "7"]);
    expect(all.length).toBe(500);
    expect(new Set(all).size).toBe(500);
    expect(fullScan((a) => c.send(a), ["MATCH", "k1?"]).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `k1${i}`).sort(),
    );
    expect(fullScan((a) => c.send(a), ["TYPE", "string"]).length).toBe(500);
    expect(fullScan((a) => c.send(a), ["TYPE", "list"]).length).toBe(0);
  });

  test("keys present for the whole scan are returned while others come and go", () => {
    const c = localServer().connect();
    for (let i = 0; i < 300; i++) c.send(["SET", `stay${i}`, "v"]);
    const seen = new Set<string>();
    let cursor = "0";
    let round = 0;
    do {
      const [next, keys] = parseScan(c.send(["SCAN", cursor, "COUNT", "20"]));
      for (const k of keys) seen.add(k);
      cursor = next;
      // Churn: each round adds 50 keys and deletes the 50 of the round before (ids are reused,
      // the index rehashes as it first grows).
      for (let i = 0; i < 50; i++) c.send(["SET", `tmp${round}:${i}`, "v"]);
      if (round > 0) for (let i = 0; i < 50; i++) c.send(["DEL", `tmp${round - 1}:${i}`]);
      round++;
    } while (cursor !== "0");
    for (let i = 0; i < 300; i++) expect(seen.has(`stay${i}`)).toBe(true);
  });

  test("errors", () => {
    const c = localServer().connect();
    expect(c.send(["SCAN", "abc"])).toBe(`-${ERR.invalidCursor}\r\n`);
    expect(c.send(["SCAN", "18446744073709551616"])).toBe(`-${ERR.invalidCursor}\r\n`);
    expect(c.send(["SCAN", "0", "COUNT", "0"])).toBe(`-${ERR.syntax}\r\n`);
    expect(c.send(["SCAN", "0", "MATCH"])).toBe(`-${ERR.syntax}\r\n`);
    expect(c.send(["SCAN", "0", "COUNT", "x"])).toBe(`-${ERR.notInteger}\r\n`);
    // A cursor past the end finishes the scan.
    expect(c.send(["SCAN", "18446744073709551615"])).toBe("*2\r\n$1\r\n0\r\n*0\r\n");
  });

  test("expired keys are skipped", () => {
    const { connect, clock } = localServer();
    const c = connect();
    c.send(["SET", "a", "1", "PX", "10"]);
    c.send(["SET", "b", "1"]);
    clock.set(clock.now() + 11);
    expect(fullScan((a) => c.send(a))).toEqual(["b"]);
  });
});

describe("SSCAN and ZSCAN", () => {
  test("SSCAN returns every member present for the whole scan, while others are removed", () => {
    const c = localServer().connect();
    const stay = Array.from({ length: 200 }, (_, i) => `m${i}`);
    const go = Array.from({ length: 200 }, (_, i) => `x${i}`);
    c.send(["SADD", "s", ...stay, ...go]);
    const seen = new Set<string>();
    let cursor = "0";
    let round = 0;
    do {
      const [next, members] = parseScan(c.send(["SSCAN", "s", cursor, "COUNT", "15"]));
      for (const m of members) seen.add(m);
      cursor = next;
      // Deleting moves the top member into the gap: the scan must still see every stayer.
      for (let i = 0; i < 10 && round * 10 + i < go.length; i++) c.send(["SREM", "s", go[round * 10 + i]!]);
      round++;
    } while (cursor !== "0");
    for (const m of stay) expect(seen.has(m)).toBe(true);
    expect(
      c
        .send(["SSCAN", "s", "0", "MATCH", "m1?", "COUNT", "1000"])
        .split("\r\n")
        .filter((l) => l.startsWith("m")).length,
    ).toBe(10);
    expect(c.send(["SSCAN", "nokey", "0"])).toBe("*2\r\n$1\r\n0\r\n*0\r\n");
  });

  test("ZSCAN returns members with Redis-formatted scores, in one call", () => {
    const c = localServer().connect();
    c.send(["ZADD", "z", "1.5", "a", "inf", "b", "-0.1", "c"]);
    const r = c.send(["ZSCAN", "z", "0", "COUNT", "1"]);
    expect(r.startsWith("*2\r\n$1\r\n0\r\n*6\r\n")).toBe(true);
    expect(r).toContain("$1\r\na\r\n$3\r\n1.5\r\n");
    expect(r).toContain("$1\r\nb\r\n$3\r\ninf\r\n");
    expect(r).toContain("$1\r\nc\r\n$20\r\n-0.10000000000000001\r\n"); // %.17g, as redis-server
    expect(c.send(["ZSCAN", "z", "0", "NOVALUES"])).toBe(`-${ERR.syntax}\r\n`);
    c.send(["SET", "str", "v"]);
    expect(c.send(["ZSCAN", "str", "0"])).toBe(`-${ERR.wrongType}\r\n`);
  });
});

describe("HSCAN", () => {
  test("every field present for the whole scan comes back with its value, while others go", () => {
    const c = localServer().connect();
    const args: string[] = [];
    for (let i = 0; i < 150; i++) args.push(`f${i}`, `v${i}`, `g${i}`, "x");
    c.send(["HSET", "h", ...args]);
    const seen = new Map<string, string>();
    let cursor = "0";
    let round = 0;
    do {
      const reply = c.send(["HSCAN", "h", cursor, "COUNT", "12"]);
      const [next, items] = parseScan(reply);
      for (let i = 0; i < items.length; i += 2) seen.set(items[i]!, items[i + 1]!);
      cursor = next;
      for (let i = 0; i < 8 && round * 8 + i < 150; i++) c.send(["HDEL", "h", `g${round * 8 + i}`]);
      round++;
    } while (cursor !== "0");
    for (let i = 0; i < 150; i++) expect(seen.get(`f${i}`)).toBe(`v${i}`);
  });
});

describe("SCAN order for small collections, as Redis answers them", () => {
  test("a small hash comes back whole in insertion order; a small zset in score order", () => {
    const c = localServer().connect();
    c.send(["HSET", "h", "c", "1", "a", "2", "b", "3"]);
    expect(c.send(["HSCAN", "h", "0", "COUNT", "1"])).toBe(
      "*2\r\n$1\r\n0\r\n*6\r\n$1\r\nc\r\n$1\r\n1\r\n$1\r\na\r\n$1\r\n2\r\n$1\r\nb\r\n$1\r\n3\r\n",
    );
    c.send(["ZADD", "z", "3", "c", "1", "a", "2", "b"]);
    expect(c.send(["ZSCAN", "z", "0"])).toBe(
      "*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n",
    );
  });
});
