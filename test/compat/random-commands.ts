/**
 * A seeded generator of random command sequences across every data type, for
 * random.test.ts: strings, generic key commands, lists, hashes, sets, sorted sets and SORT,
 * all over the same six keys (k1..k6), so that type interactions come up on their own:
 * WRONGTYPE, a STORE or RENAME replacing another type, a collection deleted when it empties,
 * an expiry surviving COPY/RENAME/MOVE, SORT reading weights from the other keys.
 *
 * Every step is deterministic on redis-server 7.0, or is compared by a property that is:
 * - random picks (SRANDMEMBER, HRANDFIELD, ZRANDMEMBER with a small or negative count,
 *   RANDOMKEY) by shape only (the count of elements is still exact); with a count above any
 *   collection's size they return the whole collection and are compared in full;
 * - SPOP with a small count by shape, followed by SCARD and DEL of the key: both servers then
 *   hold the same thing again (nothing), whichever members were popped;
 * - sets (hash tables in Redis, unordered) and KEYS sorted; the *SCAN commands only with a
 *   COUNT larger than anything here (one call, cursor 0), cursor exact, items sorted;
 * - TTL, PTTL, EXPIRETIME, PEXPIRETIME with a tolerance: both servers run the sequence at the
 *   same time, so relative expiries differ by the time between their two clocks reads.
 * Kept out on purpose, because Redis's own answer depends on chance or on its encoding:
 * - expiries short enough to happen during a run, GT/LT between two relative expiries (they
 *   compare the milliseconds between the two commands), and SET with a past EXAT (Redis keeps such a
 *   key until its active expiry finds it, so DBSIZE would depend on timing);
 * - lex ranges over mixed scores (Redis walks its skip list and stops at the first member out
 *   of order): lex commands read only `lx`, which only ever gets score 0 (no write command
 *   takes `lx` as its destination);
 * - SORT ... ALPHA BY pattern (equal weights leave the order to quicksort) and BY nosort on a
 *   set (hash order): compared sorted, never stored, no LIMIT;
 * - NUL bytes in list, set and sorted-set elements (SORT ALPHA compares with strcoll, which
 *   stops at a NUL); hash values and fields longer than 64 bytes, and more than 128 members
 *   (Redis converts to a hash table and the order of HGETALL & co. becomes unspecified);
 * - numbers that overflow C's strtod (1e400): it leaves errno at ERANGE, and Redis 7.0's SORT
 *   tests errno after its own strtod without clearing it first, so a SORT of a sorted set with
 *   numeric members right after such a ZADD fails with "One or more scores can't be converted
 *   into double" or not depending on whether a system call reset errno in between (how the
 *   commands were batched): a Redis bug redbun does not copy;
 * - OBJECT ENCODING (string encodings after APPEND/SETRANGE are a documented deviation),
 *   DUMP/RESTORE (not supported), and blocking with timeout 0 (blocks forever).
 */
import type { Arg, CustomComparator, Reply, Step } from "./harness.ts";
import { shapeDiff } from "./harness.ts";
import type { RespNode } from "./resp-scan.ts";

// ---------------------------------------------------------------------------------------------
// Randomness

/** A small seeded generator (mulberry32): the same sequence for the same seed, everywhere. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Bytes from a latin1 string (one byte per code unit): binary arguments that are not UTF-8. */
export const bin = (s: string): Uint8Array => Uint8Array.from(s, (ch) => ch.charCodeAt(0));

// ---------------------------------------------------------------------------------------------
// Comparators for the steps that cannot be byte-equal

function latin1(bytes: Uint8Array, from: number, to: number): string {
  let s = "";
  for (let i = from; i < to; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

type Frame = Reply & { kind: "frame" };

/** How a comparator is written in code, for printing a failing sequence (`comparatorCode`). */
const codes = new WeakMap<CustomComparator, string>();
const named = (code: string, f: CustomComparator): CustomComparator => {
  codes.set(f, code);
  return f;
};
export const comparatorCode = (f: CustomComparator): string => codes.get(f) ?? "/* unknown comparator */";
const text = (r: Frame, n: RespNode): string => latin1(r.bytes, n.start - r.node.start, n.end - r.node.start);

/**
 * A *SCAN reply `[cursor, items]`: same shape, equal cursors, the same items in any order
 * (`pairs`: field/value or member/score pairs kept together).
 */
export const scanReply = (pairs: boolean): CustomComparator =>
  named(`scanReply(${pairs})`, (a, b) => {
    if (a.kind !== "frame" || b.kind !== "frame") {
      return a.kind === b.kind && latin1(a.bytes, 0, a.bytes.length) === latin1(b.bytes, 0, b.bytes.length)
        ? undefined
        : `${a.kind} vs ${b.kind}`;
    }
    const d = shapeDiff(a.node, b.node);
    if (d) return d;
    if (a.node.type !== "*" || a.node.children?.length !== 2) {
      return latin1(a.bytes, 0, a.bytes.length) === latin1(b.bytes, 0, b.bytes.length)
        ? undefined
        : "bytes differ";
    }
    if (text(a, a.node.children[0]!) !== text(b, b.node.children![0]!)) return "cursors differ";
    const items = (r: Frame): string => {
      const kids = r.node.children![1]!.children ?? [];
      const out: string[] = [];
      const step = pairs ? 2 : 1;
      for (let i = 0; i < kids.length; i += step) {
        out.push(
          kids
            .slice(i, i + step)
            .map((k) => text(r, k))
            .join(""),
        );
      }
      return out.sort().join("\n");
    };
    return items(a) === items(b) ? undefined : "items differ (order ignored)";
  });

/**
 * An array whose order Redis leaves open (a set's members, SORT BY nosort over a set with GET
 * patterns): the same type and length, and the same groups of `group` consecutive elements
 * (one per sorted element) in any order.
 */
export const unordered = (group: number): CustomComparator =>
  named(`unordered(${group})`, (a, b) => {
    const all = (r: Reply) => latin1(r.bytes, 0, r.bytes.length);
    if (a.kind !== "frame" || b.kind !== "frame" || !a.node.children || !b.node.children) {
      return a.kind === b.kind && all(a) === all(b) ? undefined : "replies differ";
    }
    if (a.node.type !== b.node.type || a.node.count !== b.node.count) {
      return `${a.node.type}${a.node.count} vs ${b.node.type}${b.node.count}`;
    }
    const groups = (r: Frame): string => {
      const kids = r.node.children!;
      const out: string[] = [];
      for (let i = 0; i < kids.length; i += group) {
        out.push(
          kids
            .slice(i, i + group)
            .map((k) => text(r, k))
            .join(""),
        );
      }
      return out.sort().join("\n");
    };
    return groups(a) === groups(b) ? undefined : "elements differ (order ignored)";
  });

// ---------------------------------------------------------------------------------------------
// Value pools

export const I64_MAX = "9223372036854775807";
export const I64_MIN = "-9223372036854775808";
const BEYOND = "9223372036854775808";
/** Longer than Redis's 64-byte listpack limit and its 44-byte embstr limit. */
const LONG = "L".repeat(70);
const BINARY = bin("\xff\x01\r\n\x7f");
const WITH_NUL = bin("a\x00b");

/** Destinations and general keys. `lx` is only read or emptied (see the module comment). */
const KEYS = ["k1", "k2", "k3", "k4", "k5", "k6"] as const;
/** String values: anything, NUL bytes included. */
const STRINGS: Arg[] = [
  "",
  "x",
  "abc",
  "1",
  "2",
  "3",
  "-1",
  "0",
  "10",
  "2.5",
  "-0",
  "1e3",
  "inf",
  I64_MAX,
  I64_MIN,
  BEYOND,
  "1e308",
  " 1",
  "007",
  "0x10",
  LONG,
  BINARY,
  WITH_NUL,
  "é",
];
/** List elements and set members: no NUL; numbers so that SORT and intsets have work. */
const ELEMENTS: Arg[] = [
  "",
  "a",
  "b",
  "c",
  "1",
  "2",
  "3",
  "-1",
  "10",
  "2.5",
  "x",
  "-0",
  "007",
  " 1",
  "0x10",
  "inf",
  LONG,
  BINARY,
];
/** Sorted-set members: short (listpack in Redis), no NUL. */
const MEMBERS: Arg[] = ["a", "b", "c", "d", "1", "2", "", "aa", BINARY];
const LEX_MEMBERS: Arg[] = ["a", "b", "c", "aa", "ab", "", BINARY];
const FIELDS: Arg[] = ["f1", "f2", "f3", "", "1", bin("f\x00")];
/** Hash values: at most 64 bytes whatever HINCRBYFLOAT does to them. */
const HASH_VALUES: Arg[] = ["1", "-2", "0.5", "x", "", "10", I64_MAX, "1e3", "-0", WITH_NUL];
/** Numeric arguments: valid ones, and the invalid ones picked one time in eight (`num`). */
interface Pool {
  ok: readonly string[];
  bad: readonly string[];
}
const INCREMENTS: Pool = {
  ok: ["1", "-1", "0", "5", "-5", "100", I64_MAX, I64_MIN],
  bad: [BEYOND, "x", "1.5", ""],
};
const FLOATS: Pool = {
  ok: ["0.1", "-1.5", "1e3", "2.5e-3", "-0", "5", "1e20", "0x10", "3.0", "-7"],
  bad: ["inf", "-inf", "x", ""],
};
/** INCRBYFLOAT on a string may also go huge (a 309-digit result). */
const BIG_FLOATS: Pool = { ok: [...FLOATS.ok, "1e308", "-1e308"], bad: FLOATS.bad };
const INDEXES: Pool = {
  ok: ["0", "1", "2", "-1", "-2", "-3", "5", "100", "-100", I64_MAX, I64_MIN],
  bad: ["x", "1.5"],
};
const COUNTS: Pool = { ok: ["1", "2", "3", "10", I64_MAX, "0"], bad: ["-1", "x"] };
const SCORES: Pool = {
  ok: ["0", "1", "-1", "2.5", "-2.5", "1e3", "-inf", "+inf", "inf", "-0", "0.1", "1e308", "5", "3"],
  // Not 1e400: see the module comment.
  bad: ["x", "1e", "nan", ""],
};
const BOUNDS: Pool = {
  ok: ["-inf", "+inf", "0", "(0", "1", "(1", "2.5", "(2.5", "-1", "(-inf", "(+inf", "5", "3"],
  bad: ["x", "(", "nan"],
};
const LEX: Pool = { ok: ["-", "+", "[a", "(a", "[b", "(c", "[", "[aa", "(", "[ab", "(b"], bad: ["x", "a"] };
/** Relative expiries: long ones, or ones that delete the key at once, or errors. */
const SECONDS: Pool = { ok: ["100", "1000", "0", "-1"], bad: ["x", I64_MAX, "9223372036854775", "1.5"] };
const MILLIS: Pool = { ok: ["100000", "1000000", "0", "-5"], bad: ["x", I64_MAX] };
/** Absolute: the past (deletes at once), 2100-01-01, errors. */
const UNIX_SECONDS: Pool = { ok: ["1", "4102444800", "4102444801"], bad: ["x", "-1"] };
const UNIX_MILLIS: Pool = { ok: ["1", "4102444800000", "4102444800500"], bad: ["x"] };
/** Timeouts of the blocking commands: short real ones, never 0 (forever). */
const TIMEOUTS: Pool = { ok: ["0.01"], bad: ["x", "-1"] };
const PATTERNS = ["*", "k*", "k[1-3]", "?x", "*1", "l*", "nomatch"];

// ---------------------------------------------------------------------------------------------
// The generator

type Maker = () => Step | Step[];

/** `n` random steps for `seed`: the same steps on every run and machine. */
export function randomSteps(seed: number, n: number): Step[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const maybe = (p: number, ...words: Arg[]): Arg[] => (r() < p ? words : []);
  const num = (pool: Pool): string => (r() < 0.125 ? pick(pool.bad) : pick(pool.ok));
  // Each type has a home key in this sequence, which its commands use most of the time: the
  // collections then grow instead of meeting a string at every turn, and the other keys still
  // bring the type clashes. `kind` is the group of the command being made.
  type Kind = "string" | "list" | "hash" | "set" | "zset";
  let kind: Kind | undefined;
  const homes = [...KEYS].sort(() => r() - 0.5);
  const home: Record<Kind, string> = {
    string: homes[0]!,
    list: homes[1]!,
    hash: homes[2]!,
    set: homes[3]!,
    zset: homes[4]!,
  };
  const key = (): string => (kind && r() < 0.7 ? home[kind] : pick(KEYS));
  /** Where a STORE writes: any key, so that results replace other types more than their own. */
  const dst = (): string => pick(KEYS);
  /** A key to read (or empty): now and then the lex key. */
  const src = (): string => (r() < (kind === "zset" ? 0.2 : 0.05) ? "lx" : key());
  const c = (...args: Arg[]): Step => ({ send: args });
  const sorted = (...args: Arg[]): Step => ({ send: args, cmp: "sorted" });
  const shape = (...args: Arg[]): Step => ({ send: args, cmp: "shape" });
  const ranged = (tolerance: number, ...args: Arg[]): Step => ({
    send: args,
    cmp: "integer-range",
    tolerance,
  });
  const scan = (pairs: boolean, ...args: Arg[]): Step => ({ send: args, cmp: scanReply(pairs) });

  const elements = (max: number): Arg[] => {
    const out: Arg[] = [];
    for (let i = 1 + Math.floor(r() * max); i > 0; i--) out.push(pick(ELEMENTS));
    return out;
  };
  const expiryOption = (): Arg[] =>
    pick<Arg[]>([
      [],
      [],
      ["EX", num(SECONDS)],
      ["PX", num(MILLIS)],
      ["EXAT", pick(["4102444800", "0", "x"])],
      ["PXAT", pick(["4102444800000", "0"])],
      ["KEEPTTL"],
    ]);
  const pos = (): string => pick(["LEFT", "RIGHT"]);
  const sortArgs = (store: boolean): Step => {
    const by = pick([undefined, undefined, "nosort", "k*", "k*->f1", "nosuch*"]);
    const alpha = r() < 0.4;
    const limit =
      r() < 0.3 ? ["LIMIT", pick(["0", "1", "-1", "2", "10"]), pick(["0", "1", "2", "-1", "10"])] : [];
    const gets: Arg[] = [];
    for (let i = Math.floor(r() * 3); i > 0; i--) gets.push("GET", pick(["#", "k*", "k*->f1", "nosuch*"]));
    const order = maybe(0.3, pick(["ASC", "DESC"]));
    // Orders Redis leaves open (see the module comment): compare as sets, never store.
    const open = by === "nosort" || (alpha && by !== undefined);
    const args: Arg[] = [
      store ? "SORT" : pick(["SORT", "SORT_RO"]),
      src(),
      ...(by ? ["BY", by] : []),
      ...(open ? [] : limit),
      ...gets,
      ...order,
      ...(alpha ? ["ALPHA"] : []),
    ];
    if (store && !open) return c(...args, "STORE", dst());
    return open ? { send: args, cmp: unordered(Math.max(1, gets.length / 2)) } : c(...args);
  };

  const strings: Maker[] = [
    () =>
      c(
        "SET",
        key(),
        pick(STRINGS),
        ...maybe(0.3, pick(["NX", "XX"])),
        ...maybe(0.2, "GET"),
        ...expiryOption(),
      ),
    () => c("SET", key(), pick(STRINGS)),
    () => c("GET", src()),
    () => c("GETSET", key(), pick(STRINGS)),
    () => c("GETDEL", src()),
    () =>
      c(
        "GETEX",
        src(),
        ...pick<Arg[]>([
          [],
          ["EX", num(SECONDS)],
          ["PX", num(MILLIS)],
          ["EXAT", num(UNIX_SECONDS)],
          ["PXAT", num(UNIX_MILLIS)],
          ["PERSIST"],
        ]),
      ),
    () => c("MGET", src(), src(), src()),
    () => c("MSET", key(), pick(STRINGS), ...maybe(0.5, key(), pick(STRINGS))),
    () => c("MSETNX", key(), pick(STRINGS), ...maybe(0.5, key(), pick(STRINGS))),
    () => c("SETNX", key(), pick(STRINGS)),
    () => c("SETEX", key(), num(SECONDS), pick(STRINGS)),
    () => c("PSETEX", key(), num(MILLIS), pick(STRINGS)),
    () => c("APPEND", key(), pick(STRINGS)),
    () => c("STRLEN", src()),
    () => c("SETRANGE", key(), pick(["0", "1", "3", "10", "100", "-1", "x", "536870912"]), pick(STRINGS)),
    () => c(pick(["GETRANGE", "SUBSTR"]), src(), num(INDEXES), num(INDEXES)),
    () => c(pick(["INCR", "DECR"]), key()),
    () => c(pick(["INCRBY", "DECRBY"]), key(), num(INCREMENTS)),
    () => c("INCRBYFLOAT", key(), num(BIG_FLOATS)),
    () =>
      c(
        "LCS",
        src(),
        src(),
        ...pick<Arg[]>([
          [],
          ["LEN"],
          ["IDX"],
          ["IDX", "WITHMATCHLEN"],
          ["IDX", "MINMATCHLEN", pick(["0", "1", "2", "x"])],
        ]),
      ),
  ];

  const keys: Maker[] = [
    () => c(pick(["DEL", "UNLINK"]), src(), ...maybe(0.5, src())),
    () => c("EXISTS", src(), ...maybe(0.5, src())),
    () => c("TYPE", src()),
    () => c("TOUCH", src(), src()),
    () => c("RENAME", src(), key()),
    () => c("RENAMENX", src(), key()),
    () => c("COPY", src(), key(), ...maybe(0.3, "REPLACE"), ...maybe(0.1, "DB", pick(["0", "1"]))),
    // GT and LT only with absolute times: two relative ones compare by the milliseconds
    // between them, which differ from run to run.
    () => c("EXPIRE", src(), num(SECONDS), ...maybe(0.3, pick(["NX", "XX"]))),
    () => c("PEXPIRE", src(), num(MILLIS), ...maybe(0.3, pick(["NX", "XX"]))),
    () => c("EXPIREAT", src(), num(UNIX_SECONDS), ...maybe(0.4, pick(["NX", "XX", "GT", "LT"]))),
    () => c("PEXPIREAT", src(), num(UNIX_MILLIS), ...maybe(0.4, pick(["NX", "XX", "GT", "LT"]))),
    () => c("PERSIST", src()),
    () => ranged(2, "TTL", src()),
    () => ranged(2000, "PTTL", src()),
    () => ranged(2, "EXPIRETIME", src()),
    () => ranged(2000, "PEXPIRETIME", src()),
    () => sorted("KEYS", pick(PATTERNS)),
    () =>
      scan(
        false,
        "SCAN",
        "0",
        ...maybe(0.4, "MATCH", pick(PATTERNS)),
        ...maybe(0.4, "TYPE", pick(["string", "list", "hash", "set", "zset", "none"])),
        "COUNT",
        "1000",
      ),
    () => shape("RANDOMKEY"),
    () => c("DBSIZE"),
    () => c("MOVE", src(), "1"),
    () => (r() < 0.3 ? c("SWAPDB", "0", "1") : c("SELECT", pick(["0", "0", "1"]))),
  ];

  const lists: Maker[] = [
    () => c(pick(["LPUSH", "RPUSH"]), key(), ...elements(3)),
    () => c(pick(["LPUSH", "RPUSH"]), key(), ...elements(3)),
    () => c(pick(["LPUSHX", "RPUSHX"]), key(), ...elements(2)),
    () => c(pick(["LPOP", "RPOP"]), src(), ...maybe(0.5, num(COUNTS))),
    () => c("LLEN", src()),
    () => c("LRANGE", src(), num(INDEXES), num(INDEXES)),
    () => c("LRANGE", src(), "0", "-1"),
    () => c("LINDEX", src(), num(INDEXES)),
    () => c("LSET", key(), num(INDEXES), pick(ELEMENTS)),
    () => c("LINSERT", key(), pick(["BEFORE", "AFTER", "x"]), pick(ELEMENTS), pick(ELEMENTS)),
    () => c("LREM", src(), num(INDEXES), pick(ELEMENTS)),
    () => c("LTRIM", src(), num(INDEXES), num(INDEXES)),
    () =>
      c(
        "LPOS",
        src(),
        pick(ELEMENTS),
        ...maybe(0.4, "RANK", pick(["1", "-1", "2", "-2", "0", I64_MIN])),
        ...maybe(0.4, "COUNT", pick(["0", "1", "2", "-1"])),
        ...maybe(0.3, "MAXLEN", pick(["0", "1", "3", "-1"])),
      ),
    () => c("LMOVE", src(), key(), pos(), pos()),
    () => c("RPOPLPUSH", src(), key()),
    () => c("LMPOP", "2", src(), src(), pos(), ...maybe(0.5, "COUNT", num(COUNTS))),
    // One maker for the blocking ones: a timeout costs real time.
    () =>
      pick<() => Step>([
        () => c(pick(["BLPOP", "BRPOP"]), src(), src(), num(TIMEOUTS)),
        () => c("BLMOVE", src(), key(), pos(), pos(), num(TIMEOUTS)),
        () => c("BRPOPLPUSH", src(), key(), num(TIMEOUTS)),
        () => c("BLMPOP", num(TIMEOUTS), "2", src(), src(), pos(), ...maybe(0.5, "COUNT", num(COUNTS))),
      ])(),
  ];

  const hashes: Maker[] = [
    () => c("HSET", key(), pick(FIELDS), pick(HASH_VALUES), ...maybe(0.5, pick(FIELDS), pick(HASH_VALUES))),
    () => c("HSET", key(), pick(FIELDS), pick(HASH_VALUES)),
    () => c("HSETNX", key(), pick(FIELDS), pick(HASH_VALUES)),
    () => c("HMSET", key(), pick(FIELDS), pick(HASH_VALUES)),
    () => c("HGET", src(), pick(FIELDS)),
    () => c("HMGET", src(), pick(FIELDS), pick(FIELDS)),
    () => c("HDEL", src(), pick(FIELDS), ...maybe(0.5, pick(FIELDS))),
    () => c("HLEN", src()),
    () => c("HSTRLEN", src(), pick(FIELDS)),
    () => c("HEXISTS", src(), pick(FIELDS)),
    () => c(pick(["HKEYS", "HVALS", "HGETALL"]), src()),
    () => c("HINCRBY", key(), pick(FIELDS), num(INCREMENTS)),
    () => c("HINCRBYFLOAT", key(), pick(FIELDS), num(FLOATS)),
    () => c("HRANDFIELD", src(), "1000", ...maybe(0.5, "WITHVALUES")),
    () => shape("HRANDFIELD", src(), ...maybe(0.7, pick(["1", "2", "-3", "0"]), ...maybe(0.5, "WITHVALUES"))),
    // Redis answers a small hash in its listpack order, redbun top down: order not compared.
    () => scan(true, "HSCAN", src(), "0", ...maybe(0.3, "MATCH", pick(["f*", "*", "x"])), "COUNT", "1000"),
  ];

  const sets: Maker[] = [
    () => c("SADD", key(), ...elements(3)),
    () => c("SADD", key(), ...elements(3)),
    () => c("SREM", src(), ...elements(2)),
    () => c("SCARD", src()),
    () => c("SISMEMBER", src(), pick(ELEMENTS)),
    () => c("SMISMEMBER", src(), pick(ELEMENTS), pick(ELEMENTS)),
    () => sorted("SMEMBERS", src()),
    () => c("SMOVE", src(), key(), pick(ELEMENTS)),
    () => sorted("SPOP", src(), "1000"),
    () => {
      const k = src();
      // Which members go is chance: check the shape, then bring both servers back in line.
      return [shape("SPOP", k, ...maybe(0.5, pick(["1", "2", "0", "-1", "x"]))), c("SCARD", k), c("DEL", k)];
    },
    () => sorted("SRANDMEMBER", src(), "1000"),
    () => shape("SRANDMEMBER", src(), ...maybe(0.7, pick(["1", "2", "-3", "0", "x"]))),
    () => sorted(pick(["SINTER", "SUNION", "SDIFF"]), src(), src(), ...maybe(0.3, src())),
    () => c(pick(["SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"]), dst(), src(), ...maybe(0.6, src())),
    () => c("SINTERCARD", "2", src(), src(), ...maybe(0.3, "LIMIT", pick(["0", "1", "-1", "x"]))),
    () => scan(false, "SSCAN", src(), "0", ...maybe(0.3, "MATCH", pick(["1*", "*", "a"])), "COUNT", "1000"),
  ];

  const zadd = (): Step =>
    c(
      "ZADD",
      key(),
      ...maybe(0.3, pick(["NX", "XX", "GT", "LT", "CH", "INCR"])),
      ...maybe(0.1, pick(["CH", "XX", "GT"])),
      num(SCORES),
      pick(MEMBERS),
      ...maybe(0.5, num(SCORES), pick(MEMBERS)),
    );
  const limit = (): Arg[] => maybe(0.3, "LIMIT", num(INDEXES), num(INDEXES));
  const zsets: Maker[] = [
    zadd,
    zadd,
    zadd,
    () => c("ZINCRBY", key(), num(SCORES), pick(MEMBERS)),
    () => c("ZREM", src(), pick(MEMBERS), ...maybe(0.5, pick(MEMBERS))),
    () => c("ZCARD", src()),
    () => c("ZSCORE", src(), pick(MEMBERS)),
    () => c("ZMSCORE", src(), pick(MEMBERS), pick(MEMBERS)),
    () => c(pick(["ZRANK", "ZREVRANK"]), src(), pick(MEMBERS)),
    () => c("ZCOUNT", src(), num(BOUNDS), num(BOUNDS)),
    () => c("ZRANGE", src(), num(INDEXES), num(INDEXES), ...maybe(0.3, "REV"), ...maybe(0.5, "WITHSCORES")),
    () => c("ZRANGE", src(), "0", "-1", "WITHSCORES"),
    () =>
      c(
        "ZRANGE",
        src(),
        num(BOUNDS),
        num(BOUNDS),
        "BYSCORE",
        ...maybe(0.3, "REV"),
        ...limit(),
        ...maybe(0.5, "WITHSCORES"),
      ),
    () =>
      c(
        pick(["ZRANGEBYSCORE", "ZREVRANGEBYSCORE"]),
        src(),
        num(BOUNDS),
        num(BOUNDS),
        ...maybe(0.5, "WITHSCORES"),
        ...limit(),
      ),
    () => c("ZREVRANGE", src(), num(INDEXES), num(INDEXES), ...maybe(0.5, "WITHSCORES")),
    // Lex ranges: only over `lx`, whose members all score 0.
    () => c("ZADD", "lx", "0", pick(LEX_MEMBERS), ...maybe(0.5, "0", pick(LEX_MEMBERS))),
    () => c("ZLEXCOUNT", "lx", num(LEX), num(LEX)),
    () => c("ZRANGE", "lx", num(LEX), num(LEX), "BYLEX", ...maybe(0.3, "REV"), ...limit()),
    () => c(pick(["ZRANGEBYLEX", "ZREVRANGEBYLEX"]), "lx", num(LEX), num(LEX), ...limit()),
    () => c("ZREMRANGEBYLEX", "lx", num(LEX), num(LEX)),
    () => c("ZRANGESTORE", dst(), "lx", num(LEX), num(LEX), "BYLEX", ...maybe(0.3, "REV"), ...limit()),
    () => c("ZRANGESTORE", dst(), src(), num(INDEXES), num(INDEXES), ...maybe(0.3, "REV")),
    () => c("ZRANGESTORE", dst(), src(), num(BOUNDS), num(BOUNDS), "BYSCORE", ...limit()),
    () => c("ZREMRANGEBYRANK", src(), num(INDEXES), num(INDEXES)),
    () => c("ZREMRANGEBYSCORE", src(), num(BOUNDS), num(BOUNDS)),
    () => c(pick(["ZPOPMIN", "ZPOPMAX"]), src(), ...maybe(0.5, num(COUNTS))),
    () => c("ZMPOP", "2", src(), src(), pick(["MIN", "MAX"]), ...maybe(0.5, "COUNT", num(COUNTS))),
    () =>
      r() < 0.5
        ? c(pick(["BZPOPMIN", "BZPOPMAX"]), src(), src(), num(TIMEOUTS))
        : c("BZMPOP", num(TIMEOUTS), "2", src(), src(), pick(["MIN", "MAX"]), ...maybe(0.5, "COUNT", "2")),
    () => c("ZRANDMEMBER", src(), "1000", ...maybe(0.5, "WITHSCORES")),
    () =>
      shape("ZRANDMEMBER", src(), ...maybe(0.7, pick(["1", "2", "-3", "0"]), ...maybe(0.5, "WITHSCORES"))),
    () =>
      c(
        pick(["ZUNION", "ZINTER", "ZDIFF"]),
        "2",
        src(),
        src(),
        ...maybe(0.3, "WEIGHTS", num(SCORES), num(SCORES)),
        ...maybe(0.3, "AGGREGATE", pick(["SUM", "MIN", "MAX"])),
        ...maybe(0.6, "WITHSCORES"),
      ),
    () =>
      c(
        pick(["ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE"]),
        dst(),
        "2",
        src(),
        src(),
        ...maybe(0.3, "WEIGHTS", num(SCORES), num(SCORES)),
      ),
    () => c("ZINTERCARD", "2", src(), src(), ...maybe(0.3, "LIMIT", pick(["0", "1", "x"]))),
    () => scan(true, "ZSCAN", src(), "0", "COUNT", "1000"),
  ];

  const sorting: Maker[] = [() => sortArgs(false), () => sortArgs(true)];

  // Weights per group, then uniform within the group.
  const groups: [number, Maker[], Kind | undefined][] = [
    [16, strings, "string"],
    [15, keys, undefined],
    [17, lists, "list"],
    [15, hashes, "hash"],
    [15, sets, "set"],
    [17, zsets, "zset"],
    [5, sorting, undefined],
  ];
  const total = groups.reduce((n, [w]) => n + w, 0);
  // Start with every home key holding a few elements, so the first commands have data too.
  const members = (from: readonly Arg[], scored: boolean): Arg[] =>
    Array.from({ length: 3 + Math.floor(r() * 4) }, () =>
      scored ? [num(SCORES), pick(from)] : [pick(from)],
    ).flat();
  const steps: Step[] = [
    c("SET", home.string, pick(STRINGS)),
    c("RPUSH", home.list, ...members(ELEMENTS, false)),
    c("HSET", home.hash, ...members(FIELDS, false).flatMap((f) => [f, pick(HASH_VALUES)])),
    c("SADD", home.set, ...members(ELEMENTS, false)),
    c("ZADD", home.zset, ...members(MEMBERS, true)),
    c("ZADD", "lx", ...members(LEX_MEMBERS, false).flatMap((m) => ["0", m])),
  ];
  // One sequence in four starts with a sorted set over Redis's 128-member listpack limit (a
  // skip list: -0 keeps its sign) and a list of 200.
  if (r() < 0.25) {
    const big = Array.from({ length: 130 }, (_, i) => [String(i % 7 === 0 ? -i : i / 4), `p${i}`]).flat();
    steps.push(c("ZADD", pick(KEYS), ...big), c("ZADD", "lx", ...big.map((a, i) => (i % 2 ? a : "0"))));
    steps.push(c("RPUSH", pick(KEYS), ...Array.from({ length: 200 }, (_, i) => String(i % 13))));
  }
  while (steps.length < n) {
    let x = r() * total;
    let group = groups[0]!;
    for (const g of groups) {
      if (x < g[0]) {
        group = g;
        break;
      }
      x -= g[0];
    }
    kind = group[2];
    const made = pick(group[1])();
    steps.push(...(Array.isArray(made) ? made : [made]));
  }
  // The final state of every key: its type, expiry and contents (the other types' reads
  // answer WRONGTYPE, which is compared too).
  for (const k of [...KEYS, "lx"]) {
    steps.push(c("TYPE", k), ranged(2, "TTL", k), c("GET", k), c("LRANGE", k, "0", "-1"));
    steps.push(c("HGETALL", k), sorted("SMEMBERS", k), c("ZRANGE", k, "0", "-1", "WITHSCORES"));
  }
  return steps;
}
