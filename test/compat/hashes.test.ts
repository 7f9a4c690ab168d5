/**
 * Differential cases for the hash commands: HSET, HSETNX, HGET, HMGET, HMSET, HDEL, HLEN,
 * HSTRLEN, HEXISTS, HKEYS, HVALS, HGETALL, HINCRBY, HINCRBYFLOAT (Redis's long-double
 * formatting) and HRANDFIELD, their errors, WRONGTYPE, both protocols, and their COMMAND
 * INFO / DOCS rows.
 *
 * Reply order: small hashes (Redis's listpack encoding: at most 128 fields, values of at most
 * 64 bytes) answer in insertion order on both servers and are compared byte for byte. Larger
 * ones are hash tables in Redis, whose order is unspecified: compared as sets of items/pairs.
 * HRANDFIELD's picks are random: both replies must have the same shape, and each must hold
 * fields (with their values) of the hash, distinct where Redis promises it, in hash order
 * where Redis's small hashes give it.
 */
import {
  type Case,
  type CustomComparator,
  c,
  compatSuite,
  docsExceptArguments,
  type Reply,
  type Step,
  shapeDiff,
  sortedCmd,
} from "./harness.ts";
import type { RespNode } from "./resp-scan.ts";

const I64_MAX = "9223372036854775807";
const I64_MIN = "-9223372036854775808";

const pairsCmd = (...args: string[]): Step => ({ send: args, cmp: "pairs" });

/** `n` fields f0..f(n-1) with values v0.., as HSET arguments. */
const manyPairs = (n: number, prefix = "f"): string[] => {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(`${prefix}${i}`, `v${i}`);
  return out;
};

// ---------------------------------------------------------------------------------------------
// HRANDFIELD: a comparator for random picks

function latin1(bytes: Uint8Array, from: number, to: number): string {
  let s = "";
  for (let i = from; i < to; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

interface RandomSpec {
  /** The hash, in insertion order. */
  hash: readonly (readonly [string, string])[];
  withValues: boolean;
  /** Distinct fields (positive count). */
  unique: boolean;
  /** In hash order (sparse distinct picks from a small hash). */
  ordered: boolean;
}

/** Checks one side's HRANDFIELD reply against the hash; a reason when it is wrong. */
function checkRandom(r: Reply, spec: RandomSpec): string | undefined {
  if (r.kind !== "frame" || r.node.type !== "*" || !r.node.children) return "not an array";
  const bulk = (n: RespNode): string => {
    const at = n.start - r.node.start;
    const body = latin1(r.bytes, at, n.end - r.node.start);
    return body.slice(body.indexOf("\r\n") + 2, -2);
  };
  const items: [string, string | undefined][] = [];
  const kids = r.node.children;
  if (kids.length && kids[0]!.type === "*") {
    for (const pair of kids) items.push([bulk(pair.children![0]!), bulk(pair.children![1]!)]);
  } else if (spec.withValues) {
    for (let i = 0; i < kids.length; i += 2) items.push([bulk(kids[i]!), bulk(kids[i + 1]!)]);
  } else {
    for (const k of kids) items.push([bulk(k), undefined]);
  }
  const values = new Map(spec.hash);
  const order = spec.hash.map(([f]) => f);
  let last = -1;
  for (const [field, value] of items) {
    if (!values.has(field)) return `${JSON.stringify(field)} is not a field of the hash`;
    if (spec.withValues && value !== values.get(field)) return `wrong value for ${JSON.stringify(field)}`;
    const at = order.indexOf(field);
    if (spec.ordered && at <= last) return "fields not in hash order";
    last = at;
  }
  if (spec.unique && new Set(items.map(([f]) => f)).size !== items.length) return "repeated fields";
  return undefined;
}

const randomFields =
  (spec: RandomSpec): CustomComparator =>
  (a, b) => {
    if (a.kind !== "frame" || b.kind !== "frame") return `${a.kind} vs ${b.kind}`;
    const shape = shapeDiff(a.node, b.node);
    if (shape) return shape;
    const ra = checkRandom(a, spec);
    if (ra) return `redis: ${ra}`;
    const rb = checkRandom(b, spec);
    return rb ? `peer: ${rb}` : undefined;
  };

const SMALL: [string, string][] = [
  ["a", "1"],
  ["b", "2"],
  ["c", "3"],
  ["d", "4"],
  ["e", "5"],
];
const asPairs = (flat: string[]): [string, string][] => {
  const out: [string, string][] = [];
  for (let i = 0; i < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
  return out;
};
/** A listpack hash in Redis (60 fields): sparse picks come back in hash order. */
const MID = asPairs(manyPairs(60, "m"));
/** A hash table in Redis (200 fields). */
const BIG = asPairs(manyPairs(200));

const rand = (key: string, hash: [string, string][], count: number, withValues = false): Step => ({
  send: ["HRANDFIELD", key, String(count), ...(withValues ? ["WITHVALUES"] : [])],
  cmp: randomFields({
    hash,
    withValues,
    unique: count > 0,
    // Redis's listpack sampling (count <= a third of a small hash) keeps the hash's order.
    ordered: count > 0 && count * 3 <= hash.length && hash.length <= 128,
  }),
});

/** HRANDFIELD without a count: one field of the hash. */
const randOne: CustomComparator = (a, b) => {
  for (const [who, r] of [
    ["redis", a],
    ["peer", b],
  ] as const) {
    if (r.kind !== "frame" || r.node.type !== "$") return `${who}: not a bulk string`;
    const text = latin1(r.bytes, 0, r.bytes.length);
    const field = text.slice(text.indexOf("\r\n") + 2, -2);
    if (!SMALL.some(([f]) => f === field)) return `${who}: ${JSON.stringify(field)} is not a field`;
  }
  return undefined;
};

// ---------------------------------------------------------------------------------------------
// HINCRBYFLOAT inputs: each is HSET'd as the old value, then incremented

const FLOAT_STEPS: [string, string][] = [
  ["0", "0.1"],
  ["0.1", "0.2"],
  ["0.1", "0.7"],
  ["1.1", "2.2"],
  ["0", "1e-5"],
  ["0", "1.0e-20"],
  ["1e20", "1e30"],
  ["0", "3.0e3"],
  ["0", "0x10"],
  ["0", "0X1.8P1"],
  ["0", "-0.0"],
  ["5000", "-5000.0"],
  ["0", "1e-4940"],
  ["0", "1e-5000"],
  ["0", "1e4000"],
  ["1e4000", "-1e4000"],
  ["1.1e4932", "1.1e4932"],
  [I64_MAX, "1"],
  ["18446744073709551615", "1"],
  ["0", "-1.23456789012345678901"],
  ["0", "1.00000000000000000005"],
  ["0", "4.9e-18"],
  ["0", "5.1e-18"],
  ["1e17", "0.5"],
  ["123456789.123456789", "0.000000001"],
  ["0", "1.7976931348623157e308"],
  ["0", "1e309"],
  ["0", ".5"],
  ["0.5", "5."],
  ["5.5", "+.5e1"],
  ["0", "inf"],
  ["0", "-INFINITY"],
  ["0", "nan"],
  ["0", "abc"],
  ["0", ""],
  ["0", " 1"],
  ["0", "1 "],
  ["0", "1e"],
  ["0", "0x"],
  ["0", "1\u00002"],
  ["0", "\u0000"],
  ["0", "1\u0000"],
  ["\u0000", "1"],
  ["abc", "1"],
  ["inf", "1"],
  ["-inf", "1"],
  ["nan", "1"],
  [" 1", "1"],
  ["1.5abc", "1"],
  ["", "1"],
  ["10", "-10"],
  ["0.333333333333333333333", "0.333333333333333333333"],
  ["6.02214076e23", "1"],
];

const floatSteps = FLOAT_STEPS.flatMap(([old, by], i) => [
  c("HSET", "fl", `f${i}`, old),
  c("HINCRBYFLOAT", "fl", `f${i}`, by),
  c("HGET", "fl", `f${i}`),
]);

// ---------------------------------------------------------------------------------------------
// A seeded random sequence of hash commands over a few keys, fields and values. Hashes stay
// small (listpack in Redis), so every reply, HGETALL's order included, is compared exactly.

function randomSequence(seed: number, length: number): Step[] {
  let state = seed;
  const next = (n: number): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    // The low bits of this generator cycle quickly: use the high ones.
    return Math.floor(state / 65536) % n;
  };
  const key = () => ["h1", "h2", "s"][next(3)]!;
  const field = () => `f${next(6)}`;
  const value = () => ["1", "-2", "0.5", "x", "", "10", "9223372036854775807", "1e3"][next(8)]!;
  const makers: (() => string[])[] = [
    () => ["HSET", key(), field(), value(), field(), value()],
    () => ["HSETNX", key(), field(), value()],
    () => ["HMSET", key(), field(), value()],
    () => ["HDEL", key(), field(), field()],
    () => ["HGET", key(), field()],
    () => ["HMGET", key(), field(), field(), field()],
    () => ["HLEN", key()],
    () => ["HSTRLEN", key(), field()],
    () => ["HEXISTS", key(), field()],
    () => ["HKEYS", key()],
    () => ["HVALS", key()],
    () => ["HGETALL", key()],
    () => ["HINCRBY", key(), field(), ["1", "-3", "x", "9223372036854775807"][next(4)]!],
    () => ["HINCRBYFLOAT", key(), field(), ["0.1", "-1.5", "1e2", "abc"][next(4)]!],
    () => ["HRANDFIELD", key(), String(10 + next(3))],
    () => ["EXISTS", key()],
    () => ["SET", "s", "str"],
    () => ["DEL", key()],
  ];
  const steps: Step[] = [];
  for (let i = 0; i < length; i++) steps.push(c(...makers[next(makers.length)]!()));
  return steps;
}

// ---------------------------------------------------------------------------------------------

const hashCommands = [
  "hset",
  "hsetnx",
  "hget",
  "hmget",
  "hmset",
  "hdel",
  "hlen",
  "hstrlen",
  "hexists",
  "hkeys",
  "hvals",
  "hgetall",
  "hincrby",
  "hincrbyfloat",
  "hrandfield",
];

const cases: Case[] = [
  {
    name: "HSET, HGET, HMSET, HSETNX",
    steps: [
      c("HGET", "h", "a"),
      c("HSET", "h", "a", "1"),
      c("HSET", "h", "a", "2", "b", "3", "c", "4"),
      c("HGET", "h", "a"),
      c("HGET", "h", "nope"),
      c("HSET", "h", "a", "1", "b"),
      c("HSET", "h", "a"),
      c("HSET", "h"),
      c("HMSET", "h", "x", "1", "y"),
      c("HMSET", "h", "x", "1", "y", "2"),
      c("HMSET", "h", "x"),
      c("HSETNX", "h", "a", "zzz"),
      c("HSETNX", "h", "new", "v"),
      c("HSETNX", "other", "f", "v"),
      c("HSETNX", "h", "f"),
      c("HGETALL", "h"),
      c("HGETALL", "other"),
      c("HSET", "h", "", ""),
      c("HGET", "h", ""),
      c("hset", "lower", "f", "v"),
      c("hget", "lower", "f"),
      c("HGET", "h"),
      c("HGET", "h", "a", "b"),
      c("TYPE", "h"),
      c("DBSIZE"),
    ],
  },
  {
    name: "binary fields and values",
    steps: [
      c("HSET", "h", "a\0b", "v\r\n\u0001", "\u00ff", "\u0000"),
      c("HGET", "h", "a\0b"),
      c("HGET", "h", "a"),
      c("HGETALL", "h"),
      c("HSTRLEN", "h", "a\0b"),
      c("HEXISTS", "h", "\u00ff"),
    ],
  },
  {
    name: "HMGET, HLEN, HSTRLEN, HEXISTS",
    steps: [
      c("HMGET", "h", "a", "b"),
      c("HLEN", "h"),
      c("HSTRLEN", "h", "a"),
      c("HEXISTS", "h", "a"),
      c("HSET", "h", "a", "hello", "b", "", "n", "12345", "neg", "-7"),
      c("HMGET", "h", "a", "nope", "b", "a"),
      c("HMGET", "h", "n"),
      c("HLEN", "h"),
      c("HSTRLEN", "h", "a"),
      c("HSTRLEN", "h", "b"),
      c("HSTRLEN", "h", "n"),
      c("HSTRLEN", "h", "neg"),
      c("HSTRLEN", "h", "nope"),
      c("HEXISTS", "h", "b"),
      c("HEXISTS", "h", "nope"),
      c("HMGET", "h"),
      c("HLEN"),
      c("HLEN", "h", "x"),
      c("HSTRLEN", "h"),
      c("HEXISTS", "h"),
    ],
  },
  {
    name: "HDEL and empty-key deletion",
    steps: [
      c("HDEL", "h", "a"),
      c("HSET", "h", "a", "1", "b", "2", "c", "3"),
      c("HDEL", "h", "a", "a", "nope"),
      c("HDEL", "h", "nope"),
      c("HGETALL", "h"),
      c("HDEL", "h", "b", "c", "b", "x"),
      c("EXISTS", "h"),
      c("HLEN", "h"),
      c("HGETALL", "h"),
      c("HSET", "h", "z", "9"),
      c("HGETALL", "h"),
      c("HDEL", "h"),
      c("DBSIZE"),
    ],
  },
  {
    name: "HKEYS, HVALS, HGETALL order after updates and deletes",
    steps: [
      c("HKEYS", "h"),
      c("HVALS", "h"),
      c("HGETALL", "h"),
      c("HSET", "h", "c", "3", "a", "1", "b", "2"),
      c("HSET", "h", "a", "updated"),
      c("HDEL", "h", "c"),
      c("HSET", "h", "c", "back", "d", "4"),
      c("HKEYS", "h"),
      c("HVALS", "h"),
      c("HGETALL", "h"),
      c("HKEYS"),
      c("HVALS", "h", "x"),
      c("HGETALL", "h", "x"),
    ],
  },
  {
    // 200 fields: a hash table in Redis, whose order is unspecified.
    name: "a large hash (hash-table encoded in Redis)",
    steps: [
      c("HSET", "big", ...manyPairs(200)),
      c("HLEN", "big"),
      sortedCmd("HKEYS", "big"),
      sortedCmd("HVALS", "big"),
      pairsCmd("HGETALL", "big"),
      c("HDEL", "big", "f0", "f1", "f199", "nope"),
      c("HLEN", "big"),
      pairsCmd("HGETALL", "big"),
      c("HGET", "big", "f100"),
      c("HMGET", "big", "f0", "f2"),
      c("HSET", "long", "a", "1", "b", "x".repeat(100)),
      pairsCmd("HGETALL", "long"),
      c("HSTRLEN", "long", "b"),
    ],
  },
  {
    name: "HINCRBY",
    steps: [
      c("HINCRBY", "h", "n", "5"),
      c("HINCRBY", "h", "n", "-10"),
      c("HINCRBY", "h", "n", "0"),
      c("HGET", "h", "n"),
      c("HINCRBY", "h", "max", I64_MAX),
      c("HINCRBY", "h", "max", "1"),
      c("HINCRBY", "h", "max", "-1"),
      c("HINCRBY", "h", "min", I64_MIN),
      c("HINCRBY", "h", "min", "-1"),
      c("HINCRBY", "h", "min", I64_MAX),
      c(
        "HSET",
        "h",
        "s",
        "abc",
        "sp",
        " 1",
        "fl",
        "1.5",
        "lead",
        "01",
        "plus",
        "+1",
        "negz",
        "-0",
        "big",
        "9223372036854775808",
      ),
      c("HINCRBY", "h", "s", "1"),
      c("HINCRBY", "h", "sp", "1"),
      c("HINCRBY", "h", "fl", "1"),
      c("HINCRBY", "h", "lead", "1"),
      c("HINCRBY", "h", "plus", "1"),
      c("HINCRBY", "h", "negz", "1"),
      c("HINCRBY", "h", "big", "1"),
      c("HINCRBY", "h", "n", "1.5"),
      c("HINCRBY", "h", "n", "abc"),
      c("HINCRBY", "h", "n", "9223372036854775808"),
      c("HINCRBY", "h", "n", ""),
      c("HINCRBY", "nokey", "n", "x"),
      c("EXISTS", "nokey"),
      c("HINCRBY", "h", "n"),
      c("HGETALL", "h"),
    ],
  },
  {
    name: "HINCRBYFLOAT values and errors",
    steps: [
      ...floatSteps,
      c("HINCRBYFLOAT", "nokey", "f", "abc"),
      c("HINCRBYFLOAT", "nokey", "f", "inf"),
      c("EXISTS", "nokey"),
      c("HSET", "fl", "long", "1".repeat(5119)),
      c("HINCRBYFLOAT", "fl", "long", "1"),
      c("HSET", "fl", "long", "1".repeat(5120)),
      c("HINCRBYFLOAT", "fl", "long", "1"),
      c("HINCRBYFLOAT", "fl", "chain", "1.5"),
      c("HINCRBYFLOAT", "fl", "chain", "1.5"),
      c("HINCRBYFLOAT", "fl", "chain", "-3"),
      c("HINCRBY", "fl", "chain", "1"),
      c("HINCRBYFLOAT", "fl", "chain", "0.25"),
      c("HINCRBY", "fl", "chain", "1"),
      c("HINCRBYFLOAT", "fl", "f"),
    ],
  },
  {
    name: "HRANDFIELD on a small hash",
    steps: [
      c("HRANDFIELD", "h"),
      c("HRANDFIELD", "h", "3"),
      c("HRANDFIELD", "h", "-3", "WITHVALUES"),
      c("HRANDFIELD", "h", "0"),
      c("HSET", "h", ...SMALL.flat()),
      { send: ["HRANDFIELD", "h"], cmp: randOne },
      c("HRANDFIELD", "h", "0"),
      c("HRANDFIELD", "h", "0", "WITHVALUES"),
      c("HRANDFIELD", "h", "5"),
      c("HRANDFIELD", "h", "6"),
      c("HRANDFIELD", "h", I64_MAX),
      c("HRANDFIELD", "h", "100", "WITHVALUES"),
      c("HRANDFIELD", "h", "100", "withvalues"),
      rand("h", SMALL, 1),
      rand("h", SMALL, 1, true),
      rand("h", SMALL, 2),
      rand("h", SMALL, 3, true),
      rand("h", SMALL, 4),
      rand("h", SMALL, -1),
      rand("h", SMALL, -1, true),
      rand("h", SMALL, -4),
      rand("h", SMALL, -20, true),
      c("HSET", "mid", ...MID.flat()),
      rand("mid", MID, 2),
      rand("mid", MID, 10),
      rand("mid", MID, 20, true),
      rand("mid", MID, 21),
      rand("mid", MID, 45, true),
      rand("mid", MID, -100),
    ],
  },
  {
    name: "HRANDFIELD on a large hash",
    steps: [
      c("HSET", "big", ...manyPairs(200)),
      rand("big", BIG, 1),
      rand("big", BIG, 10),
      rand("big", BIG, 70, true),
      rand("big", BIG, 150),
      rand("big", BIG, -300, true),
      { send: ["HRANDFIELD", "big", "200"], cmp: "sorted" },
      { send: ["HRANDFIELD", "big", "1000"], cmp: "sorted" },
    ],
    proto: "both",
  },
  {
    name: "HRANDFIELD count and option errors",
    steps: [
      c("HSET", "h", "a", "1"),
      c("SET", "s", "v"),
      c("HRANDFIELD", "h", "x"),
      c("HRANDFIELD", "h", "1.5"),
      c("HRANDFIELD", "h", ""),
      c("HRANDFIELD", "h", I64_MIN),
      c("HRANDFIELD", "h", "99999999999999999999"),
      c("HRANDFIELD", "h", "1", "WITHVALUE"),
      c("HRANDFIELD", "h", "1", "WITHVALUES", "x"),
      c("HRANDFIELD", "h", "x", "WITHVALUES"),
      c("HRANDFIELD", "h", "4611686018427387904", "WITHVALUES"),
      c("HRANDFIELD", "h", "-4611686018427387904", "WITHVALUES"),
      c("HRANDFIELD", "h", "4611686018427387903", "WITHVALUES"),
      c("HRANDFIELD", "h", I64_MIN, "WITHVALUES"),
      c("HRANDFIELD", "s", "x"),
      c("HRANDFIELD", "s", "1", "NOPE"),
      c("HRANDFIELD", "s", "0"),
      c("HRANDFIELD", "nokey", "0"),
      c("HRANDFIELD", "nokey", "-5", "WITHVALUES"),
      c("HRANDFIELD", "nokey"),
      c("HRANDFIELD"),
    ],
  },
  {
    name: "WRONGTYPE",
    steps: [
      c("SET", "s", "v"),
      c("HSET", "s", "f", "v"),
      c("HMSET", "s", "f", "v"),
      c("HSETNX", "s", "f", "v"),
      c("HGET", "s", "f"),
      c("HMGET", "s", "f", "g"),
      c("HDEL", "s", "f"),
      c("HLEN", "s"),
      c("HSTRLEN", "s", "f"),
      c("HEXISTS", "s", "f"),
      c("HKEYS", "s"),
      c("HVALS", "s"),
      c("HGETALL", "s"),
      c("HINCRBY", "s", "f", "1"),
      c("HINCRBY", "s", "f", "x"),
      c("HINCRBYFLOAT", "s", "f", "1"),
      c("HINCRBYFLOAT", "s", "f", "x"),
      c("HRANDFIELD", "s"),
      c("HRANDFIELD", "s", "2", "WITHVALUES"),
      c("HSET", "s", "f"),
      c("GET", "s"),
      c("HSET", "h", "f", "v"),
      c("GET", "h"),
      c("INCR", "h"),
      c("APPEND", "h", "x"),
      c("SET", "h", "v"),
      c("TYPE", "h"),
    ],
  },
  {
    name: "hashes with TTLs and DEL",
    steps: [
      c("HSET", "h", "a", "1"),
      c("EXPIRE", "h", "100"),
      c("HSET", "h", "b", "2"),
      c("TTL", "h"),
      c("HDEL", "h", "a", "b"),
      c("TTL", "h"),
      c("HSET", "h", "a", "1"),
      c("TTL", "h"),
      c("PEXPIREAT", "h", "1000"),
      c("HGET", "h", "a"),
      c("HSET", "d", "a", "1"),
      c("DEL", "d"),
      c("HLEN", "d"),
    ],
  },
  { name: "random sequence (seed 1)", steps: randomSequence(1, 250) },
  { name: "random sequence (seed 7)", steps: randomSequence(7, 250) },
  {
    name: "COMMAND INFO for the hash commands",
    steps: [...hashCommands.map((n) => c("COMMAND", "INFO", n)), c("COMMAND", "INFO", ...hashCommands)],
  },
  {
    name: "COMMAND DOCS for the hash commands",
    steps: hashCommands.map((n) => ({ send: ["COMMAND", "DOCS", n], cmp: docsExceptArguments })),
  },
];

compatSuite("hashes", cases);
