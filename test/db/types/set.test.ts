import { describe, expect, test } from "bun:test";
import { RedisSet, SMALL_MAX } from "../../../src/db/types/set.ts";

/** Every member once, sorted: the set's contents however they are laid out. */
const contents = (s: RedisSet): string[] => [...s].sort();

describe("RedisSet", () => {
  test("add, has, delete and size, small and indexed", () => {
    for (const n of [3, SMALL_MAX, SMALL_MAX + 1, 200]) {
      const s = new RedisSet();
      for (let i = 0; i < n; i++) expect(s.add(`m${i}`)).toBe(true);
      expect(s.add("m0")).toBe(false);
      expect(s.size).toBe(n);
      expect(s.indexed).toBe(n > SMALL_MAX);
      expect(s.has("m1")).toBe(true);
      expect(s.has("zz")).toBe(false);
      expect(s.delete("m1")).toBe(true);
      expect(s.delete("m1")).toBe(false);
      expect(s.has("m1")).toBe(false);
      expect(s.delete(`m${n - 1}`)).toBe(true); // the last position: no swap
      expect(s.size).toBe(n - 2);
      for (let i = 0; i < n; i++) expect(s.has(`m${i}`)).toBe(i !== 1 && i !== n - 1);
      // Positions stay dense and consistent with membership.
      for (let i = 0; i < s.size; i++) expect(s.has(s.at(i))).toBe(true);
      expect(new Set(s).size).toBe(s.size);
    }
  });

  test("a removal moves only the top member into the hole (what a top-down SSCAN relies on)", () => {
    const s = RedisSet.of(["a", "b", "c", "d"]);
    s.delete("b");
    expect([...s]).toEqual(["a", "d", "c"]);
    const big = RedisSet.of(Array.from({ length: 40 }, (_, i) => `m${i}`));
    big.delete("m3");
    expect(big.at(3)).toBe("m39");
    expect(big.size).toBe(39);
    big.delete("m39");
    expect(big.at(3)).toBe("m38");
    expect(big.has("m38")).toBe(true);
    big.add("new");
    expect(big.at(big.size - 1)).toBe("new");
  });

  test("a top-down walk returns every member present throughout, despite removals and additions", () => {
    const s = RedisSet.of(Array.from({ length: 500 }, (_, i) => `m${i}`));
    const stable = new Set([...s].filter((_, i) => i % 3 === 0));
    const seen = new Set<string>();
    let cursor = s.size;
    let step = 0;
    while (cursor > 0) {
      for (let k = 0; k < 10 && cursor > 0; k++) seen.add(s.at(--cursor));
      // Between calls: remove some members that are not stable, add new ones.
      for (const m of [...s]) {
        if (!stable.has(m) && (m.length + step++) % 7 === 0) s.delete(m);
      }
      s.add(`new${step}`);
      cursor = Math.min(cursor, s.size);
    }
    for (const m of stable) expect(seen.has(m)).toBe(true);
  });

  test("indexed sets stay indexed after shrinking, and keep working", () => {
    const s = RedisSet.of(Array.from({ length: SMALL_MAX + 5 }, (_, i) => String(i)));
    for (let i = 0; i < SMALL_MAX + 3; i++) s.delete(String(i));
    expect(s.indexed).toBe(true);
    expect(contents(s)).toEqual([String(SMALL_MAX + 3), String(SMALL_MAX + 4)]);
    s.add("x");
    expect(s.has("x")).toBe(true);
  });

  test("random and pop pick members; pop removes them", () => {
    for (const n of [1, 5, 50]) {
      const members = Array.from({ length: n }, (_, i) => `m${i}`);
      const s = RedisSet.of(members);
      for (let k = 0; k < 20; k++) expect(members).toContain(s.random());
      const popped: string[] = [];
      while (s.size > 0) popped.push(s.pop());
      expect(popped.sort()).toEqual(members.sort());
    }
  });

  test("random is roughly uniform", () => {
    const s = RedisSet.of(["a", "b", "c", "d"]);
    const counts = new Map<string, number>();
    for (let k = 0; k < 8000; k++) {
      const m = s.random();
      counts.set(m, (counts.get(m) ?? 0) + 1);
    }
    for (const m of ["a", "b", "c", "d"]) {
      expect(counts.get(m)!).toBeGreaterThan(1600);
      expect(counts.get(m)!).toBeLessThan(2400);
    }
  });

  test("sample: count distinct members, both strategies", () => {
    const members = Array.from({ length: 40 }, (_, i) => `m${i}`);
    const s = RedisSet.of(members);
    for (const count of [1, 5, 20, 21, 39]) {
      const got = s.sample(count);
      expect(got.length).toBe(count);
      expect(new Set(got).size).toBe(count);
      for (const m of got) expect(members).toContain(m);
    }
    expect(s.size).toBe(40);
  });

  test("clone is independent; of collapses duplicates", () => {
    for (const n of [3, 40]) {
      const a = RedisSet.of([...Array.from({ length: n }, (_, i) => `m${i}`), "m0"]);
      expect(a.size).toBe(n);
      const b = a.clone();
      b.add("extra");
      b.delete("m0");
      expect(a.has("extra")).toBe(false);
      expect(a.has("m0")).toBe(true);
      expect(b.size).toBe(n);
      expect(b.has("m1")).toBe(true);
      a.delete("m1");
      expect(b.has("m1")).toBe(true);
    }
  });

  test("binary members are exact", () => {
    const s = RedisSet.of(["", "\u0000", "\u00ff\u00fe", "a\u0000b"]);
    expect(s.size).toBe(4);
    expect(s.has("a")).toBe(false);
    expect(s.has("a\u0000b")).toBe(true);
    expect(s.has("")).toBe(true);
  });
});
