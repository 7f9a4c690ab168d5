/**
 * Keyspace read lookups under each lookup mode: keyspace hits and misses, and the keymiss hook,
 * as Redis's lookupKey flags decide them. Write methods never count. Manual clock, no sockets.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { ManualClock } from "../../src/db/clock.ts";
import { Databases } from "../../src/db/databases.ts";
import { LOOKUP_NOTIFY, LOOKUP_READ, LOOKUP_STATS, LOOKUP_WRITE } from "../../src/db/keyspace.ts";

const T0 = 1_700_000_000_000;
const v = (s: string) => new TextEncoder().encode(s);

let open: Databases[] = [];
afterEach(() => {
  for (const d of open) d.close();
  open = [];
});

function setup() {
  const clock = new ManualClock(T0);
  const dbs = new Databases({ clock, count: 2 });
  open.push(dbs);
  dbs.close(); // lazy expiry only
  const events: string[] = [];
  dbs.onKeyMiss = (db, key) => events.push(`keymiss ${db}:${key}`);
  dbs.onExpired = (db, key) => events.push(`expired ${db}:${key}`);
  const counts = () => [dbs.keyspaceHits, dbs.keyspaceMisses];
  return { clock, dbs, ks: dbs.db(0), events, counts };
}

describe("read lookups", () => {
  test("LOOKUP_READ counts hits and misses, and a miss calls onKeyMiss", () => {
    const { dbs, ks, events, counts } = setup();
    ks.set("k", v("v"));
    dbs.lookupMode = LOOKUP_READ;
    expect(ks.get("k")).toEqual(v("v"));
    expect(ks.has("k")).toBe(true);
    expect(ks.lookupKey("k")).toBeGreaterThanOrEqual(0);
    expect(ks.get("nope")).toBeUndefined();
    expect(ks.has("nope2")).toBe(false);
    expect(counts()).toEqual([3, 2]);
    expect(events).toEqual(["keymiss 0:nope", "keymiss 0:nope2"]);
  });

  test("a key given as bytes reaches onKeyMiss as the same binary string", () => {
    const { dbs, ks, events, counts } = setup();
    dbs.lookupMode = LOOKUP_READ;
    const src = new Uint8Array([120, 0, 0xff, 0x80, 120]);
    expect(ks.lookup(src, 1, 4)).toBe(-1);
    ks.set("\x00\xff\x80", v("x"));
    expect(ks.lookup(src, 1, 4)).toBeGreaterThanOrEqual(0);
    expect(counts()).toEqual([1, 1]);
    expect(events).toEqual(["keymiss 0:\x00\xff\x80"]);
  });

  test("LOOKUP_STATS counts without notifying (OBJECT); LOOKUP_NOTIFY notifies without counting", () => {
    const { dbs, ks, events, counts } = setup();
    dbs.lookupMode = LOOKUP_STATS;
    ks.get("a");
    expect(counts()).toEqual([0, 1]);
    expect(events).toEqual([]);
    dbs.lookupMode = LOOKUP_NOTIFY;
    ks.get("b");
    expect(counts()).toEqual([0, 1]);
    expect(events).toEqual(["keymiss 0:b"]);
  });

  test("LOOKUP_WRITE counts nothing", () => {
    const { dbs, ks, events, counts } = setup();
    ks.set("k", v("v"));
    dbs.lookupMode = LOOKUP_WRITE;
    ks.get("k");
    ks.get("nope");
    ks.has("nope");
    expect(counts()).toEqual([0, 0]);
    expect(events).toEqual([]);
  });

  test("no keymiss hook (class m off): misses are still counted", () => {
    const { dbs, ks, counts } = setup();
    dbs.onKeyMiss = null;
    dbs.lookupMode = LOOKUP_READ;
    ks.get("nope");
    expect(counts()).toEqual([0, 1]);
  });

  test("a key past its deadline is a miss, after its expiry", () => {
    const { clock, dbs, ks, events, counts } = setup();
    ks.set("t", v("v"));
    ks.setExpire("t", T0 + 100);
    dbs.lookupMode = LOOKUP_READ;
    expect(ks.has("t")).toBe(true);
    clock.advance(101);
    expect(ks.get("t")).toBeUndefined();
    expect(counts()).toEqual([1, 1]);
    expect(events).toEqual(["expired 0:t", "keymiss 0:t"]);
  });

  test("the database index is passed to onKeyMiss", () => {
    const { dbs, events } = setup();
    dbs.lookupMode = LOOKUP_READ;
    dbs.db(1).get("k");
    expect(events).toEqual(["keymiss 1:k"]);
  });
});

describe("write methods never count, whatever the mode", () => {
  test("set, setBytes, delete, setExpire, persist, getExpire", () => {
    const { dbs, ks, events, counts } = setup();
    dbs.lookupMode = LOOKUP_READ;
    ks.set("a", v("1"));
    ks.set("a", v("2"));
    const b = v("bkey");
    ks.setBytes(b, 0, 4, b, 0, 1);
    ks.setBytes(b, 0, 4, b, 0, 2);
    expect(ks.setExpire("a", T0 + 1000)).toBe(true);
    expect(ks.setExpire("missing", T0 + 1000)).toBe(false);
    expect(ks.getExpire("a")).toBe(T0 + 1000);
    expect(ks.getExpire("missing")).toBeUndefined();
    expect(ks.persist("a")).toBe(true);
    expect(ks.persist("missing")).toBe(false);
    expect(ks.delete("a")).toBe(true);
    expect(ks.delete("missing")).toBe(false);
    expect(counts()).toEqual([0, 0]);
    expect(events).toEqual([]);
  });
});
