import { describe, expect, test } from "bun:test";
import { utf8 } from "../../src/protocol/bytes.ts";
import {
  addLongDouble,
  formatLongDoubleHuman,
  isFiniteLongDouble,
  parseLongDouble,
} from "../../src/protocol/long-double.ts";
import { formatLongDouble } from "../../src/protocol/number-format.ts";

/** HSET f a, then HINCRBYFLOAT f b: what redis-server 7.0.15 (x86-64) answered. */
function incr(a: string, b: string): string {
  const x = parseLongDouble(utf8(a));
  const y = parseLongDouble(utf8(b));
  if (y === null) return "ERR value is not a valid float";
  if (!isFiniteLongDouble(y)) return "ERR value is NaN or Infinity";
  if (x === null) return "ERR hash value is not a float";
  const sum = addLongDouble(x, y);
  return isFiniteLongDouble(sum) ? formatLongDoubleHuman(sum) : "ERR increment would produce NaN or Infinity";
}

// Taken from a running redis-server 7.0.15 (HSET then HINCRBYFLOAT), not computed here.
const FROM_REDIS: [string, string, string][] = [
  ["0.1", "0.2", "0.3"],
  ["0.1", "0.7", "0.8"],
  ["1.1", "2.2", "3.3"],
  ["3", "-3", "0"],
  ["-0", "-0", "0"],
  ["0", "1e-5", "0.00001"],
  ["0", "0.00001234", "0.00001234"],
  ["1", "1e-18", "1"],
  ["1", "5e-18", "1"],
  ["1e20", "1e30", "1000000000100000000035918970880"],
  ["1e20", "-1e20", "0"],
  ["123456789.123456789", "0.000000001", "123456789.12345678999554366"],
  ["-5.5", "5.5", "0"],
  ["10.5", "0.25", "10.75"],
  [
    "0",
    "1.7976931348623157e308",
    "179769313486231569995921046774104434048386446944329178485314420765176628523124396354701868608387085564428793419425520689308708363451136055357897278026477617073498977686288394835618163294045594434929537447290627480669417384648879122776218333598953852832103282504751611691208117720159985926376802466863339536384",
  ],
  ["0", "2.5e-310", "0"],
  ["1.5", "0x1.8p1", "4.5"],
  ["0", "1e-4940", "0"],
  ["0", "3.6e-4951", "0"],
  ["9223372036854775807", "1", "9223372036854775808"],
  ["18446744073709551615", "1", "18446744073709551616"],
  ["0.333333333333333333333", "0.333333333333333333333", "0.66666666666666667"],
  ["2.0", "3.0e0", "5"],
  ["-1e-17", "0", "-0.00000000000000001"],
  ["0", "-5.000000000000000001e-18", "-0.00000000000000001"],
  ["1e17", "0.5", "100000000000000000.5"],
  ["1.00000000000000000001", "0", "1"],
  ["6.02214076e23", "1", "602214076000000000000000"],
  ["0", "-1e-30", "0"],
  ["7", "+.5E1", "12"],
  ["0", "123456789012345678901234567890", "123456789012345678899921813504"],
  ["0", "0.1e-3", "0.0001"],
  [
    "0",
    "1e309",
    "999999999999999999986349424581256454766307763249906048699722933664407363742116431635427166600418245409398702382304152749971957328402423172341126484032370375772746974788657214625693651444984012739133113268869496442311034817571120406763557498021655642425941543468850939783228659030453659621446207643423114002432",
  ],
  ["1e4932", "1e4932", "ERR increment would produce NaN or Infinity"],
];

/** The same, for results too long to inline: [a, b, length, head, tail]. */
const LONG_FROM_REDIS: [string, string, number, string, string][] = [
  [
    "0",
    "1.18973149535723176502e+4932",
    4933,
    "1189731495357231765021263853030970205169",
    "19552086811989770240",
  ],
];

describe("long double (Redis's INCRBYFLOAT arithmetic)", () => {
  test.each(FROM_REDIS)("%p + %p = %p", (a, b, want) => {
    expect(incr(a, b)).toBe(want);
  });

  test.each(LONG_FROM_REDIS)("%p + %p (long result)", (a, b, length, head, tail) => {
    const got = incr(a, b);
    expect(got.length).toBe(length);
    expect(got.startsWith(head)).toBe(true);
    expect(got.endsWith(tail)).toBe(true);
  });

  test("string2ld rejects what Redis rejects", () => {
    for (const bad of [
      "",
      " 1",
      "1 ",
      "1e",
      "abc",
      ".",
      "-",
      "+",
      "nan",
      "NaN",
      "0x",
      "1\u00002",
      "infin",
      "1e-5000",
      "1e5000",
    ]) {
      expect(parseLongDouble(utf8(bad))).toBeNull();
    }
    for (const ok of [
      "1",
      "-1",
      "+1",
      ".5",
      "5.",
      "1E+2",
      "0x1P-2",
      "inf",
      "-Infinity",
      "1e-4940",
      "0e99999",
    ]) {
      expect(parseLongDouble(utf8(ok))).not.toBeNull();
    }
    expect(parseLongDouble(new Uint8Array(5120).fill(49))).toBeNull(); // MAX_LONG_DOUBLE_CHARS
  });

  test("formatLongDouble prints a double exactly, as %.17Lf after conversion", () => {
    expect(formatLongDouble(0.1 + 0.2)).toBe("0.30000000000000004");
    expect(formatLongDouble(1.5)).toBe("1.5");
    expect(formatLongDouble(-0)).toBe("0");
    expect(formatLongDouble(1e-18)).toBe("0");
    expect(formatLongDouble(2 ** 64)).toBe("18446744073709551616");
    expect(formatLongDouble(Number.POSITIVE_INFINITY)).toBe("inf");
  });
});
