import { describe, expect, test } from "bun:test";
import { LISTPACK_MAX_ENTRIES, LISTPACK_MAX_VALUE, RedisHash } from "../../../src/db/types/hash.ts";
import { mulberry32 } from "../../support/prng.ts";

const bytes = (s: string) => Buffer.from(s, "latin1");
const text = (b: Uint8Array) => Buffer.from(b).toString("latin1");

/** Every field=value in the hash's own (slot) order, read through the byte-level iteration. */
function pairs(h: RedisHash): string[] {
  const out: string[] = [];
  h.forEachRange((fsrc, fs, fe, vsrc, vs, ve) => {
    out.push(`${text(fsrc.subarray(fs, fe))}=${text(vsrc.subarray(vs, ve))}`);
  });
  return out;
}

/** The value of `field` read through find / valueSrc / valueStart / valueEnd, or undefined. */
function lookup(h: RedisHash, field: string): string | undefined {
  const b = bytes(`..${field}..`); // a field inside a bigger buffer, as request arguments are
  const at = h.find(b, 2, 2 + field.length);
  return at < 0 ? undefined : text(h.valueSrc(at).subarray(h.valueStart(at), h.valueEnd(at)));
}

function setBytes(h: RedisHash, field: string, value: string): boolean {
  const f = bytes(`#${field}`);
  const v = bytes(`${value}!`);
  return h.setBytes(f, 1, f.length, v, 0, v.length - 1);
}

describe("RedisHash, compact (listpack) form", () => {
  test("updates of every length keep insertion order; a re-added field goes to the end", () => {
    const h = new RedisHash();
    for (const f of ["a", "b", "c", "d"]) expect(setBytes(h, f, f)).toBe(true);
    expect(setBytes(h, "b", "longer value")).toBe(false); // grows: the tail shifts right
    expect(setBytes(h, "c", "")).toBe(false); // shrinks to empty
    expect(setBytes(h, "d", "D")).toBe(false); // same length: in place
    expect(pairs(h)).toEqual(["a=a", "b=longer value", "c=", "d=D"]);
    expect(h.deleteBytes(bytes("a"), 0, 1)).toBe(true);
    expect(h.deleteBytes(bytes("a"), 0, 1)).toBe(false);
    expect(setBytes(h, "a", "again")).toBe(true);
    expect(pairs(h)).toEqual(["b=longer value", "c=", "d=D", "a=again"]);
    expect(h.fields()).toEqual(["b", "c", "d", "a"]);
    expect(lookup(h, "b")).toBe("longer value");
    expect(lookup(h, "c")).toBe("");
    expect(lookup(h, "zz")).toBeUndefined();
    expect(h.encoding).toBe("listpack");
    // Slots are the insertion ranks.
    expect([0, 1, 2, 3].map((i) => h.fieldAt(i))).toEqual(["b", "c", "d", "a"]);
    expect(text(h.valueAt(3))).toBe("again");
  });

  test("a field that is a prefix of another, and binary bytes, are told apart", () => {
    const h = new RedisHash();
    h.set("ab", bytes("1"));
    h.set("a", bytes("2"));
    h.set("\x00\xff", bytes("\x80"));
    expect(lookup(h, "a")).toBe("2");
    expect(lookup(h, "ab")).toBe("1");
    expect(lookup(h, "\x00\xff")).toBe("\x80");
    expect(lookup(h, "\x00")).toBeUndefined();
  });

  test(`stays compact up to ${LISTPACK_MAX_ENTRIES} fields and values of ${LISTPACK_MAX_VALUE} bytes`, () => {
    const h = new RedisHash();
    const max = "x".repeat(LISTPACK_MAX_VALUE);
    for (let i = 0; i < LISTPACK_MAX_ENTRIES - 1; i++) h.set(`f${i}`, bytes(`${i}`));
    h.set(max, bytes(max));
    expect(h.size).toBe(LISTPACK_MAX_ENTRIES);
    expect(h.encoding).toBe("listpack");
    expect(h.set("f0", bytes("updated"))).toBe(false); // an update of a full listpack stays compact
    expect(h.encoding).toBe("listpack");
  });
});

describe("RedisHash, conversion to a table (never back)", () => {
  const cases: [string, (h: RedisHash) => void][] = [
    ["one field too many", (h) => h.set("last", bytes("v"))],
    ["a long value", (h) => h.set("f3", bytes("v".repeat(LISTPACK_MAX_VALUE + 1)))],
    ["a long field", (h) => h.set("f".repeat(LISTPACK_MAX_VALUE + 1), bytes("v"))],
  ];
  for (const [name, convert] of cases) {
    test(name, () => {
      const h = new RedisHash();
      for (let i = 0; i < LISTPACK_MAX_ENTRIES; i++) h.set(`f${i}`, bytes(`v${i}`));
      const before = h.fields();
      convert(h);
      expect(h.encoding).toBe("hashtable");
      // The table's slots start in the listpack's order.
      expect(h.fields().slice(0, LISTPACK_MAX_ENTRIES)).toEqual(before);
      for (let i = 0; i < LISTPACK_MAX_ENTRIES; i++) if (i !== 3) expect(lookup(h, `f${i}`)).toBe(`v${i}`);
      for (let i = 1; i < LISTPACK_MAX_ENTRIES; i++) h.delete(`f${i}`);
      expect(h.size).toBeLessThanOrEqual(2);
      expect(h.encoding).toBe("hashtable"); // Redis does not convert back either
    });
  }

  test("values and fields too long to sit inline in the KeyTable read back whole", () => {
    const h = new RedisHash();
    const bigValue = "v".repeat(5000);
    const bigField = "f".repeat(3000);
    h.set("small", bytes("1"));
    h.set("big", bytes(bigValue));
    h.set(bigField, bytes("x"));
    expect(h.encoding).toBe("hashtable");
    expect(lookup(h, "big")).toBe(bigValue);
    expect(lookup(h, bigField)).toBe("x");
    expect(pairs(h)).toEqual(["small=1", `big=${bigValue}`, `${bigField}=x`]);
    expect(h.set("big", bytes("short again"))).toBe(false);
    expect(lookup(h, "big")).toBe("short again");
    expect(text(h.get(bigField)!)).toBe("x");
  });

  test("a delete moves the top slot into the hole (what a top-down HSCAN relies on)", () => {
    const h = new RedisHash();
    for (let i = 0; i < 600; i++) h.set(`f${i}`, bytes(`${i}`));
    expect(h.fieldAt(599)).toBe("f599");
    h.delete("f10");
    expect(h.fieldAt(10)).toBe("f599");
    expect(h.size).toBe(599);
    expect(text(h.valueAt(10))).toBe("599");
    expect(new Set(h.handles()).size).toBe(599);
  });
});

describe("RedisHash, string API", () => {
  test("get returns a copy; set copies its value", () => {
    for (const n of [3, 700]) {
      const h = new RedisHash();
      for (let i = 0; i < n; i++) h.set(`f${i}`, bytes(`v${i}`));
      const value = bytes("keep");
      h.set("k", value);
      value[0] = 0x21;
      const got = h.get("k")!;
      expect(text(got)).toBe("keep");
      got[0] = 0x21;
      expect(text(h.get("k")!)).toBe("keep");
      expect(h.has("k")).toBe(true);
      expect(h.get("nope")).toBeUndefined();
    }
  });
});

describe("RedisHash against a Map model", () => {
  test("random sets, updates and deletes in both forms agree with a Map", () => {
    const random = mulberry32(7);
    for (const fieldCount of [20, 400, 2000]) {
      const h = new RedisHash();
      const model = new Map<string, string>();
      for (let step = 0; step < 6000; step++) {
        const field = `f${Math.floor(random() * fieldCount)}`;
        const r = random();
        if (r < 0.6) {
          // Mostly short values, now and then one past the listpack limit.
          const len = random() < 0.01 ? 70 : Math.floor(random() * 12);
          const value = String.fromCharCode(97 + (step % 26)).repeat(len);
          expect(setBytes(h, field, value)).toBe(!model.has(field));
          model.set(field, value);
        } else {
          expect(h.deleteBytes(bytes(field), 0, field.length)).toBe(model.delete(field));
        }
        expect(h.size).toBe(model.size);
      }
      for (const [f, v] of model) expect(lookup(h, f)).toBe(v);
      expect(pairs(h).sort()).toEqual([...model].map(([f, v]) => `${f}=${v}`).sort());
      for (let i = 0; i < h.size; i++) expect(model.get(h.fieldAt(i))).toBe(text(h.valueAt(i)));
    }
  });

  test("a compact hash keeps Map (insertion) order", () => {
    const random = mulberry32(11);
    const h = new RedisHash();
    const model = new Map<string, string>();
    for (let step = 0; step < 3000; step++) {
      const field = `f${Math.floor(random() * 60)}`;
      if (random() < 0.7) {
        const value = "v".repeat(Math.floor(random() * 20));
        h.set(field, bytes(value));
        model.set(field, value); // an update keeps its place, as in a listpack
      } else {
        h.delete(field);
        model.delete(field);
      }
      expect(h.encoding).toBe("listpack");
    }
    expect(pairs(h)).toEqual([...model].map(([f, v]) => `${f}=${v}`));
  });
});
