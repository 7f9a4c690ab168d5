/** Keyspace: values, TTLs and lazy expiry with Redis's exact boundaries, under a manual clock. */

import { afterEach, describe, expect, test } from "bun:test";
import { ManualClock } from "../../src/db/clock.ts";
import { Databases } from "../../src/db/databases.ts";
import { typeOf } from "../../src/db/keyspace.ts";

const T0 = 1_700_000_000_000;
const v = (s: string) => new TextEncoder().encode(s);

let open: Databases[] = [];
afterEach(() => {
  for (const d of open) d.close();
  open = [];
});

/** A fresh set of databases on a manual clock; active expiry off unless `active`. */
function setup(active = false) {
  const clock = new ManualClock(T0);
  const dbs = new Databases({ clock, count: 4 });
  open.push(dbs);
  if (!active) dbs.close(); // lazy expiry only: nothing deletes keys behind the test's back
  const expired: string[] = [];
  dbs.onExpired = (db, key) => expired.push(`${db}:${key}`);
  return { clock, dbs, ks: dbs.db(0), expired };
}

describe("Keyspace values", () => {
  test("set/get/has/delete/size over binary keys", () => {
    const { ks } = setup();
    const key = "\x00\xff\x80k";
    expect(ks.get(key)).toBeUndefined();
    expect(ks.has(key)).toBe(false);
    const value = v("hello");
    ks.set(key, value);
    expect(ks.get(key)).toEqual(value);
    // Strings are copied into the table: the caller's array can be reused.
    value.fill(0);
    expect(ks.get(key)).toEqual(v("hello"));
    expect(ks.has(key)).toBe(true);
    expect(ks.size).toBe(1);
    expect(typeOf(value)).toBe("string");
    expect(ks.delete(key)).toBe(true);
    expect(ks.delete(key)).toBe(false);
    expect(ks.size).toBe(0);
  });

  test("databases are separate and indexed", () => {
    const { dbs } = setup();
    dbs.db(1).set("k", v("one"));
    expect(dbs.db(0).has("k")).toBe(false);
    expect(dbs.db(1).index).toBe(1);
    expect(dbs.count).toBe(4);
    expect(() => dbs.db(4)).toThrow(RangeError);
    expect(() => dbs.db(-1)).toThrow(RangeError);
  });

  test("keys() lists live keys in insertion order", () => {
    const { ks } = setup();
    for (const k of ["a", "b", "c"]) ks.set(k, v(k));
    expect([...ks.keys()]).toEqual(["a", "b", "c"]);
  });

  test("randomKey returns each key eventually and undefined when empty", () => {
    const { ks } = setup();
    expect(ks.randomKey()).toBeUndefined();
    ks.set("foo", v("x"));
    ks.set("bar", v("y"));
    const seen = new Set<string>();
    for (let i = 0; i < 100; i++) seen.add(ks.randomKey()!);
    expect([...seen].sort()).toEqual(["bar", "foo"]);
  });
});

describe("Keyspace TTL and lazy expiry", () => {
  test("a key lives while now == deadline and is gone at deadline + 1 (Redis: now > when)", () => {
    const { clock, ks, dbs, expired } = setup();
    ks.set("k", v("x"));
    expect(ks.setExpire("k", T0 + 1000)).toBe(true);
    expect(ks.getExpire("k")).toBe(T0 + 1000);
    expect(ks.expiresCount).toBe(1);
    clock.set(T0 + 1000);
    expect(ks.get("k")).toEqual(v("x"));
    expect(ks.has("k")).toBe(true);
    clock.set(T0 + 1001);
    expect(ks.size).toBe(1); // like DBSIZE: not removed until touched
    expect([...ks.keys()]).toEqual([]); // but not listed
    expect(ks.get("k")).toBeUndefined();
    expect(ks.size).toBe(0);
    expect(ks.expiresCount).toBe(0);
    expect(expired).toEqual(["0:k"]);
    expect(dbs.expiredKeys).toBe(1);
  });

  test("every accessor expires lazily and counts the expiry once", () => {
    const { clock, ks, expired } = setup();
    for (const k of ["has", "delete", "getExpire", "persist", "set", "setKeep", "setExpire"]) {
      ks.set(k, v(k));
      ks.setExpire(k, T0 + 10);
    }
    clock.set(T0 + 11);
    expect(ks.has("has")).toBe(false);
    expect(ks.delete("delete")).toBe(false); // DEL on an expired key replies 0
    expect(ks.getExpire("getExpire")).toBeUndefined();
    expect(ks.persist("persist")).toBe(false);
    expect(ks.setExpire("setExpire", T0 + 5000)).toBe(false);
    ks.set("set", v("new"));
    ks.set("setKeep", v("new"), true); // KEEPTTL cannot revive a passed deadline
    expect(ks.getExpire("set")).toBeUndefined();
    expect(ks.getExpire("setKeep")).toBeUndefined();
    expect(ks.get("setKeep")).toEqual(v("new"));
    expect(expired.sort()).toEqual(
      ["delete", "getExpire", "has", "persist", "set", "setExpire", "setKeep"].map((k) => `0:${k}`),
    );
    expect(ks.size).toBe(2);
    expect(ks.expiresCount).toBe(0);
  });

  test("set clears the TTL unless keepTtl", () => {
    const { ks } = setup();
    ks.set("a", v("1"));
    ks.setExpire("a", T0 + 5000);
    ks.set("a", v("2"), true);
    expect(ks.getExpire("a")).toBe(T0 + 5000);
    ks.set("a", v("3"));
    expect(ks.getExpire("a")).toBeUndefined();
    expect(ks.expiresCount).toBe(0);
  });

  test("setExpire: missing key, reschedule, deadline <= now deletes without counting expiry", () => {
    const { ks, dbs, expired } = setup();
    expect(ks.setExpire("missing", T0 + 10)).toBe(false);
    expect(ks.has("missing")).toBe(false);
    ks.set("k", v("x"));
    ks.setExpire("k", T0 + 10);
    ks.setExpire("k", T0 + 99);
    expect(ks.getExpire("k")).toBe(T0 + 99);
    expect(ks.expiresCount).toBe(1);
    expect(ks.setExpire("k", T0)).toBe(false); // EXPIREAT now: deleted at once (checkAlreadyExpired is <=)
    expect(ks.has("k")).toBe(false);
    expect(ks.expiresCount).toBe(0);
    expect(expired).toEqual([]); // a `del`, not an `expired`
    expect(dbs.expiredKeys).toBe(0);
  });

  test("persist and delete drop the TTL", () => {
    const { clock, ks } = setup();
    ks.set("p", v("x"));
    expect(ks.persist("p")).toBe(false); // no TTL to drop
    ks.setExpire("p", T0 + 10);
    expect(ks.persist("p")).toBe(true);
    expect(ks.getExpire("p")).toBeUndefined();
    ks.set("d", v("x"));
    ks.setExpire("d", T0 + 10);
    expect(ks.delete("d")).toBe(true);
    ks.set("d", v("y"));
    expect(ks.expiresCount).toBe(0);
    clock.set(T0 + 100);
    expect(ks.get("p")).toEqual(v("x"));
    expect(ks.get("d")).toEqual(v("y"));
  });

  test("flush empties the db and its deadlines", () => {
    const { dbs, ks } = setup(true);
    for (let i = 0; i < 100; i++) {
      ks.set(`k${i}`, v("x"));
      if (i % 2) ks.setExpire(`k${i}`, T0 + 1000 + i);
    }
    dbs.db(1).set("other", v("y"));
    ks.flush();
    expect(ks.size).toBe(0);
    expect(ks.expiresCount).toBe(0);
    expect(dbs.db(1).get("other")).toEqual(v("y"));
    dbs.flushAll();
    expect(dbs.db(1).size).toBe(0);
  });

  test("keys() skips expired keys without deleting them", () => {
    const { clock, ks } = setup();
    for (const k of ["a", "b", "c", "d"]) ks.set(k, v(k));
    ks.setExpire("b", T0 + 5);
    ks.setExpire("d", T0 + 50);
    clock.set(T0 + 6);
    const seen: string[] = [];
    for (const k of ks.keys()) seen.push(k);
    expect(seen).toEqual(["a", "c", "d"]);
    expect(ks.size).toBe(4);
  });
});
