/**
 * RedisList: Redis's index rules (tables from redis-server 7.0.15 in list-cases.ts), a seeded
 * random model test against a plain array, view stability across compaction, and the costs
 * at 1M elements (slot moves counted, time bounds generous).
 */

import { afterEach, describe, expect, test } from "bun:test";
import { RedisList } from "../../../src/db/types/list.ts";
import {
  LINDEX_CASES,
  LINSERT_CASES,
  LIST_OF_LENGTH,
  LPOS_CASES,
  LPOS_LIST,
  LRANGE_CASES,
  LREM_CASES,
  LREM_LIST,
  LSET_CASES,
  LTRIM_CASES,
} from "./list-cases.ts";

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const str = (b: Uint8Array | undefined) => (b === undefined ? undefined : Buffer.from(b).toString("latin1"));
const join = (bs: Iterable<Uint8Array>) => Array.from(bs, (b) => str(b)).join("");

function listOf(items: Iterable<string>): RedisList {
  const list = new RedisList();
  for (const s of items) list.pushBack(bytes(s));
  return list;
}

/** mulberry32: small, seeded, good enough to drive a model test reproducibly. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)) };
}

/**
 * Count the ring slots moved by copyWithin (the list's only bulk move) while `fn` runs. A slot
 * is two u32 words (see the layout in list.ts).
 */
const realCopyWithin = Uint32Array.prototype.copyWithin;
function countMoves(fn: () => void): number {
  let moved = 0;
  Uint32Array.prototype.copyWithin = function (this: Uint32Array, target, start, end) {
    moved += ((end ?? this.length) - start) / 2;
    return realCopyWithin.call(this, target, start, end);
  };
  try {
    fn();
  } finally {
    Uint32Array.prototype.copyWithin = realCopyWithin;
  }
  return moved;
}
afterEach(() => {
  Uint32Array.prototype.copyWithin = realCopyWithin;
});

describe("index rules, as redis-server 7.0.15 answers", () => {
  test.each(LINDEX_CASES)("LINDEX on length %d at %s", (len, i, want) => {
    expect(str(listOf(LIST_OF_LENGTH[len]!).at(Number(i)))).toBe(want ?? undefined);
  });

  test("LRANGE, every start/stop pair of the table", () => {
    for (const [len, i, j, want] of LRANGE_CASES) {
      const got = join(listOf(LIST_OF_LENGTH[len]!).range(Number(i), Number(j)));
      expect({ len, i, j, got }).toEqual({ len, i, j, got: want });
    }
  });

  test("LTRIM, every start/stop pair of the table", () => {
    for (const [len, i, j, want] of LTRIM_CASES) {
      const list = listOf(LIST_OF_LENGTH[len]!);
      list.trim(Number(i), Number(j));
      expect({ len, i, j, got: join(list), length: list.length }).toEqual({
        len,
        i,
        j,
        got: want,
        length: want.length,
      });
    }
  });

  test.each(LSET_CASES)("LSET on length %d at %s", (len, i, want) => {
    const list = listOf(LIST_OF_LENGTH[len]!);
    const ok = list.set(Number(i), bytes("X"));
    if (want.startsWith("ERR")) {
      expect(ok).toBe(false);
      expect(join(list)).toBe(LIST_OF_LENGTH[len]!);
    } else {
      expect(ok).toBe(true);
      expect(join(list)).toBe(want);
    }
  });

  test("LPOS: rank, count and maxlen", () => {
    for (const [el, rank, count, maxlen, want] of LPOS_CASES) {
      const got = listOf(LPOS_LIST).positions(bytes(el), rank, count ?? 1, maxlen);
      // Without COUNT, LPOS replies with the first position or nil.
      const reply = count === null ? (got.length > 0 ? got[0]! : null) : got;
      expect({ el, rank, count, maxlen, reply }).toEqual({ el, rank, count, maxlen, reply: want });
    }
  });

  test.each(LREM_CASES)("LREM %s count %d removes %d", (el, count, removed, after) => {
    const list = listOf(LREM_LIST);
    expect(list.remove(count, bytes(el))).toBe(removed);
    expect(join(list)).toBe(after);
    expect(list.length).toBe(after.length);
  });

  test.each(LINSERT_CASES)("LINSERT pivot %s before=%p", (pivot, before, reply, after) => {
    const list = listOf(LREM_LIST);
    expect(list.insert(bytes(pivot), bytes("X"), before)).toBe(reply);
    expect(join(list)).toBe(after);
  });
});

describe("basics", () => {
  test("an empty list", () => {
    const list = new RedisList();
    expect(list.length).toBe(0);
    expect(list.popFront()).toBeUndefined();
    expect(list.popBack()).toBeUndefined();
    expect(list.at(0)).toBeUndefined();
    expect(list.at(-1)).toBeUndefined();
    expect(list.set(0, bytes("x"))).toBe(false);
    expect(list.range(0, -1)).toEqual([]);
    expect(list.insert(bytes("x"), bytes("y"), true)).toBe(-1);
    expect(list.remove(0, bytes("x"))).toBe(0);
    expect(list.positions(bytes("x"), 1, 0, 0)).toEqual([]);
    expect([...list]).toEqual([]);
    list.trim(0, -1);
    expect(list.length).toBe(0);
  });

  test("both ends, binary and empty elements", () => {
    const list = new RedisList();
    const bin = new Uint8Array([0, 255, 13, 10, 128]);
    list.pushBack(bin);
    list.pushFront(new Uint8Array(0));
    list.pushBack(bytes("z"));
    expect(list.length).toBe(3);
    expect([...list].map((b) => [...b])).toEqual([[], [0, 255, 13, 10, 128], [122]]);
    expect(list.positions(new Uint8Array(0), 1, 0, 0)).toEqual([0]);
    expect([...list.popFront()!]).toEqual([]);
    expect([...list.popBack()!]).toEqual([122]);
    expect([...list.popBack()!]).toEqual([0, 255, 13, 10, 128]);
    expect(list.length).toBe(0);
  });

  test("writes copy their input; the caller's buffer can be reused", () => {
    const list = new RedisList();
    const buf = bytes("abc");
    list.pushBack(buf);
    buf[0] = 120;
    list.insert(bytes("abc"), buf, false);
    buf[0] = 121;
    list.set(-1, buf);
    buf.fill(0);
    expect(join(list)).toBe("abcybc");
    expect(list.range(0, -1).map(str)).toEqual(["abc", "ybc"]);
  });

  test("large elements (own buffer) and small ones mix", () => {
    const big = "q".repeat(100_000);
    const list = listOf(["a", big, "b", big]);
    expect(str(list.at(1))).toBe(big);
    expect(list.positions(bytes(big), -1, 0, 0)).toEqual([3, 1]);
    expect(list.remove(1, bytes(big))).toBe(1);
    expect(list.range(0, -1).map((b) => b.length)).toEqual([1, 1, 100_000]);
    expect(list.memoryBytes()).toBeGreaterThan(100_000);
    expect(list.memoryBytes()).toBeLessThan(110_000);
  });

  test("views handed out keep their bytes through pops, sets and compaction", () => {
    const list = new RedisList();
    for (let i = 0; i < 2000; i++) list.pushBack(bytes(`v${i}`.padEnd(20, "_")));
    const held = [list.at(0)!, list.at(999)!, list.at(-1)!, list.popFront()!];
    const want = held.map(str);
    // Rewrite every element many times: dead bytes pile up and force compactions.
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < list.length; i++) list.set(i, bytes(`r${round}-${i}`.padEnd(24, "#")));
    }
    list.trim(10, -10);
    expect(held.map(str)).toEqual(want);
    expect(str(list.at(0))).toBe("r19-10".padEnd(24, "#"));
    // Compaction keeps slabs within live + dead (<= live) + an open slab's free tail (<= live)
    // for 1980 x 24 live bytes, instead of 20 rounds of garbage (~1 MB); ring 2048 x 8.
    expect(list.length).toBe(1980);
    expect(list.memoryBytes()).toBeLessThan(3 * 1980 * 24 + 2048 * 8 + 4096);
  });

  test("LMOVE-style rotation of a list into itself", () => {
    const list = listOf(["a", "b", "c"]);
    for (let i = 0; i < 10; i++) list.pushBack(list.popFront()!);
    expect(join(list)).toBe("bca");
  });
});

describe("random operations against a plain array (seeded)", () => {
  /** The reference: Redis semantics written out directly on a JS array of strings. */
  function clampRange(len: number, start: number, stop: number): [number, number] | null {
    if (start < 0) start = len + start;
    if (stop < 0) stop = len + stop;
    if (start < 0) start = 0;
    if (start > stop || start >= len) return null;
    return [start, Math.min(stop, len - 1)];
  }
  function modelRemove(a: string[], count: number, v: string): number {
    let removed = 0;
    if (count >= 0) {
      for (let i = 0; i < a.length && (count === 0 || removed < count); ) {
        if (a[i] === v) {
          a.splice(i, 1);
          removed++;
        } else i++;
      }
    } else {
      for (let i = a.length - 1; i >= 0 && removed < -count; i--) {
        if (a[i] === v) {
          a.splice(i, 1);
          removed++;
        }
      }
    }
    return removed;
  }
  function modelPositions(a: string[], v: string, rank: number, count: number, maxlen: number) {
    const order = a.map((_, i) => i);
    if (rank < 0) order.reverse();
    const scanned = maxlen > 0 ? order.slice(0, maxlen) : order;
    const hits = scanned.filter((i) => a[i] === v).slice(Math.abs(rank) - 1);
    return count > 0 ? hits.slice(0, count) : hits;
  }

  // Operation weights, in percent: pushes/pops, at, set, range, trim, insert, remove, positions.
  const MIXES: Record<string, number[]> = {
    balanced: [30, 15, 10, 7, 3, 12, 10, 13],
    // Mostly LSET, so dead bytes pile up and compactions run under the model's eye.
    rewrites: [20, 5, 60, 5, 1, 3, 3, 3],
  };
  const CASES: [string, number][] = [
    ["balanced", 1],
    ["balanced", 2],
    ["balanced", 3],
    ["rewrites", 4],
    ["rewrites", 5],
  ];

  for (const [mix, seed] of CASES) {
    test(`${mix}, seed ${seed}: 10k operations`, () => {
      let total = 0;
      const bounds = MIXES[mix]!.map((w) => (total += w));
      const r = rng(seed);
      const big = ["B".repeat(5000), "C".repeat(4097)];
      const value = () => {
        const p = r.next();
        if (p < 0.3) return ["a", "b", "c", "", "ab"][r.int(0, 4)]!;
        if (p < 0.33) return big[r.int(0, 1)]!;
        let s = "";
        for (let n = r.int(1, 60); n > 0; n--) s += String.fromCharCode(r.int(0, 255));
        return s;
      };
      const list = new RedisList();
      const model: string[] = [];
      const held: [Uint8Array, string][] = [];
      let target = 50;
      for (let op = 0; op < 10_000; op++) {
        if (op % 500 === 0) target = r.int(0, 400);
        const len = model.length;
        const idx = () => r.int(-len - 3, len + 3);
        const pick = () => (len > 0 && r.next() < 0.7 ? model[r.int(0, len - 1)]! : value());
        const roll = r.int(0, 99);
        const kind = bounds.findIndex((b) => roll < b);
        const where = { seed, op, kind, len };
        if (kind === 0) {
          // Pushes and pops, steered toward a moving target size.
          const grow = r.next() < (len < target ? 0.8 : 0.2);
          const front = r.next() < 0.5;
          if (grow) {
            const v = value();
            if (front) {
              list.pushFront(bytes(v));
              model.unshift(v);
            } else {
              list.pushBack(bytes(v));
              model.push(v);
            }
          } else {
            const got = front ? list.popFront() : list.popBack();
            const want = front ? model.shift() : model.pop();
            expect({ ...where, got: str(got) }).toEqual({ ...where, got: want });
            if (got !== undefined && held.length < 50) held.push([got, want!]);
          }
        } else if (kind === 1) {
          const i = idx();
          const want = i < 0 ? model[len + i] : model[i];
          const got = list.at(i);
          expect({ ...where, i, got: str(got) }).toEqual({ ...where, i, got: want });
          if (got !== undefined && held.length < 50) held.push([got, want!]);
        } else if (kind === 2) {
          const i = idx();
          const v = value();
          const j = i < 0 ? len + i : i;
          const ok = j >= 0 && j < len;
          if (ok) model[j] = v;
          expect({ ...where, i, ok: list.set(i, bytes(v)) }).toEqual({ ...where, i, ok });
        } else if (kind === 3) {
          const [i, j] = [idx(), idx()];
          const c = clampRange(len, i, j);
          const want = c === null ? [] : model.slice(c[0], c[1] + 1);
          expect({ ...where, i, j, got: list.range(i, j).map(str) }).toEqual({ ...where, i, j, got: want });
        } else if (kind === 4) {
          // Mostly gentle trims, so the list does not just empty itself.
          const [i, j] = r.next() < 0.8 ? [r.int(-2, 3), r.int(-4, -1)] : [idx(), idx()];
          const c = clampRange(len, i, j);
          model.splice(0, model.length, ...(c === null ? [] : model.slice(c[0], c[1] + 1)));
          list.trim(i, j);
        } else if (kind === 5) {
          const pivot = pick();
          const v = value();
          const before = r.next() < 0.5;
          const at = model.indexOf(pivot);
          const want = at < 0 ? -1 : model.length + 1;
          if (at >= 0) model.splice(before ? at : at + 1, 0, v);
          const got = list.insert(bytes(pivot), bytes(v), before);
          expect({ ...where, got }).toEqual({ ...where, got: want });
        } else if (kind === 6) {
          const count = r.int(-3, 3);
          const v = pick();
          const want = modelRemove(model, count, v);
          const got = list.remove(count, bytes(v));
          expect({ ...where, count, got }).toEqual({ ...where, count, got: want });
        } else {
          const v = pick();
          const rank = (r.next() < 0.5 ? -1 : 1) * r.int(1, 3);
          const count = r.int(0, 3);
          const maxlen = r.next() < 0.5 ? 0 : r.int(1, len + 2);
          const want = modelPositions(model, v, rank, count, maxlen);
          const got = list.positions(bytes(v), rank, count, maxlen);
          expect({ ...where, rank, count, maxlen, got }).toEqual({
            ...where,
            rank,
            count,
            maxlen,
            got: want,
          });
        }
        expect(list.length).toBe(model.length);
        if (op % 97 === 0) expect([...list].map(str)).toEqual(model);
      }
      expect([...list].map(str)).toEqual(model);
      for (const [view, want] of held) expect(str(view)).toBe(want);
      // Memory follows the live data: ring + bytes, with at most ~2x slack and a few slabs.
      const live = model.reduce((n, s) => n + s.length, 0);
      expect(list.memoryBytes()).toBeLessThan(2 * (live + 8 * model.length) + 16 * 4096);
    });
  }
});

describe("1M elements", () => {
  const N = 1_000_000;
  const name = (i: number) => `element-${i}`.padStart(16, "0");
  const element = (i: number) => bytes(name(i));

  test("push, at(500000), set, pops: O(1) each, whole run well under generous bounds", () => {
    const list = new RedisList();
    const t0 = performance.now();
    for (let i = 0; i < N; i++) list.pushBack(element(i));
    expect(list.length).toBe(N);
    expect(str(list.at(500_000))).toBe(name(500_000));
    expect(str(list.at(-1))).toBe(name(N - 1));
    // Random access in the middle costs no slot moves and no scan.
    let hits = 0;
    const moves = countMoves(() => {
      for (let i = 0; i < 100_000; i++) if (list.at(400_000 + i)!.length === 16) hits++;
    });
    expect(hits).toBe(100_000);
    expect(moves).toBe(0);
    expect(list.set(500_000, bytes("middle"))).toBe(true);
    expect(str(list.at(500_000))).toBe("middle");
    // A queue: pop the front half, push it back at the front, no moves.
    const popMoves = countMoves(() => {
      for (let i = 0; i < N / 2; i++) list.popFront();
      for (let i = N / 2 - 1; i >= 0; i--) list.pushFront(element(i));
    });
    expect(popMoves).toBe(0);
    expect(str(list.at(0))).toBe(name(0));
    expect(str(list.at(500_001))).toBe(name(500_001));
    for (let i = 0; i < N; i++) list.popBack();
    expect(list.length).toBe(0);
    const ms = performance.now() - t0;
    // About 0.5 s on a busy 2-core machine; a one-shift-per-pop design would take hours.
    expect(ms).toBeLessThan(20_000);
  }, 60_000); // a million pushes take seconds on a loaded 2-core machine

  test("middle insert and LREM move the shorter side once (memmove, not shifts)", () => {
    const list = new RedisList();
    for (let i = 0; i < N; i++) list.pushBack(element(i));
    // Insert right after element 600000: 400k slots follow it, 600k precede it.
    const moved = countMoves(() => {
      expect(list.insert(element(600_000), bytes("new"), false)).toBe(N + 1);
    });
    expect(moved).toBe(N - 600_001);
    expect(str(list.at(600_001))).toBe("new");
    // Removing near the head moves only the few elements before it.
    const headMoves = countMoves(() => expect(list.remove(1, element(10))).toBe(1));
    expect(headMoves).toBe(10);
    // Removing near the tail moves only the elements after it.
    const tailMoves = countMoves(() => expect(list.remove(-1, element(N - 5))).toBe(1));
    expect(tailMoves).toBe(4);
    expect(list.length).toBe(N - 1);
    expect(str(list.at(10))).toBe(name(11));
    expect(str(list.at(-5))).toBe(name(N - 6));
  });

  test("memory: 1M 16-byte elements cost ring (8 B) + bytes (16 B), no object each", () => {
    const list = new RedisList();
    for (let i = 0; i < N; i++) list.pushBack(element(i));
    const perElement = list.memoryBytes() / N;
    // 2^20 ring slots x 8 B + 16 B packed + slab headers: ~24.5 B (redis-server: ~18.1 B).
    expect(perElement).toBeGreaterThan(24);
    expect(perElement).toBeLessThan(25);
    list.trim(0, 999);
    expect(list.memoryBytes()).toBeLessThan(100_000);
  });
});
