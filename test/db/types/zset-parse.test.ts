/**
 * parseScore's fast path for plain decimals (sign, digits, optional dot and fraction), which
 * computes the value without building a string, against the strtod path it short-cuts
 * (`parseScoreSlow`): on the edges of the fast path (2^53, 22 fraction digits, -0) and on many
 * seeded random inputs, plain and not. parseScoreBound takes the same fast path after `(`.
 */
import { describe, expect, test } from "bun:test";
import { parseScore, parseScoreBound, parseScoreSlow } from "../../../src/db/types/zset.ts";
import { mulberry32 } from "../../support/prng.ts";

const bin = (s: string) => Buffer.from(s, "latin1");

function same(text: string): void {
  const fast = parseScore(bin(text));
  const slow = parseScoreSlow(bin(text));
  if (!Object.is(fast, slow)) throw new Error(`${JSON.stringify(text)}: fast ${fast}, slow ${slow}`);
}

describe("parseScore's fast path equals the strtod path", () => {
  test("edges: signs, zeros, dots, 2^53, long fractions", () => {
    const edges = [
      "0",
      "-0",
      "+0",
      "-0.0",
      "-.0",
      "0.",
      "-0.",
      ".5",
      "-.5",
      "+.5",
      "1.",
      ".",
      "-",
      "+",
      "-.",
      "",
      "000000012345",
      "9007199254740991",
      "9007199254740992",
      "9007199254740993",
      "-9007199254740993",
      "900719925474099.3",
      "0.1",
      "0.3",
      "2.675",
      "1.0000000000000000000001", // 22 fraction digits
      "0.00000000000000000000001", // 23 fraction digits: the slow path
      "123456789012345678901234567890",
      "1.2.3",
      "1..2",
      "--1",
      "+-1",
      "1-",
      "1e5",
      "1.5E-3",
      " 1",
      "1 ",
      "0x10",
      "inf",
      "1\x00",
    ];
    for (const t of edges) same(t);
    expect(Object.is(parseScore(bin("-0")), -0)).toBe(true);
    expect(Object.is(parseScore(bin("-0.000")), -0)).toBe(true);
    expect(parseScore(bin("9007199254740993"))).toBe(9007199254740992);
  });

  test("random plain decimals and near-misses", () => {
    const rand = mulberry32(2024);
    const int = (n: number) => Math.floor(rand() * n);
    const digits = (n: number) => {
      let s = "";
      for (let k = 0; k < n; k++) s += String.fromCharCode(48 + int(10));
      return s;
    };
    const junk = "0123456789.+-eEx \x00i";
    for (let k = 0; k < 200_000; k++) {
      let t: string;
      const r = rand();
      if (r < 0.7) {
        // A plain form: up to 20 digits before and 25 after a dot, so both sides of the
        // fast path's limits are hit.
        t = (rand() < 0.3 ? (rand() < 0.5 ? "-" : "+") : "") + digits(int(21));
        if (rand() < 0.6) t += `.${digits(int(26))}`;
      } else {
        t = "";
        for (let n = int(8); n > 0; n--) t += junk[int(junk.length)];
      }
      same(t);
    }
  });

  test("on a slice of a larger buffer, bytes past the end are not read", () => {
    const buf = bin("xx-12.5yy");
    expect(parseScore(buf, 2, 7)).toBe(-12.5);
    expect(parseScore(buf, 2, 5)).toBe(-12);
    expect(parseScore(bin("123"), 1, 1)).toBeNull();
  });

  test("parseScoreBound takes the same values after its optional (", () => {
    const rand = mulberry32(9);
    for (let k = 0; k < 20_000; k++) {
      const t = `${rand() < 0.5 ? "-" : ""}${Math.floor(rand() * 1e9)}.${Math.floor(rand() * 1e6)}`;
      const v = parseScoreSlow(bin(t));
      expect(parseScoreBound(bin(t))).toEqual({ value: v!, exclusive: false });
      expect(parseScoreBound(bin(`(${t}`))).toEqual({ value: v!, exclusive: true });
    }
    expect(Object.is(parseScoreBound(bin("(-0"))!.value, -0)).toBe(true);
    expect(parseScoreBound(bin("("))).toEqual({ value: 0, exclusive: true });
    expect(parseScoreBound(bin(""))).toEqual({ value: 0, exclusive: false });
  });
});
