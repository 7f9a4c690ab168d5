/**
 * RedisZSet's byte-level API (what the commands call with request bytes): scoreBytes,
 * addBytes, removeBytes, rankBytes and the entry-id trio findBytes / rescoreBytes /
 * insertBytes, checked against a plain Map on seeded random operations. Members sit inside a
 * larger Buffer between other bytes, as request arguments do, and scores come from a handful
 * of values so that most descents meet score ties (where a member given as bytes must be
 * compared, or decoded, correctly). Pops and range removals run by rank in the same loop.
 */
import { describe, expect, test } from "bun:test";
import { RedisZSet, type ZEntry } from "../../../src/db/types/zset.ts";
import { mulberry32 } from "../../support/prng.ts";

/** `member` inside junk bytes, as an argument inside a request buffer: [buf, start, end]. */
function embed(member: string, rand: () => number): [Buffer, number, number] {
  const pre = Math.floor(rand() * 4);
  const post = Math.floor(rand() * 4);
  const buf = Buffer.alloc(pre + member.length + post, 0xab);
  buf.write(member, pre, "latin1");
  return [buf, pre, pre + member.length];
}

function sorted(model: Map<string, number>): ZEntry[] {
  return [...model].sort((a, b) =>
    a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0,
  );
}

describe("byte-level API against a Map", () => {
  test("random adds, rescores, removes, ranks and pops with many score ties", () => {
    const rand = mulberry32(7);
    const int = (n: number) => Math.floor(rand() * n);
    const SCORES = [-1, -0, 0, 0.5, 1, 2, 3, Number.POSITIVE_INFINITY];
    const ALPHA = "\x00ab\x7f\x80\xff";
    const member = () => {
      let s = "m";
      for (let k = int(4); k > 0; k--) s += ALPHA[int(ALPHA.length)];
      return s;
    };
    const z = new RedisZSet();
    const model = new Map<string, number>();
    const ops: Record<string, number> = {};
    for (let op = 0; op < 30_000; op++) {
      const r = rand();
      const mem = rand() < 0.7 && model.size > 0 ? [...model.keys()][int(model.size)]! : member();
      const [buf, start, end] = embed(mem, rand);
      const score = SCORES[int(SCORES.length)]!;
      let kind: string;
      if (r < 0.4) {
        kind = "addBytes";
        const old = model.get(mem);
        const want = old === undefined ? "added" : old === score ? "unchanged" : "updated";
        expect(z.addBytes(buf, start, end, score)).toBe(want);
        if (old === undefined || old !== score) model.set(mem, score);
      } else if (r < 0.6) {
        kind = "byId";
        const id = z.findBytes(buf, start, end);
        expect(id >= 0).toBe(model.has(mem));
        if (id >= 0) {
          expect(Object.is(z.scoreOf(id), model.get(mem))).toBe(true);
          const old = model.get(mem)!;
          expect(z.rescoreBytes(id, buf, start, end, score)).toBe(old === score ? "unchanged" : "updated");
          if (old !== score) model.set(mem, score);
        } else {
          z.insertBytes(buf, start, end, score);
          model.set(mem, score);
        }
      } else if (r < 0.75) {
        kind = "removeBytes";
        expect(z.removeBytes(buf, start, end)).toBe(model.delete(mem));
      } else if (r < 0.9) {
        kind = "read";
        const all = sorted(model);
        const i = all.findIndex(([m]) => m === mem);
        const s = z.scoreBytes(buf, start, end);
        if (i < 0) expect(s).toBeUndefined();
        else expect(Object.is(s, all[i]![1])).toBe(true);
        expect(z.rankBytes(buf, start, end)).toBe(i < 0 ? undefined : i);
        expect(z.rankBytes(buf, start, end, true)).toBe(i < 0 ? undefined : all.length - 1 - i);
      } else if (r < 0.95) {
        kind = "pop";
        const all = sorted(model);
        const c = int(4);
        const fromTop = rand() < 0.5;
        const want = fromTop ? all.slice(Math.max(0, all.length - c)).reverse() : all.slice(0, c);
        expect(fromTop ? z.popMax(c) : z.popMin(c)).toEqual(want);
        for (const [m] of want) model.delete(m);
      } else {
        kind = "removeRangeByRank";
        const all = sorted(model);
        const a = int(all.length + 2);
        const b = a + int(5);
        const gone = all.slice(a, b + 1);
        expect(z.removeRangeByRank(a, b)).toBe(gone.length);
        for (const [m] of gone) model.delete(m);
      }
      ops[kind] = (ops[kind] ?? 0) + 1;
      expect(z.size).toBe(model.size);
      if (op % 500 === 499) {
        z.validate();
        const got = [...z];
        const want = sorted(model);
        expect(got.length).toBe(want.length);
        for (let k = 0; k < got.length; k++) {
          expect(got[k]![0]).toBe(want[k]![0]);
          expect(Object.is(got[k]![1], want[k]![1])).toBe(true);
        }
      }
    }
    expect(Object.keys(ops).length).toBe(6);
  });

  test("a rescore that stays between its leaf neighbours, and one that moves across leaves", () => {
    const z = new RedisZSet();
    const b = (s: string) => Buffer.from(s, "latin1");
    for (let i = 0; i < 1000; i++) z.addBytes(b(`m${i}`), 0, `m${i}`.length, i);
    const m500 = b("xxm500yy");
    expect(z.addBytes(m500, 2, 6, 500.5)).toBe("updated"); // in place
    expect(z.rankBytes(m500, 2, 6)).toBe(500);
    expect(z.addBytes(m500, 2, 6, 500)).toBe("updated");
    expect(z.addBytes(m500, 2, 6, -5)).toBe("updated"); // to the front, across leaves
    expect(z.rankBytes(m500, 2, 6)).toBe(0);
    expect(z.score("m500")).toBe(-5);
    // Same score as m499: the member bytes order them (m499 < m500).
    expect(z.addBytes(m500, 2, 6, 499)).toBe("updated");
    expect(z.rank("m499")).toBe(499);
    expect(z.rank("m500")).toBe(500);
    z.validate();
  });

  test("pops return members with their scores, lowest or highest first, and empty the dict", () => {
    const z = new RedisZSet();
    for (let i = 0; i < 300; i++) z.add(`k${i}`, i % 7);
    const lows = z.popMin(150);
    expect(lows.length).toBe(150);
    const highs = z.popMax(200);
    expect(highs.length).toBe(150);
    expect(z.size).toBe(0);
    expect(z.score("k0")).toBeUndefined();
    const all = [...lows, ...highs.reverse()];
    for (let k = 1; k < all.length; k++) {
      const [am, as] = all[k - 1]!;
      const [bm, bs] = all[k]!;
      expect(as < bs || (as === bs && am < bm)).toBe(true);
    }
    z.validate();
    z.add("again", 1);
    expect(z.byRank(0, -1)).toEqual([["again", 1]]);
  });
});
