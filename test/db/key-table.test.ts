/** KeyTable against a Map model: random inserts, overwrites of every size, deletes, compaction. */
import { describe, expect, test } from "bun:test";
import { hashBytes, KeyTable } from "../../src/db/key-table.ts";

function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const bytes = (s: string) => Buffer.from(s, "latin1");

describe("KeyTable", () => {
  test("random operations agree with a Map (keys and values of every size, binary)", () => {
    const rnd = prng(7);
    const t = new KeyTable();
    const model = new Map<string, string>();
    const randomString = (max: number) => {
      const n = Math.floor(rnd() * max);
      let s = "";
      for (let i = 0; i < n; i++) s += String.fromCharCode(Math.floor(rnd() * 256));
      return s;
    };
    const keys: string[] = [];
    for (let i = 0; i < 3000; i++) keys.push(rnd() < 0.02 ? randomString(2000) : `k${i}:${randomString(12)}`);
    for (let op = 0; op < 60_000; op++) {
      const key = keys[Math.floor(rnd() * keys.length)]!;
      const r = rnd();
      if (r < 0.55) {
        // Mostly small values; sometimes equal length (in place), sometimes large (out of line).
        const value = rnd() < 0.05 ? randomString(3000) : rnd() < 0.5 ? "v".repeat(8) : randomString(40);
        let id = t.findKey(key);
        if (id < 0) id = t.insertKey(key);
        const vb = bytes(value);
        t.setString(id, vb, 0, vb.length);
        model.set(key, value);
      } else if (r < 0.8) {
        const id = t.findKey(key);
        expect(id >= 0).toBe(model.has(key));
        if (id >= 0) t.remove(id);
        model.delete(key);
      } else {
        const id = t.findKey(key);
        expect(id >= 0).toBe(model.has(key));
        if (id >= 0) {
          expect(t.keyOf(id)).toBe(key);
          const v = t.hasInlineString(id) ? t.stringView(id) : (t.object(id) as Uint8Array);
          expect(Buffer.from(v).toString("latin1")).toBe(model.get(key)!);
        }
      }
      expect(t.size).toBe(model.size);
    }
    // Every key is found by its bytes, every id is in use exactly once.
    const seen = new Set<string>();
    for (let id = 0; id < t.idLimit; id++) if (t.isUsed(id)) seen.add(t.keyOf(id));
    expect([...seen].sort()).toEqual([...model.keys()].sort());
  });

  test("dead record bytes are compacted away; values survive the move", () => {
    const t = new KeyTable();
    const ids: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const k = bytes(`key:${i}`);
      const id = t.insert(k, 0, k.length);
      const v = bytes(`value-${i}`);
      t.setString(id, v, 0, v.length);
      ids.push(id);
    }
    // Changing every value's length leaves the old records dead, over and over.
    for (let round = 0; round < 40; round++) {
      for (let i = 0; i < ids.length; i++) {
        const v = bytes(`value-${i}-${"x".repeat(round % 7)}-${round}`);
        t.setString(ids[i]!, v, 0, v.length);
      }
    }
    const { live, dead } = t.slabBytes;
    expect(dead).toBeLessThanOrEqual(Math.max(live, 4 << 20));
    for (let i = 0; i < ids.length; i += 997) {
      expect(Buffer.from(t.stringView(ids[i]!)).toString()).toBe(`value-${i}-${"x".repeat(39 % 7)}-39`);
      expect(t.keyOf(ids[i]!)).toBe(`key:${i}`);
    }
  });

  test("ids are stable while a key lives (what SCAN relies on)", () => {
    const t = new KeyTable();
    const a = t.insertKey("a");
    for (let i = 0; i < 10_000; i++) t.insertKey(`k${i}`); // index grows and rehashes
    for (let i = 0; i < 10_000; i += 2) t.remove(t.findKey(`k${i}`));
    expect(t.findKey("a")).toBe(a);
  });

  test("insertString writes key and value as one record (no dead bytes), inline or not", () => {
    const t = new KeyTable();
    const k = bytes("key");
    const v = bytes("value");
    const id = t.insertString(k, 0, 3, v, 0, 5);
    expect(t.slabBytes).toEqual({ live: 8, dead: 0 });
    expect(Buffer.from(t.stringView(id)).toString()).toBe("value");
    expect(t.find(k, 0, 3)).toBe(id);
    expect(Buffer.from(t.keySlab(id).subarray(t.keyStart(id), t.keyEnd(id))).toString()).toBe("key");
    const big = bytes("x".repeat(600));
    const id2 = t.insertString(bytes("big"), 0, 3, big, 0, big.length);
    expect(t.hasInlineString(id2)).toBe(false);
    expect((t.object(id2) as Uint8Array).length).toBe(600);
    const longKey = bytes("k".repeat(700));
    const id3 = t.insertString(longKey, 0, longKey.length, v, 0, 5);
    expect(t.find(longKey, 0, longKey.length)).toBe(id3);
    expect(t.keyEnd(id3) - t.keyStart(id3)).toBe(700);
    expect(t.keySlab(id3)[t.keyStart(id3)]).toBe(107);
  });

  test("hash is FNV-1a", () => {
    expect(hashBytes(bytes("a"), 0, 1) >>> 0).toBe(0xe40c292c);
  });
});
