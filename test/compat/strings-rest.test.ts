/**
 * Differential cases for GETSET, GETRANGE, SUBSTR, SETRANGE, INCRBYFLOAT (long double
 * arithmetic and formatting), MSETNX and LCS, in both protocols, plus their COMMAND INFO and
 * COMMAND DOCS rows. String values only, except the WRONGTYPE case (a hash, via HSET).
 */
import { mulberry32 as rng } from "../support/prng.ts";
import { type Case, c, compatSuite, docsExceptArguments, ranged, type Step } from "./harness.ts";

const I64_MAX = "9223372036854775807";
const I64_MIN = "-9223372036854775808";

const docs = (name: string): Step => ({ send: ["COMMAND", "DOCS", name], cmp: docsExceptArguments });

/** Increments whose long double sums and `%.17Lf` texts are easy to get wrong with doubles. */
const floatSteps = [
  "0.1",
  "0.2",
  "-0.3",
  "1e-5",
  "3.0e5",
  "5.0e3",
  "-305000.00001",
  "10.5",
  "0.1",
  "-5.0e3",
  "1e20",
  "-1e20",
  "1.5e-10",
  "123456789.123456789",
  "-0.000001",
  "7",
  "1E3",
  "0.30000000000000004",
  "2.5e-17",
  "1e-17",
  "5e-18",
  "-99999999999999999",
  "0x1p-3",
  "0X1.8P1",
  "1e300",
  "-1e300",
  "1.7976931348623157e308",
  "-1.7976931348623157e308",
  "9007199254740993",
  "-9007199254740993",
  "0.1",
  "0.7",
  "1e-3",
  "2.2250738585072014e-308",
  "+4",
  "-0",
  ".5",
  "5.",
  "000.1",
];

/** Random decimal texts: integers, fractions, exponents, tiny and huge, either sign. */
function randomFloats(n: number, seed: number): string[] {
  const r = rng(seed);
  const digits = (k: number) => Array.from({ length: k }, () => String(Math.floor(r() * 10))).join("");
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const sign = r() < 0.4 ? "-" : "";
    const kind = Math.floor(r() * 4);
    if (kind === 0) out.push(`${sign}${digits(1 + Math.floor(r() * 6))}`);
    else if (kind === 1)
      out.push(`${sign}${digits(1 + Math.floor(r() * 4))}.${digits(1 + Math.floor(r() * 12))}`);
    else if (kind === 2) out.push(`${sign}${digits(1)}.${digits(3)}e${Math.floor(r() * 40) - 20}`);
    else out.push(`${sign}0.${digits(Math.floor(r() * 3))}${digits(1 + Math.floor(r() * 3))}`);
  }
  return out;
}

/** Random string commands over three keys, to catch the cases nobody thinks of. */
function randomStringSteps(n: number, seed: number): Step[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const keys = ["a", "b", "c"];
  const vals = ["", "x", "hello", "12", "-3", "abcabc", "0.5", "a\u0000b"];
  const int = () => String(Math.floor(r() * 24) - 12);
  const steps: Step[] = [];
  for (let i = 0; i < n; i++) {
    const k = pick(keys);
    switch (Math.floor(r() * 10)) {
      case 0:
        steps.push(c("SET", k, pick(vals)));
        break;
      case 1:
        steps.push(c("APPEND", k, pick(vals)));
        break;
      case 2:
        steps.push(c("GETRANGE", k, int(), int()));
        break;
      case 3:
        steps.push(c("SETRANGE", k, String(Math.floor(r() * 8)), pick(vals)));
        break;
      case 4:
        steps.push(c("INCRBYFLOAT", k, pick(["1", "-0.5", "2.25", "1e-3", "x", "-7"])));
        break;
      case 5:
        steps.push(c("GETSET", k, pick(vals)));
        break;
      case 6:
        steps.push(c("MSETNX", k, pick(vals), pick(keys), pick(vals)));
        break;
      case 7:
        steps.push(
          c(
            "LCS",
            k,
            pick(keys),
            ...pick([[], ["LEN"], ["IDX"], ["IDX", "WITHMATCHLEN"], ["IDX", "MINMATCHLEN", "2"]]),
          ),
        );
        break;
      case 8:
        steps.push(c("SUBSTR", k, int(), int()));
        break;
      default:
        steps.push(c("DEL", k));
        break;
    }
    if (r() < 0.2) steps.push(c("MGET", ...keys));
  }
  steps.push(c("MGET", ...keys));
  return steps;
}

const cases: Case[] = [
  {
    name: "GETSET",
    steps: [
      c("GETSET", "k", "a"),
      c("GETSET", "k", "b"),
      c("GET", "k"),
      c("SET", "t", "v", "EX", "100"),
      c("GETSET", "t", "w"),
      c("TTL", "t"),
      c("GETSET", "bin", "a\u0000b\r\n"),
      c("GETSET", "bin", ""),
      c("GET", "bin"),
      c("GETSET", "k"),
      c("GETSET", "k", "a", "b"),
    ],
  },
  {
    name: "GETRANGE and SUBSTR offsets",
    steps: [
      c("SET", "k", "This is a string"),
      ...[
        ["0", "3"],
        ["-3", "-1"],
        ["0", "-1"],
        ["10", "100"],
        ["-100", "3"],
        ["5", "3"],
        ["-1", "-5"],
        ["-100", "-100"],
        ["16", "20"],
        ["15", "15"],
        ["0", "0"],
        ["-1", "0"],
        ["3", "-100"],
        [I64_MIN, I64_MAX],
        [I64_MAX, I64_MAX],
        [I64_MIN, I64_MIN],
        ["-16", "-16"],
        ["-17", "-17"],
        ["1", "-17"],
      ].flatMap(([s, e]) => [c("GETRANGE", "k", s!, e!), c("SUBSTR", "k", s!, e!)]),
      c("GETRANGE", "missing", "0", "-1"),
      c("SET", "empty", ""),
      c("GETRANGE", "empty", "0", "-1"),
      c("GETRANGE", "empty", "-1", "-1"),
      c("SET", "n", "12345"),
      c("GETRANGE", "n", "1", "2"),
      c("GETRANGE", "k", "x", "1"),
      c("GETRANGE", "k", "0", "1.5"),
      c("GETRANGE", "k", "0", "9223372036854775808"),
      c("GETRANGE", "missing", "a", "b"),
      c("GETRANGE", "k", "0"),
      c("SUBSTR", "k", "0", "1", "2"),
    ],
  },
  {
    name: "SETRANGE",
    steps: [
      c("SET", "k", "Hello World", "EX", "100"),
      c("SETRANGE", "k", "6", "Redis"),
      c("GET", "k"),
      ranged(1, "TTL", "k"),
      c("SETRANGE", "k", "13", "!"),
      c("GET", "k"),
      c("SETRANGE", "k", "0", "h"),
      c("GET", "k"),
      c("SETRANGE", "new", "3", "ab"),
      c("GET", "new"),
      c("SETRANGE", "new2", "0", "x"),
      c("GET", "new2"),
      c("SETRANGE", "none", "100", ""),
      c("EXISTS", "none"),
      c("SETRANGE", "k", "999999999", ""),
      c("SETRANGE", "k", "-1", "x"),
      c("SETRANGE", "k", "-1", ""),
      c("SETRANGE", "k", "x", "x"),
      c("SETRANGE", "k", I64_MAX, "x"),
      c("SETRANGE", "k", "536870912", "x"),
      c("SETRANGE", "k", "536870911", "xx"),
      c("SETRANGE", "k", "9223372036854775808", "x"),
      c("SET", "n", "123"),
      c("SETRANGE", "n", "1", "9"),
      c("GET", "n"),
      c("INCR", "n"),
      c("SETRANGE", "k", "1"),
    ],
  },
  {
    name: "INCRBYFLOAT sums and formatting",
    steps: [
      ...floatSteps.map((by) => c("INCRBYFLOAT", "f", by)),
      c("GET", "f"),
      ...floatSteps.map((by) => c("INCRBYFLOAT", `g${by}`, by)),
      c("SET", "ten", "10.50"),
      c("INCRBYFLOAT", "ten", "0.1"),
      c("SET", "e", "5.0e3"),
      c("INCRBYFLOAT", "e", "2.0e2"),
      c("SET", "big", "1e4000"),
      c("INCRBYFLOAT", "big", "1"),
      c("SET", "tiny", "1e-4940"),
      c("INCRBYFLOAT", "tiny", "0"),
      c("INCRBYFLOAT", "tiny2", "1e-4940"),
      c("SET", "i", I64_MAX),
      c("INCRBYFLOAT", "i", "1"),
      c("SET", "neg", "-1"),
      c("INCRBYFLOAT", "neg", "0.99999999999999999"),
    ],
  },
  {
    name: "INCRBYFLOAT errors and TTL",
    steps: [
      c("SET", "f", "1", "EX", "100"),
      c("INCRBYFLOAT", "f", "1.5"),
      ranged(1, "TTL", "f"),
      ...[
        " 1",
        "1 ",
        "",
        "abc",
        "nan",
        "NaN",
        "-nan",
        "inf",
        "-inf",
        "+Infinity",
        "1e5000",
        "-1e5000",
        "1e-5000",
        "0x",
        "1e",
        "1.2.3",
        "--1",
        "1\u0000",
        "\u00001",
        "1,5",
      ].map((by) => c("INCRBYFLOAT", "f", by)),
      c("GET", "f"),
      c("SET", "s", "not a number"),
      c("INCRBYFLOAT", "s", "1"),
      c("SET", "sp", " 1"),
      c("INCRBYFLOAT", "sp", "1"),
      c("SET", "infv", "inf"),
      c("INCRBYFLOAT", "infv", "1"),
      c("SET", "huge", "1e4932"),
      c("INCRBYFLOAT", "huge", "1e4932"),
      c("INCRBYFLOAT", "f"),
      c("INCRBYFLOAT", "f", "1", "2"),
    ],
  },
  {
    name: "MSETNX",
    steps: [
      c("SET", "a", "0"),
      c("MSETNX", "a", "1", "new", "2"),
      c("MGET", "a", "new"),
      c("MSETNX", "new1", "1", "new2", "2"),
      c("MGET", "new1", "new2"),
      c("MSETNX", "x", "1", "x", "2"),
      c("GET", "x"),
      c("SET", "t", "v", "EX", "100"),
      c("MSETNX", "t", "w"),
      ranged(1, "TTL", "t"),
      c("MSETNX", "odd"),
      c("MSETNX", "a", "1", "b"),
      c("MSETNX"),
    ],
  },
  {
    name: "LCS",
    steps: [
      c("MSET", "a", "ohmytext", "b", "mynewtext"),
      c("LCS", "a", "b"),
      c("LCS", "b", "a"),
      c("LCS", "a", "b", "LEN"),
      c("LCS", "a", "b", "IDX"),
      c("LCS", "a", "b", "idx", "withmatchlen"),
      c("LCS", "a", "b", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"),
      c("LCS", "a", "b", "IDX", "MINMATCHLEN", "-4"),
      c("LCS", "a", "b", "IDX", "MINMATCHLEN", "100"),
      c("LCS", "a", "b", "LEN", "MINMATCHLEN", "2"),
      c("LCS", "a", "b", "WITHMATCHLEN"),
      c("LCS", "a", "b", "IDX", "IDX", "LEN"),
      c("LCS", "a", "b", "LEN", "IDX"),
      c("LCS", "a", "b", "BOGUS"),
      c("LCS", "a", "b", "MINMATCHLEN"),
      c("LCS", "a", "b", "MINMATCHLEN", "x"),
      c("LCS", "a", "missing"),
      c("LCS", "missing", "missing2", "IDX"),
      c("LCS", "a", "a", "IDX", "WITHMATCHLEN"),
      c("MSET", "x", "aaaa", "y", "aa"),
      c("LCS", "x", "y", "IDX", "WITHMATCHLEN"),
      c("MSET", "p", "abcabcabc", "q", "cbacbacba"),
      c("LCS", "p", "q"),
      c("LCS", "p", "q", "IDX", "WITHMATCHLEN"),
      c("MSET", "r", "GTTCCTAATA", "s", "CGATAATTGAGA"),
      c("LCS", "r", "s"),
      c("LCS", "r", "s", "IDX", "WITHMATCHLEN"),
      c("MSET", "bin1", "a\u0000b\u00ffc", "bin2", "\u00ffa\u0000c"),
      c("LCS", "bin1", "bin2"),
      c("LCS", "bin1", "bin2", "IDX"),
      c("SET", "n", "12345"),
      c("LCS", "n", "a"),
      c("LCS", "a"),
    ],
  },
  {
    name: "string commands on a hash (WRONGTYPE) and LCS's own error",
    steps: [
      c("HSET", "h", "f", "v"),
      c("GETSET", "h", "v"),
      c("GETRANGE", "h", "0", "1"),
      c("GETRANGE", "h", "x", "1"),
      c("SUBSTR", "h", "0", "1"),
      c("SETRANGE", "h", "0", "x"),
      c("SETRANGE", "h", "0", ""),
      c("SETRANGE", "h", "-1", "x"),
      c("INCRBYFLOAT", "h", "1"),
      c("INCRBYFLOAT", "h", "x"),
      c("MSETNX", "h", "v", "other", "v"),
      c("EXISTS", "other"),
      c("SET", "s", "v"),
      c("LCS", "s", "h"),
      c("LCS", "h", "s", "BOGUS"),
      c("TYPE", "h"),
    ],
  },
  {
    name: "INCRBYFLOAT random increments (long double sums)",
    steps: [
      ...randomFloats(150, 1).map((by) => c("INCRBYFLOAT", "f", by)),
      ...randomFloats(150, 2).map((by, i) => c("INCRBYFLOAT", `k${i % 7}`, by)),
    ],
  },
  { name: "random string command sequence", steps: randomStringSteps(300, 3) },
  {
    name: "COMMAND INFO and DOCS of the string commands",
    steps: [
      ...["getset", "getrange", "substr", "setrange", "incrbyfloat", "msetnx", "lcs"].map((n) =>
        c("COMMAND", "INFO", n),
      ),
      ...["getrange", "setrange", "incrbyfloat", "msetnx", "lcs"].map(docs),
      c("COMMAND", "GETKEYS", "MSETNX", "a", "1", "b", "2"),
      c("COMMAND", "GETKEYS", "LCS", "a", "b", "IDX"),
    ],
  },
  {
    // Redis 7.0 marks both as deprecated: `doc_flags`, `deprecated_since` and `replaced_by`.
    name: "COMMAND DOCS of the deprecated GETSET and SUBSTR",
    steps: [docs("getset"), docs("substr")],
  },
];

compatSuite("strings-rest", cases);
