/**
 * Differential cases for the set commands: SADD, SREM, SCARD, SISMEMBER, SMISMEMBER, SMEMBERS,
 * SPOP, SRANDMEMBER, SMOVE, SINTER, SINTERCARD, SINTERSTORE, SUNION, SUNIONSTORE, SDIFF,
 * SDIFFSTORE: options, errors, WRONGTYPE, empty-key deletion, binary members, both protocols,
 * and their COMMAND INFO / DOCS rows.
 *
 * Set replies come in an unspecified order, so they are compared sorted. Random picks (SPOP,
 * SRANDMEMBER) cannot be equal: both replies must have the same shape and hold only members
 * of the set (distinct ones where Redis promises it), and the steps that follow check the set
 * that is left in ways that do not depend on which members were picked.
 */
import {
  type Arg,
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

// ---------------------------------------------------------------------------------------------
// Random picks

function latin1(bytes: Uint8Array, from: number, to: number): string {
  let s = "";
  for (let i = from; i < to; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

/** The bulk strings of an aggregate reply (or the one bulk of a bulk reply). */
function bulks(r: Reply & { kind: "frame" }): string[] {
  const text = (n: RespNode): string => {
    const body = latin1(r.bytes, n.start - r.node.start, n.end - r.node.start);
    return body.slice(body.indexOf("\r\n") + 2, -2);
  };
  if (r.node.type === "$") return [text(r.node)];
  return (r.node.children ?? []).map(text);
}

/**
 * Both replies have the same shape and hold only members of `set`; with `distinct`, no member
 * twice. (Counts follow from the shape: `*3` vs `*3`.)
 */
const picks =
  (set: readonly string[], distinct: boolean): CustomComparator =>
  (a, b) => {
    if (a.kind !== "frame" || b.kind !== "frame") return `${a.kind} vs ${b.kind}`;
    const shape = shapeDiff(a.node, b.node);
    if (shape) return shape;
    for (const [who, r] of [
      ["redis", a],
      ["peer", b],
    ] as const) {
      const items = bulks(r);
      const bad = items.find((m) => !set.includes(m));
      if (bad !== undefined) return `${who}: ${JSON.stringify(bad)} is not a member`;
      if (distinct && new Set(items).size !== items.length) return `${who}: a member repeats`;
    }
    return undefined;
  };

const pick = (set: readonly string[], distinct: boolean, ...args: Arg[]): Step => ({
  send: args,
  cmp: picks(set, distinct),
});

// ---------------------------------------------------------------------------------------------
// Data

const ABC = ["a", "b", "c"];
const FIVE = ["a", "b", "c", "d", "e"];
const range = (prefix: string, from: number, to: number): string[] => {
  const out: string[] = [];
  for (let i = from; i < to; i++) out.push(`${prefix}${i}`);
  return out;
};
/** Past SMALL_MAX (16), past Redis's intset limit (512) with integers. */
const BIG_A = range("m", 0, 300);
const BIG_B = range("m", 150, 450);
const INTS = range("", 0, 600);

const setCommands = [
  ...["sadd", "srem", "scard", "sismember", "smismember", "smembers", "spop", "srandmember"],
  ...["sinter", "sunion", "sdiff"],
];
/** Redis gives these more than one key spec (or a keynum spec): see sets/table.ts. */
const multiSpecCommands = ["smove", "sintercard", "sinterstore", "sunionstore", "sdiffstore"];

// ---------------------------------------------------------------------------------------------
// Cases

const cases: Case[] = [
  {
    name: "SADD, SREM, SCARD, SISMEMBER basics",
    steps: [
      c("SADD", "s", "a"),
      c("SADD", "s", "a", "b", "b", "c"),
      c("SADD", "s", "a"),
      c("SCARD", "s"),
      c("SCARD", "missing"),
      c("SISMEMBER", "s", "b"),
      c("SISMEMBER", "s", "z"),
      c("SISMEMBER", "missing", "a"),
      c("TYPE", "s"),
      c("SREM", "s", "z"),
      c("SREM", "s", "a", "a", "z"),
      c("SREM", "missing", "a"),
      c("SCARD", "s"),
      c("SREM", "s", "b", "c", "d"),
      c("EXISTS", "s"),
      c("SCARD", "s"),
      c("TYPE", "s"),
      c("sadd", "lower", "x"),
      c("sismember", "lower", "x"),
    ],
  },
  {
    name: "SADD and friends: binary, empty and integer-like members",
    steps: [
      c("SADD", "s", "", "\u0000", "a\u0000b", new Uint8Array([0xff, 0xfe, 0x0d, 0x0a]), "\r\n"),
      c("SCARD", "s"),
      c("SISMEMBER", "s", ""),
      c("SISMEMBER", "s", "a\u0000b"),
      c("SISMEMBER", "s", "a"),
      c("SISMEMBER", "s", new Uint8Array([0xff, 0xfe, 0x0d, 0x0a])),
      sortedCmd("SMEMBERS", "s"),
      c("SADD", "n", "1", "01", "-0", "0", "+1", "1.0", "-1", "9223372036854775807", "9223372036854775808"),
      c("SCARD", "n"),
      c("SISMEMBER", "n", "1"),
      c("SISMEMBER", "n", "001"),
      sortedCmd("SMEMBERS", "n"),
      c("SREM", "n", "01", "1"),
      sortedCmd("SMEMBERS", "n"),
    ],
  },
  {
    name: "set commands: wrong number of arguments",
    steps: [
      c("SADD", "s"),
      c("SADD"),
      c("SREM", "s"),
      c("SCARD"),
      c("SCARD", "a", "b"),
      c("SISMEMBER", "s"),
      c("SISMEMBER", "s", "a", "b"),
      c("SMISMEMBER", "s"),
      c("SMEMBERS"),
      c("SMEMBERS", "a", "b"),
      c("SPOP"),
      c("SRANDMEMBER"),
      c("SMOVE", "a", "b"),
      c("SMOVE", "a", "b", "c", "d"),
      c("SINTER"),
      c("SINTERCARD", "1"),
      c("SINTERSTORE", "d"),
      c("SUNION"),
      c("SUNIONSTORE", "d"),
      c("SDIFF"),
      c("SDIFFSTORE", "d"),
    ],
  },
  {
    name: "SMISMEMBER",
    steps: [
      c("SMISMEMBER", "missing", "a", "b"),
      c("SADD", "s", "a", "b"),
      c("SMISMEMBER", "s", "a"),
      c("SMISMEMBER", "s", "a", "z", "b", "a", ""),
      c("SET", "str", "v"),
      c("SMISMEMBER", "str", "a"),
    ],
  },
  {
    name: "SMEMBERS: small, integer, grown and large sets",
    steps: [
      c("SMEMBERS", "missing"),
      c("SADD", "one", "x"),
      c("SMEMBERS", "one"),
      c("SADD", "abc", ...ABC),
      sortedCmd("SMEMBERS", "abc"),
      c("SADD", "ints", ...INTS.slice(0, 20)),
      sortedCmd("SMEMBERS", "ints"),
      c("SADD", "ints", ...INTS),
      c("SCARD", "ints"),
      sortedCmd("SMEMBERS", "ints"),
      c("SADD", "big", ...BIG_A),
      c("SREM", "big", ...range("m", 0, 290)),
      c("SCARD", "big"),
      sortedCmd("SMEMBERS", "big"),
      c("SISMEMBER", "big", "m295"),
      c("SISMEMBER", "big", "m5"),
    ],
  },
  {
    name: "WRONGTYPE on every set command",
    steps: [
      c("SET", "str", "v"),
      c("SADD", "str", "a"),
      c("SREM", "str", "a"),
      c("SCARD", "str"),
      c("SISMEMBER", "str", "a"),
      c("SMEMBERS", "str"),
      c("SPOP", "str"),
      c("SPOP", "str", "1"),
      c("SPOP", "str", "0"),
      c("SRANDMEMBER", "str"),
      c("SRANDMEMBER", "str", "2"),
      c("SRANDMEMBER", "str", "0"),
      c("SRANDMEMBER", "str", "-2"),
      c("SADD", "s", "a"),
      c("SMOVE", "str", "s", "a"),
      c("SMOVE", "s", "str", "a"),
      c("SMOVE", "missing", "str", "a"),
      c("SMOVE", "s", "str", "zz"),
      c("SISMEMBER", "s", "a"),
      c("SINTER", "s", "str"),
      c("SINTER", "missing", "str"),
      c("SINTER", "str", "missing"),
      c("SUNION", "s", "str"),
      c("SDIFF", "s", "str"),
      c("SDIFF", "missing", "str"),
      c("SDIFF", "str", "s"),
      c("SINTERCARD", "2", "s", "str"),
      c("SINTERCARD", "2", "missing", "str"),
      c("SINTERSTORE", "d", "s", "str"),
      c("SUNIONSTORE", "d", "str"),
      c("SDIFFSTORE", "d", "missing", "str"),
      c("EXISTS", "d"),
      c("GET", "str"),
      c("GET", "s"),
    ],
  },
  {
    name: "SPOP without a count",
    steps: [
      c("SPOP", "missing"),
      c("SADD", "s", "only"),
      c("SPOP", "s"),
      c("EXISTS", "s"),
      c("SPOP", "s"),
      c("SADD", "s", ...ABC),
      pick(ABC, true, "SPOP", "s"),
      c("SCARD", "s"),
      pick(ABC, true, "SPOP", "s"),
      pick(ABC, true, "SPOP", "s"),
      c("EXISTS", "s"),
      c("SADD", "s", ...ABC),
    ],
  },
  {
    name: "SPOP with a count",
    steps: [
      c("SPOP", "missing", "3"),
      c("SPOP", "missing", "0"),
      c("SADD", "s", ...FIVE),
      c("SPOP", "s", "0"),
      c("SCARD", "s"),
      pick(FIVE, true, "SPOP", "s", "1"),
      pick(FIVE, true, "SPOP", "s", "2"),
      c("SCARD", "s"),
      // Re-adding all five adds back exactly the three popped, whichever they were.
      c("SADD", "s", ...FIVE),
      sortedCmd("SPOP", "s", "5"),
      c("EXISTS", "s"),
      c("SADD", "s", ...FIVE),
      sortedCmd("SPOP", "s", "100"),
      c("EXISTS", "s"),
      c("SADD", "s", ...FIVE),
      sortedCmd("SPOP", "s", "9223372036854775807"),
      c("SADD", "s", ...FIVE),
      pick(FIVE, true, "SPOP", "s", "4"),
      c("SCARD", "s"),
      c("SADD", "big", ...BIG_A),
      pick(BIG_A, true, "SPOP", "big", "250"),
      c("SCARD", "big"),
      c("SADD", "big", ...BIG_A),
      pick(BIG_A, true, "SPOP", "big", "10"),
      c("SADD", "big", ...BIG_A),
    ],
  },
  {
    name: "SPOP count errors",
    steps: [
      c("SADD", "s", ...ABC),
      c("SPOP", "s", "-1"),
      c("SPOP", "s", "x"),
      c("SPOP", "s", "1.5"),
      c("SPOP", "s", ""),
      c("SPOP", "s", "-9223372036854775808"),
      c("SPOP", "s", "9223372036854775808"),
      c("SPOP", "s", "1", "2"),
      c("SPOP", "missing", "-1"),
      c("SET", "str", "v"),
      c("SPOP", "str", "-1"),
      c("SCARD", "s"),
    ],
  },
  {
    name: "SRANDMEMBER",
    steps: [
      c("SRANDMEMBER", "missing"),
      c("SRANDMEMBER", "missing", "3"),
      c("SRANDMEMBER", "missing", "-3"),
      c("SRANDMEMBER", "missing", "0"),
      c("SADD", "one", "x"),
      c("SRANDMEMBER", "one"),
      c("SRANDMEMBER", "one", "1"),
      c("SRANDMEMBER", "one", "5"),
      c("SRANDMEMBER", "one", "-4"),
      c("SADD", "s", ...FIVE),
      pick(FIVE, true, "SRANDMEMBER", "s"),
      c("SRANDMEMBER", "s", "0"),
      pick(FIVE, true, "SRANDMEMBER", "s", "1"),
      pick(FIVE, true, "SRANDMEMBER", "s", "2"),
      pick(FIVE, true, "SRANDMEMBER", "s", "4"),
      sortedCmd("SRANDMEMBER", "s", "5"),
      sortedCmd("SRANDMEMBER", "s", "6"),
      sortedCmd("SRANDMEMBER", "s", "9223372036854775807"),
      pick(FIVE, false, "SRANDMEMBER", "s", "-1"),
      pick(FIVE, false, "SRANDMEMBER", "s", "-5"),
      pick(FIVE, false, "SRANDMEMBER", "s", "-20"),
      c("SCARD", "s"),
      c("SADD", "big", ...BIG_A),
      pick(BIG_A, true, "SRANDMEMBER", "big", "10"),
      pick(BIG_A, true, "SRANDMEMBER", "big", "200"),
      pick(BIG_A, true, "SRANDMEMBER", "big", "299"),
      sortedCmd("SRANDMEMBER", "big", "300"),
      pick(BIG_A, false, "SRANDMEMBER", "big", "-500"),
      c("SCARD", "big"),
    ],
  },
  {
    name: "SRANDMEMBER count errors",
    steps: [
      c("SADD", "s", ...ABC),
      c("SRANDMEMBER", "s", "x"),
      c("SRANDMEMBER", "s", "1.5"),
      c("SRANDMEMBER", "s", ""),
      c("SRANDMEMBER", "s", "-9223372036854775808"),
      c("SRANDMEMBER", "s", "9223372036854775808"),
      c("SRANDMEMBER", "missing", "-9223372036854775808"),
      c("SRANDMEMBER", "s", "1", "2"),
      c("SET", "str", "v"),
      c("SRANDMEMBER", "str", "x"),
    ],
  },
  {
    name: "SMOVE",
    steps: [
      c("SMOVE", "missing", "dst", "a"),
      c("EXISTS", "dst"),
      c("SADD", "src", "a", "b"),
      c("SMOVE", "src", "dst", "z"),
      c("EXISTS", "dst"),
      c("SMOVE", "src", "dst", "a"),
      c("SMEMBERS", "src"),
      c("SMEMBERS", "dst"),
      c("SMOVE", "src", "src", "b"),
      c("SMOVE", "src", "src", "z"),
      c("SADD", "dst", "b"),
      c("SMOVE", "src", "dst", "b"),
      c("EXISTS", "src"),
      sortedCmd("SMEMBERS", "dst"),
      c("SMOVE", "dst", "other", "a"),
      c("SMEMBERS", "other"),
      c("SMOVE", "dst", "other", "b"),
      c("EXISTS", "dst"),
      sortedCmd("SMEMBERS", "other"),
      c("SADD", "t", "x"),
      c("EXPIRE", "t", "100"),
      c("SMOVE", "t", "other", "x"),
      c("EXISTS", "t"),
    ],
  },
  {
    name: "SINTER, SUNION, SDIFF",
    steps: [
      c("SADD", "a", "1", "2", "3", "4"),
      c("SADD", "b", "3", "4", "5"),
      c("SADD", "c", "4", "5", "6", "x"),
      sortedCmd("SINTER", "a"),
      sortedCmd("SINTER", "a", "b"),
      sortedCmd("SINTER", "a", "b", "c"),
      sortedCmd("SINTER", "a", "a"),
      c("SINTER", "a", "missing"),
      c("SINTER", "missing", "a"),
      c("SINTER", "missing"),
      sortedCmd("SUNION", "a"),
      sortedCmd("SUNION", "a", "b"),
      sortedCmd("SUNION", "a", "b", "c", "missing"),
      sortedCmd("SUNION", "missing", "c"),
      c("SUNION", "missing", "missing2"),
      sortedCmd("SDIFF", "a"),
      sortedCmd("SDIFF", "a", "b"),
      sortedCmd("SDIFF", "a", "b", "c"),
      sortedCmd("SDIFF", "c", "a", "missing"),
      c("SDIFF", "a", "a"),
      c("SDIFF", "a", "b", "a"),
      c("SDIFF", "missing", "a"),
      sortedCmd("SDIFF", "a", "missing"),
    ],
  },
  {
    name: "SINTER, SUNION, SDIFF on large sets (both SDIFF strategies)",
    steps: [
      c("SADD", "A", ...BIG_A),
      c("SADD", "B", ...BIG_B),
      c("SADD", "small", "m10", "m160", "m400", "zz"),
      sortedCmd("SINTER", "A", "B"),
      sortedCmd("SINTER", "A", "B", "small"),
      sortedCmd("SUNION", "A", "B"),
      sortedCmd("SDIFF", "A", "B"),
      sortedCmd("SDIFF", "B", "A"),
      sortedCmd("SDIFF", "small", "A", "B"),
      sortedCmd("SDIFF", "A", "small"),
      c("SINTERCARD", "2", "A", "B"),
      c("SINTERCARD", "2", "A", "B", "LIMIT", "7"),
      c("SDIFFSTORE", "d", "A", "small"),
      c("SINTERSTORE", "i", "A", "B"),
      c("SUNIONSTORE", "u", "A", "B", "small"),
      c("SCARD", "d"),
      c("SCARD", "i"),
      c("SCARD", "u"),
    ],
  },
  {
    name: "SINTERSTORE, SUNIONSTORE, SDIFFSTORE",
    steps: [
      c("SADD", "a", "1", "2", "3"),
      c("SADD", "b", "2", "3", "4"),
      c("SINTERSTORE", "d", "a", "b"),
      sortedCmd("SMEMBERS", "d"),
      c("SUNIONSTORE", "d", "a", "b"),
      sortedCmd("SMEMBERS", "d"),
      c("SDIFFSTORE", "d", "a", "b"),
      sortedCmd("SMEMBERS", "d"),
      c("SINTERSTORE", "d", "a"),
      sortedCmd("SMEMBERS", "d"),
      // The copy is independent of its source.
      c("SADD", "d", "new"),
      c("SISMEMBER", "a", "new"),
      // Destination of another type, with a TTL: replaced, TTL dropped.
      c("SET", "str", "v", "EX", "100"),
      c("SUNIONSTORE", "str", "a"),
      c("TYPE", "str"),
      c("TTL", "str"),
      c("HSET", "list", "f", "v"),
      c("SDIFFSTORE", "list", "a", "b"),
      c("TYPE", "list"),
      // Empty results delete the destination (whatever it held).
      c("SINTERSTORE", "d", "a", "missing"),
      c("EXISTS", "d"),
      c("SINTERSTORE", "d", "a", "missing"),
      c("SET", "str2", "v"),
      c("SDIFFSTORE", "str2", "a", "a"),
      c("EXISTS", "str2"),
      c("SUNIONSTORE", "nothing", "missing"),
      c("EXISTS", "nothing"),
      // The destination may be one of the sources.
      c("SUNIONSTORE", "a", "a", "b"),
      sortedCmd("SMEMBERS", "a"),
      c("SINTERSTORE", "b", "b", "a"),
      sortedCmd("SMEMBERS", "b"),
      c("SDIFFSTORE", "a", "a", "b"),
      c("EXISTS", "a"),
      c("SINTERSTORE", "d", "d"),
      c("SINTERSTORE", "missing", "missing"),
      c("DBSIZE"),
    ],
  },
  {
    name: "SINTERCARD",
    steps: [
      c("SADD", "a", "1", "2", "3", "4"),
      c("SADD", "b", "2", "3", "4", "5"),
      c("SINTERCARD", "1", "a"),
      c("SINTERCARD", "2", "a", "b"),
      c("SINTERCARD", "2", "a", "missing"),
      c("SINTERCARD", "1", "missing"),
      c("SINTERCARD", "2", "a", "a"),
      c("SINTERCARD", "2", "a", "b", "LIMIT", "0"),
      c("SINTERCARD", "2", "a", "b", "LIMIT", "1"),
      c("SINTERCARD", "2", "a", "b", "limit", "2"),
      c("SINTERCARD", "2", "a", "b", "LIMIT", "3"),
      c("SINTERCARD", "2", "a", "b", "LIMIT", "100"),
      c("SINTERCARD", "2", "a", "b", "LIMIT", "1", "LIMIT", "0"),
      c("SINTERCARD", "1", "a", "b"),
      c("SINTERCARD", "0", "a"),
      c("SINTERCARD", "-1", "a"),
      c("SINTERCARD", "x", "a"),
      c("SINTERCARD", "3", "a", "b"),
      c("SINTERCARD", "9223372036854775807", "a"),
      c("SINTERCARD", "2", "a", "b", "LIMIT"),
      c("SINTERCARD", "2", "a", "b", "LIMIT", "-1"),
      c("SINTERCARD", "2", "a", "b", "LIMIT", "x"),
      c("SINTERCARD", "2", "a", "b", "LIMIT", "1.5"),
      c("SINTERCARD", "2", "a", "b", "FOO", "1"),
      c("SINTERCARD", "1", "a", "LIMIT", "1", "extra"),
    ],
  },
  {
    name: "COMMAND INFO for the set commands",
    steps: [...setCommands.map((n) => c("COMMAND", "INFO", n)), c("COMMAND", "INFO", ...setCommands)],
  },
  {
    name: "COMMAND INFO for the set commands with several key specs",
    steps: [
      ...multiSpecCommands.map((n) => c("COMMAND", "INFO", n)),
      c("COMMAND", "GETKEYS", "SINTERCARD", "2", "a", "b", "LIMIT", "1"),
      c("COMMAND", "GETKEYSANDFLAGS", "SMOVE", "a", "b", "m"),
      c("COMMAND", "GETKEYSANDFLAGS", "SUNIONSTORE", "d", "a", "b"),
    ],
  },
  {
    name: "COMMAND GETKEYS for the set commands",
    steps: [
      c("COMMAND", "GETKEYS", "SADD", "s", "a", "b"),
      c("COMMAND", "GETKEYS", "SINTER", "a", "b", "c"),
      c("COMMAND", "GETKEYS", "SMOVE", "a", "b", "m"),
      c("COMMAND", "GETKEYS", "SDIFFSTORE", "d", "a", "b"),
      c("COMMAND", "GETKEYSANDFLAGS", "SPOP", "s", "1"),
    ],
  },
  {
    name: "COMMAND DOCS for the set commands",
    steps: [...setCommands, ...multiSpecCommands].map((n) => ({
      send: ["COMMAND", "DOCS", n],
      cmp: docsExceptArguments,
    })),
  },
];

compatSuite("sets", cases);
