/** Active expiry: the shared wheel, the one wake-up, slicing, close(). */

import { afterEach, describe, expect, test } from "bun:test";
import { ManualClock } from "../../src/db/clock.ts";
import { Databases } from "../../src/db/databases.ts";

const T0 = 1_700_000_000_000;
const V = new Uint8Array([120]);

let open: Databases[] = [];
afterEach(() => {
  for (const d of open) d.close();
  open = [];
});

function setup(expireSliceSize?: number) {
  const clock = new ManualClock(T0);
  const dbs = new Databases({ clock, expireSliceSize });
  open.push(dbs);
  const expired: string[] = [];
  dbs.onExpired = (db, key) => expired.push(`${db}:${key}`);
  return { clock, dbs, expired };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("active expiry", () => {
  test("advance() deletes keys as their deadlines pass, in every db, one wake-up armed", () => {
    const { clock, dbs, expired } = setup();
    dbs.db(0).set("a", V);
    dbs.db(0).setExpire("a", T0 + 100);
    dbs.db(3).set("b", V);
    dbs.db(3).setExpire("b", T0 + 5_000);
    dbs.db(15).set("c", V);
    dbs.db(15).setExpire("c", T0 + 86_400_000 * 400); // over a year ahead
    dbs.db(0).set("keep", V);
    expect(clock.pendingTimers).toBe(1);

    clock.advance(100);
    expect(dbs.db(0).size).toBe(2); // deadline == now: still alive
    clock.advance(1);
    expect(dbs.db(0).size).toBe(1); // removed without being touched
    expect(expired).toEqual(["0:a"]);

    clock.advance(10_000);
    expect(expired).toEqual(["0:a", "3:b"]);
    expect(dbs.db(3).size).toBe(0);

    clock.advance(86_400_000 * 400);
    expect(expired).toEqual(["0:a", "3:b", "15:c"]);
    expect(dbs.expiredKeys).toBe(3);
    expect(dbs.db(0).has("keep")).toBe(true);
    expect(clock.pendingTimers).toBe(0); // nothing left to wait for
  });

  test("an earlier deadline re-arms the wake-up; rescheduled and persisted keys are left alone", () => {
    const { clock, dbs, expired } = setup();
    const ks = dbs.db(0);
    for (const k of ["late", "early", "moved", "persisted"]) ks.set(k, V);
    ks.setExpire("late", T0 + 60_000);
    ks.setExpire("early", T0 + 10);
    ks.setExpire("moved", T0 + 20);
    ks.setExpire("persisted", T0 + 20);
    ks.setExpire("moved", T0 + 120_000);
    ks.persist("persisted");
    clock.advance(11);
    expect(expired).toEqual(["0:early"]);
    clock.advance(60_000);
    expect(expired).toEqual(["0:early", "0:late"]);
    expect(ks.has("moved")).toBe(true);
    expect(ks.has("persisted")).toBe(true);
    clock.advance(60_000);
    expect(expired).toEqual(["0:early", "0:late", "0:moved"]);
  });

  test("a key re-created by onExpired during a slice is not deleted by that slice", () => {
    const { clock, dbs, expired } = setup();
    const ks = dbs.db(0);
    ks.set("a", V);
    ks.set("b", V);
    ks.setExpire("a", T0 + 10);
    ks.setExpire("b", T0 + 10);
    dbs.onExpired = (db, key) => {
      expired.push(`${db}:${key}`);
      // "a" fires first (same deadline, FIFO); "b" is in the same batch. Touching it expires
      // it lazily, then it is re-created with a new deadline the slice must respect.
      if (key === "a") {
        ks.set("b", new Uint8Array([1]), true);
        ks.setExpire("b", T0 + 1000);
      }
    };
    clock.advance(20);
    expect(expired).toEqual(["0:a", "0:b"]);
    expect(ks.get("b")).toEqual(new Uint8Array([1]));
    expect(ks.getExpire("b")).toBe(T0 + 1000);
    clock.advance(2000);
    expect(ks.has("b")).toBe(false);
    expect(expired).toEqual(["0:a", "0:b", "0:b"]);
    expect(dbs.expiredKeys).toBe(3);
  });

  test("1M keys with one deadline are deleted in slices, the event loop turning between them", async () => {
    const { clock, dbs } = setup(100_000);
    const ks = dbs.db(0);
    const n = 1_000_000;
    for (let i = 0; i < n; i++) {
      const key = `key:${i}`;
      ks.set(key, V);
      ks.setExpire(key, T0 + 1000);
    }
    expect(ks.expiresCount).toBe(n);
    clock.advance(1001);
    // One slice ran synchronously; lazy expiry already hides the rest.
    expect(ks.size).toBe(n - 100_000);
    expect(dbs.expiryPending).toBe(true);
    expect(ks.get("key:999999")).toBeUndefined();
    expect(ks.has("key:500000")).toBe(false);

    // Each turn of the event loop deletes at most one slice.
    const sizes: number[] = [];
    while (dbs.expiryPending) {
      await turn();
      sizes.push(ks.size);
    }
    expect(ks.size).toBe(0);
    expect(ks.expiresCount).toBe(0);
    expect(dbs.expiredKeys).toBe(n);
    expect(sizes.length).toBeGreaterThanOrEqual(9);
    for (let i = 1; i < sizes.length; i++) expect(sizes[i - 1]! - sizes[i]!).toBeLessThanOrEqual(100_000);
  }, 60_000); // a million inserts take seconds on a loaded 2-core machine

  test("close() stops active expiry; lazy expiry still works", async () => {
    const { clock, dbs, expired } = setup(10);
    const ks = dbs.db(0);
    for (let i = 0; i < 50; i++) {
      ks.set(`k${i}`, V);
      ks.setExpire(`k${i}`, T0 + 10);
    }
    ks.set("x", V);
    ks.setExpire("x", T0 + 5000);
    clock.advance(11);
    expect(ks.size).toBe(41); // one slice of 10
    dbs.close();
    expect(clock.pendingTimers).toBe(0);
    expect(dbs.expiryPending).toBe(false);
    await turn();
    await turn();
    clock.advance(10_000);
    expect(ks.size).toBe(41);
    expect(ks.has("x")).toBe(false);
    expect(ks.get("k3")).toBeUndefined();
    expect(expired).toContain("0:x");
  });

  test("flushAll cancels every deadline", () => {
    const { clock, dbs, expired } = setup();
    for (let d = 0; d < 16; d++) {
      dbs.db(d).set("k", V);
      dbs.db(d).setExpire("k", T0 + 100);
    }
    dbs.flushAll();
    clock.advance(1000);
    expect(expired).toEqual([]);
    expect(dbs.db(5).expiresCount).toBe(0);
  });
});
