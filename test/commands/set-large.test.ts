/**
 * The set commands on large sets (past SMALL_MAX, members kept as bytes in a KeyTable), with
 * members short and long (past a slab record's inline limit) and with NUL bytes: every reply
 * carries the exact member bytes, whichever way the member is read back.
 */
import { describe, expect, test } from "bun:test";
import { SMALL_MAX } from "../../src/db/types/set.ts";
import { bulkItems, localServer } from "../support/local-server.ts";

const int = (n: number) => `:${n}\r\n`;
const bulk = (s: string) => `$${s.length}\r\n${s}\r\n`;

const items = bulkItems;

/** The one bulk string of a reply. */
const one = (reply: string): string => items(`*1\r\n${reply}`)[0]!;

/** An SSCAN reply: the next cursor and the members. */
function scanReply(reply: string): [string, string[]] {
  const head = /^\*2\r\n\$\d+\r\n(\d+)\r\n/.exec(reply)!;
  return [head[1]!, items(reply.slice(head[0].length))];
}

const sorted = (a: string[]) => a.slice().sort();

// Short members, one with a NUL, and long ones around and past 512 bytes.
const members = [
  ...Array.from({ length: SMALL_MAX + 4 }, (_, i) => `m${i}`),
  "a\u0000b",
  "",
  "L".repeat(511),
  "M".repeat(512),
  "N".repeat(513),
  "O".repeat(3000),
];

function setup() {
  const { connect } = localServer();
  const c = connect();
  expect(c.send(["SADD", "s", ...members])).toBe(int(members.length));
  return c;
}

describe("set commands on a large set, members as bytes", () => {
  test("SADD, SISMEMBER, SMISMEMBER, SMEMBERS, SREM", () => {
    const c = setup();
    expect(c.send(["SADD", "s", ...members])).toBe(int(0));
    expect(c.send(["SCARD", "s"])).toBe(int(members.length));
    for (const m of members) expect(c.send(["SISMEMBER", "s", m])).toBe(int(1));
    expect(c.send(["SISMEMBER", "s", "a"])).toBe(int(0));
    expect(c.send(["SMISMEMBER", "s", "N".repeat(513), "N".repeat(514), "a\u0000b"])).toBe(
      "*3\r\n:1\r\n:0\r\n:1\r\n",
    );
    // Insertion order (no removal yet), exact bytes.
    expect(items(c.send(["SMEMBERS", "s"]))).toEqual(members);
    expect(c.send(["SREM", "s", "m0", "O".repeat(3000), "nope"])).toBe(int(2));
    const left = members.filter((m) => m !== "m0" && m !== "O".repeat(3000));
    expect(sorted(items(c.send(["SMEMBERS", "s"])))).toEqual(sorted(left));
  });

  test("SPOP and SRANDMEMBER return exact members; SPOP removes them", () => {
    const c = setup();
    for (let k = 0; k < 10; k++) expect(members).toContain(one(c.send(["SRANDMEMBER", "s"])));
    expect(sorted(items(c.send(["SRANDMEMBER", "s", "100"])))).toEqual(sorted(members));
    const some = items(c.send(["SRANDMEMBER", "s", "5"]));
    expect(new Set(some).size).toBe(5);
    for (const m of some) expect(members).toContain(m);
    for (const m of items(c.send(["SRANDMEMBER", "s", "-50"]))) expect(members).toContain(m);
    const popped = items(c.send(["SPOP", "s", "7"]));
    popped.push(one(c.send(["SPOP", "s"])));
    for (const m of popped) expect(c.send(["SISMEMBER", "s", m])).toBe(int(0));
    const rest = items(c.send(["SPOP", "s", "1000"]));
    expect(sorted([...popped, ...rest])).toEqual(sorted(members));
    expect(c.send(["EXISTS", "s"])).toBe(int(0));
  });

  test("SSCAN walks every member once, with and without MATCH", () => {
    const c = setup();
    const seen: string[] = [];
    let cursor = "0";
    do {
      const [next, found] = scanReply(c.send(["SSCAN", "s", cursor, "COUNT", "3"]));
      cursor = next;
      seen.push(...found);
    } while (cursor !== "0");
    expect(sorted(seen)).toEqual(sorted(members));
    const matched = c.send(["SSCAN", "s", "0", "MATCH", "N*", "COUNT", "1000"]);
    expect(matched).toBe(`*2\r\n${bulk("0")}*1\r\n${bulk("N".repeat(513))}`);
  });

  test("SMOVE, SINTER, SUNION, SDIFF and the STORE forms carry exact bytes", () => {
    const c = setup();
    const other = [
      "M".repeat(512),
      "O".repeat(3000),
      "a\u0000b",
      "x",
      ...Array.from({ length: 20 }, (_, i) => `o${i}`),
    ];
    c.send(["SADD", "t", ...other]);
    const common = ["M".repeat(512), "O".repeat(3000), "a\u0000b"];
    expect(sorted(items(c.send(["SINTER", "s", "t"])))).toEqual(sorted(common));
    expect(c.send(["SINTERCARD", "2", "s", "t"])).toBe(int(3));
    expect(sorted(items(c.send(["SUNION", "s", "t"])))).toEqual(sorted([...new Set([...members, ...other])]));
    expect(sorted(items(c.send(["SDIFF", "s", "t"])))).toEqual(
      sorted(members.filter((m) => !common.includes(m))),
    );
    expect(c.send(["SDIFFSTORE", "d", "t", "s"])).toBe(int(other.length - 3));
    expect(c.send(["SISMEMBER", "d", "x"])).toBe(int(1));
    expect(c.send(["SINTERSTORE", "i", "t", "s"])).toBe(int(3));
    expect(c.send(["SISMEMBER", "i", "O".repeat(3000)])).toBe(int(1));
    expect(c.send(["SMOVE", "s", "t", "N".repeat(513)])).toBe(int(1));
    expect(c.send(["SISMEMBER", "s", "N".repeat(513)])).toBe(int(0));
    expect(c.send(["SISMEMBER", "t", "N".repeat(513)])).toBe(int(1));
    expect(c.send(["COPY", "t", "t2"])).toBe(int(1));
    expect(sorted(items(c.send(["SMEMBERS", "t2"])))).toEqual(sorted(items(c.send(["SMEMBERS", "t"]))));
  });
});
