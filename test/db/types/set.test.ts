import { heapStats } from "bun:jsc";
import { describe, expect, test } from "bun:test";
import { RedisSet, SMALL_MAX } from "../../../src/db/types/set.ts";
import { mulberry32 } from "../../support/prng.ts";

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

describe("RedisSet by bytes", () => {
  /** A member as it arrives: a view at an offset in a larger Buffer. */
  const arg = (m: string): [Buffer, number, number] => {
    const b = Buffer.from(`**${m}##`, "latin1");
    return [b, 2, 2 + m.length];
  };
  /** The bulk strings a MemberSink receives, as binary strings. */
  const written = (s: RedisSet, positions: Iterable<number>): string[] => {
    const out: string[] = [];
    const sink = {
      bulkKey: (m: string) => out.push(m),
      bulkRange: (src: Uint8Array, start: number, end: number) =>
        out.push(Buffer.from(src.subarray(start, end)).toString("latin1")),
    };
    for (const i of positions) s.writeMember(i, sink);
    return out;
  };
  const all = (s: RedisSet) => Array.from({ length: s.size }, (_, i) => i);

  test("addBytes, hasBytes and deleteBytes agree with the string API, small and large", () => {
    for (const n of [3, SMALL_MAX, SMALL_MAX + 1, 300]) {
      const s = new RedisSet();
      for (let i = 0; i < n; i++) expect(s.addBytes(...arg(`m${i}`))).toBe(true);
      expect(s.addBytes(...arg("m0"))).toBe(false);
      expect(s.add("m1")).toBe(false);
      expect(s.size).toBe(n);
      expect(s.indexed).toBe(n > SMALL_MAX);
      expect(s.hasBytes(...arg("m2"))).toBe(true);
      expect(s.has("m2")).toBe(true);
      expect(s.hasBytes(...arg("m"))).toBe(false);
      expect(s.hasBytes(...arg(`m${n}`))).toBe(false);
      expect(s.deleteBytes(...arg("m2"))).toBe(true);
      expect(s.deleteBytes(...arg("m2"))).toBe(false);
      expect(s.has("m2")).toBe(false);
      expect(s.delete("m0")).toBe(true);
      expect(s.hasBytes(...arg("m0"))).toBe(false);
      expect(s.size).toBe(n - 2);
      expect(new Set(s).size).toBe(n - 2);
    }
  });

  test("plain Uint8Arrays (not Buffers) work as sources too", () => {
    const s = new RedisSet();
    const u = new Uint8Array([0, 120, 255, 1]);
    for (let k = 0; k < 40; k++) s.add(`x${k}`);
    s.addBytes(u, 1, 3);
    const small = new RedisSet();
    small.addBytes(u, 1, 3);
    for (const t of [s, small]) {
      expect(t.has("x\u00ff")).toBe(true);
      expect(t.hasBytes(new Uint8Array([120, 255]), 0, 2)).toBe(true);
    }
  });

  test("going large keeps every position (iteration order is insertion order)", () => {
    const s = new RedisSet();
    const want = Array.from({ length: SMALL_MAX + 10 }, (_, i) => `m${i}`);
    for (const [i, m] of want.entries()) {
      if (i % 2 === 0) s.add(m);
      else s.addBytes(...arg(m));
    }
    expect([...s]).toEqual(want);
    expect(written(s, all(s))).toEqual(want);
  });

  test("writeMember writes exact bytes for every member length, in and out of slab records", () => {
    const lengths = [0, 1, 2, 63, 64, 65, 200, 511, 512, 513, 600, 4096, 70_000];
    const members = lengths.map((n, k) =>
      Array.from({ length: n }, (_, i) => String.fromCharCode((i * 7 + k) & 255)).join(""),
    );
    const s = new RedisSet();
    for (let k = 0; k < 20; k++) s.add(`pad${k}`); // large form first
    for (const m of members) expect(s.addBytes(...arg(m))).toBe(true);
    for (const m of members) expect(s.hasBytes(...arg(m))).toBe(true);
    expect(written(s, all(s))).toEqual([...s]);
    expect(written(s, all(s)).slice(20)).toEqual(members);
    // The slab accessors agree with the strings where they answer.
    for (let i = 0; i < s.size; i++) {
      const slab = s.memberSlab(i);
      if (slab !== null) {
        expect(Buffer.from(slab.subarray(s.memberStart(i), s.memberEnd(i))).toString("latin1")).toBe(s.at(i));
      }
    }
    const copy = s.clone();
    expect([...copy]).toEqual([...s]);
    for (const m of members) expect(copy.deleteBytes(...arg(m))).toBe(true);
    expect(copy.size).toBe(20);
    expect(s.size).toBe(20 + members.length);
  });

  test("popInto writes the member it removes; SPOP-style draining returns each member once", () => {
    for (const n of [5, 100]) {
      const s = RedisSet.of(Array.from({ length: n }, (_, i) => `m${i}`));
      const popped: string[] = [];
      const sink = {
        bulkKey: (m: string) => popped.push(m),
        bulkRange: (src: Uint8Array, start: number, end: number) =>
          popped.push(Buffer.from(src.subarray(start, end)).toString("latin1")),
      };
      while (s.size > 0) {
        s.popInto(sink);
        expect(s.has(popped.at(-1)!)).toBe(false);
        // Refill a little, so freed ids are reused while members are popped.
        if (popped.length % 3 === 0 && popped.length < n) s.add(`r${popped.length}`);
      }
      expect(new Set(popped).size).toBe(popped.length);
    }
  });

  test("samplePositions: distinct positions, both strategies, and uniform", () => {
    const s = RedisSet.of(Array.from({ length: 40 }, (_, i) => `m${i}`));
    for (const count of [1, 5, 20, 21, 39]) {
      const got = s.samplePositions(count);
      expect(new Set(got).size).toBe(count);
      for (const i of got) expect(i >= 0 && i < 40).toBe(true);
    }
    const hits = new Array(40).fill(0);
    for (let k = 0; k < 4000; k++) for (const i of s.samplePositions(5)) hits[i]++;
    for (const h of hits) expect(h > 300 && h < 700).toBe(true); // 500 expected each
  });

  test("random operations keep positions exactly as the array-plus-swap model (seeded)", () => {
    const random = mulberry32(7);
    const s = new RedisSet();
    const model: string[] = [];
    for (let step = 0; step < 20_000; step++) {
      const m = `k${Math.floor(random() * 400)}`;
      const r = random();
      if (r < 0.5) {
        const had = model.includes(m);
        expect(r < 0.25 ? s.add(m) : s.addBytes(...arg(m))).toBe(!had);
        if (!had) model.push(m);
      } else if (r < 0.8) {
        const i = model.indexOf(m);
        expect(r < 0.65 ? s.delete(m) : s.deleteBytes(...arg(m))).toBe(i >= 0);
        if (i >= 0) {
          const last = model.pop()!;
          if (i < model.length) model[i] = last;
        }
      } else if (r < 0.9 && model.length > 0) {
        const i = Math.floor(random() * model.length);
        expect(s.at(i)).toBe(model[i]!);
        s.removeAt(i);
        const last = model.pop()!;
        if (i < model.length) model[i] = last;
      } else {
        expect(s.hasBytes(...arg(m))).toBe(model.includes(m));
      }
      if (step % 1000 === 0) expect([...s]).toEqual(model);
    }
    expect([...s]).toEqual(model);
    expect(written(s, all(s))).toEqual(model);
  });

  test("a large set keeps its members out of the GC heap (no object per member)", () => {
    Bun.gc(true);
    const before = heapStats().objectCount;
    const s = new RedisSet();
    const b = Buffer.alloc(32);
    for (let i = 0; i < 100_000; i++) s.addBytes(b, 0, b.write(`member:${i}`, 0, "latin1"));
    Bun.gc(true);
    expect(s.size).toBe(100_000);
    // A Map of strings would add 100k objects; slabs and typed arrays are a few hundred.
    expect(heapStats().objectCount - before).toBeLessThan(20_000);
  });
});
