/**
 * Key specs: where a command's keys are in its arguments, the way Redis 7 describes them
 * (begin_search + find_keys, with access flags). This module reads the table's compact
 * notation, derives what Redis derives from the specs (the legacy first/last/step triple and
 * the `movablekeys` flag), and finds the keys of one call for COMMAND GETKEYS(ANDFLAGS).
 *
 * Notation, one string per spec: flags, then where the keys begin, then how many there are.
 *
 * ```
 * "RW access delete @1"            index 1, one key (find_keys range 0 1 0)
 * "RO access @2 range(-1)"         index 2 up to the last argument
 * "OW update @1 range(-1,2)"       every other argument from 1 on (MSET)
 * "RW access delete @1 keynum"     numkeys at 1, then that many keys (keynum 0 1 1)
 * "RO keyword(STREAMS,1) range(-1,1,2)"
 * "RO access unknown unknown"      only the command's getkeys procedure knows
 * ```
 */
import { isWord, parseInt64 } from "../protocol/bytes.ts";
import type { BeginSearch, CommandSpec, FindKeys, GetKeysProc, KeyRef, KeySpec } from "./types.ts";

/** One spec in a table row: the notation above, with Redis's `notes` where it has them. */
export type KeySpecText = string | { readonly ks: string; readonly notes: string };

const CALL = /^(\w+)\((.*)\)$/;

function numbers(args: string, what: string): number[] {
  const out = args.split(",").map((s) => Number(s.trim()));
  if (out.some((n) => !Number.isInteger(n))) throw new Error(`bad key spec arguments: ${what}`);
  return out;
}

function parseBegin(word: string): BeginSearch | undefined {
  if (word === "unknown") return { type: "unknown" };
  if (/^@\d+$/.test(word)) return { type: "index", index: Number(word.slice(1)) };
  const m = CALL.exec(word);
  if (m?.[1] === "keyword") {
    const comma = m[2]!.lastIndexOf(",");
    return {
      type: "keyword",
      keyword: m[2]!.slice(0, comma),
      startfrom: numbers(m[2]!.slice(comma + 1), word)[0]!,
    };
  }
  return undefined;
}

function parseFind(word: string): FindKeys | undefined {
  if (word === "unknown") return { type: "unknown" };
  if (word === "keynum") return { type: "keynum", keynumidx: 0, firstkey: 1, keystep: 1 };
  const m = CALL.exec(word);
  if (m?.[1] === "range") {
    const [lastkey = 0, keystep = 1, limit = 0] = numbers(m[2]!, word);
    return { type: "range", lastkey, keystep, limit };
  }
  if (m?.[1] === "keynum") {
    const [keynumidx = 0, firstkey = 1, keystep = 1] = numbers(m[2]!, word);
    return { type: "keynum", keynumidx, firstkey, keystep };
  }
  return undefined;
}

/** One spec from its notation (see the module comment); throws on a malformed row. */
export function parseKeySpec(entry: KeySpecText): KeySpec {
  const text = typeof entry === "string" ? entry : entry.ks;
  const flags: string[] = [];
  let begin: BeginSearch | undefined;
  let find: FindKeys | undefined;
  for (const word of text.split(" ").filter(Boolean)) {
    if (begin === undefined) {
      begin = parseBegin(word);
      if (begin === undefined) flags.push(word);
    } else if (find === undefined) {
      find = parseFind(word);
      if (find === undefined) throw new Error(`bad key spec: ${text}`);
    } else {
      throw new Error(`bad key spec: ${text}`);
    }
  }
  if (begin === undefined) throw new Error(`key spec without begin_search: ${text}`);
  find ??= { type: "range", lastkey: 0, keystep: 1, limit: 0 };
  return typeof entry === "string" ? { flags, begin, find } : { notes: entry.notes, flags, begin, find };
}

/** The single index/range spec a legacy (first, last, step) triple describes. */
export function specFromTriple(
  keys: readonly [number, number, number],
  flags: readonly string[],
  notes?: string,
): KeySpec {
  const [first, last, step] = keys;
  const spec: KeySpec = {
    flags,
    begin: { type: "index", index: first },
    find: { type: "range", lastkey: last < 0 ? last : last - first, keystep: step, limit: 0 },
  };
  return notes === undefined ? spec : { notes, ...spec };
}

/**
 * Redis's populateCommandLegacyRangeSpec: the (first, last, step) triple COMMAND INFO shows,
 * glued from consecutive index/range specs with step 1, and whether the command has
 * `movablekeys` (a spec the triple cannot describe, or an incomplete one).
 */
export function legacyRange(specs: readonly KeySpec[]): { keys: [number, number, number]; movable: boolean } {
  if (specs.length === 0) return { keys: [0, 0, 0], movable: false };
  const only = specs[0]!;
  if (specs.length === 1 && only.begin.type === "index" && only.find.type === "range") {
    const last = only.find.lastkey < 0 ? only.find.lastkey : only.find.lastkey + only.begin.index;
    return { keys: [only.begin.index, last, only.find.keystep], movable: only.flags.includes("incomplete") };
  }
  let movable = false;
  let first = Number.POSITIVE_INFINITY;
  // Redis compares last keys as unsigned ints: a negative (from the end) one is the largest.
  let last = 0;
  let prevLast = 0;
  const unsigned = (n: number) => (n < 0 ? 2 ** 32 + n : n);
  for (const s of specs) {
    if (s.begin.type !== "index" || s.find.type !== "range") {
      movable = true;
      continue;
    }
    if (s.find.keystep !== 1 || (prevLast !== 0 && prevLast !== s.begin.index - 1)) {
      movable = true;
      continue;
    }
    if (s.flags.includes("incomplete")) movable = true;
    first = Math.min(first, s.begin.index);
    const abs = s.find.lastkey >= 0 ? s.find.lastkey + s.begin.index : s.find.lastkey;
    last = unsigned(abs) > unsigned(last) ? abs : last;
    prevLast = last;
  }
  if (first === Number.POSITIVE_INFINITY) return { keys: [0, 0, 0], movable: true };
  return { keys: [first, last, 1], movable };
}

/** C's (int) cast of a 64-bit value: its low 32 bits, signed. */
const toInt32 = (v: number | bigint): number => Number(BigInt.asIntN(32, BigInt(v)));

/**
 * Redis's getKeysUsingKeySpecs: the keys every spec finds, in spec order, each with its
 * spec's flags; null when a spec cannot answer for this call (unknown or incomplete spec,
 * numkeys that is not a count, keys beyond the arguments).
 */
export function keysFromSpecs(spec: CommandSpec, argv: readonly Uint8Array[]): KeyRef[] | null {
  const argc = argv.length;
  const keys: KeyRef[] = [];
  for (const ks of spec.keySpecs) {
    if (ks.flags.includes("not_key")) continue;
    let first = 0;
    const b = ks.begin;
    if (b.type === "index") {
      first = b.index;
    } else if (b.type === "keyword") {
      const start = b.startfrom > 0 ? b.startfrom : argc + b.startfrom;
      const end = b.startfrom > 0 ? argc - 1 : 1;
      const keyword = b.keyword.toLowerCase();
      for (let i = start; i !== end; i = start <= end ? i + 1 : i - 1) {
        if (i >= argc || i < 1) break;
        if (isWord(argv[i]!, keyword)) {
          first = i + 1;
          break;
        }
      }
      if (first === 0) continue; // keyword absent: this spec has no keys in this call
    } else {
      return null;
    }
    let last: number;
    let step: number;
    const f = ks.find;
    if (f.type === "range") {
      step = f.keystep;
      if (f.lastkey >= 0) last = first + f.lastkey;
      else if (f.limit === 0) last = argc + f.lastkey;
      else last = first + (Math.trunc((argc - first) / f.limit) + f.lastkey);
    } else if (f.type === "keynum") {
      step = f.keystep;
      // Redis checks keynumidx (not first + keynumidx) against argc: the arity covers the rest.
      if (f.keynumidx >= argc || first + f.keynumidx >= argc) return null;
      const numkeys = parseInt64(argv[first + f.keynumidx]!);
      if (numkeys === null || numkeys < 0) return null;
      first += f.firstkey;
      last = first + toInt32(numkeys) - 1;
    } else {
      return null;
    }
    if (last >= argc || last < first || first >= argc) return null;
    for (let i = first; i <= last; i += step) keys.push({ pos: i, flags: ks.flags });
    if (ks.flags.includes("incomplete")) return null;
  }
  return keys;
}

/** Whether COMMAND GETKEYS accepts the command (Redis's doesCommandHaveKeys). */
export function hasKeys(spec: CommandSpec): boolean {
  return spec.getKeys !== undefined || spec.keySpecs.some((s) => !s.flags.includes("not_key"));
}

/**
 * Redis's getKeysFromCommandWithSpecs: the key specs when they answer and their flags are fixed,
 * else the command's getkeys procedure; empty when neither finds keys.
 */
export function commandKeys(spec: CommandSpec, argv: readonly Uint8Array[]): KeyRef[] {
  const usable = spec.keySpecs.some((s) => !s.flags.includes("not_key"));
  const variable = spec.keySpecs.some((s) => s.flags.includes("variable_flags"));
  if (usable && !variable) {
    const keys = keysFromSpecs(spec, argv);
    if (keys !== null) return keys;
  }
  return spec.getKeys ? spec.getKeys(argv) : [];
}

// ---- getkeys procedures (Redis's db.c) ----

/** C's atoi (glibc: strtol, clamped to the 64-bit range, then cut to int). */
function atoi(b: Uint8Array): number {
  let i = 0;
  while (i < b.length && (b[i] === 32 || (b[i]! >= 9 && b[i]! <= 13))) i++;
  let neg = false;
  if (b[i] === 43 || b[i] === 45) neg = b[i++] === 45;
  let v = 0n;
  for (; i < b.length && b[i]! >= 48 && b[i]! <= 57; i++) {
    v = v * 10n + BigInt(b[i]! - 48);
    if (v > 9223372036854775808n) break;
  }
  if (neg) v = -v;
  if (v > 9223372036854775807n) v = 9223372036854775807n;
  if (v < -9223372036854775808n) v = -9223372036854775808n;
  return Number(BigInt.asIntN(32, v));
}

const NO_FLAGS: readonly string[] = [];

/**
 * Redis's genericGetKeys for `[destkey] numkeys key ...` commands (ZUNIONSTORE, ZUNION, LMPOP,
 * BZMPOP, SINTERCARD, ...): the count at `countAt` read with atoi, keys from `firstAt`, the
 * destination (`storeAt`, 0 for none) last; keys without flags. Redis falls back to it only
 * when the key specs cannot answer (a count like "2x").
 */
export function numkeysGetKeys(storeAt: number, countAt: number, firstAt: number): GetKeysProc {
  return (argv) => {
    if (countAt >= argv.length) return [];
    const num = atoi(argv[countAt]!);
    if (num < 1 || num > argv.length - firstAt) return [];
    const keys: KeyRef[] = [];
    for (let i = 0; i < num; i++) keys.push({ pos: firstAt + i, flags: NO_FLAGS });
    if (storeAt) keys.push({ pos: storeAt, flags: NO_FLAGS });
    return keys;
  };
}

const SORT_KEY: KeyRef = { pos: 1, flags: ["RO", "access"] };
/** SORT options and how many arguments follow each; any other word is taken to have none. */
const SORT_SKIP: readonly (readonly [string, number])[] = [
  ["limit", 2],
  ["get", 1],
  ["by", 1],
];

/**
 * Redis's sortGetKeys: the sorted key, and the last STORE destination (options are skipped with
 * their arguments; a STORE with nothing after it is not one). BY/GET patterns are not keys here.
 */
export const sortGetKeys: GetKeysProc = (argv) => {
  let store = 0;
  for (let i = 2; i < argv.length; i++) {
    const word = argv[i]!;
    const skip = SORT_SKIP.find(([name]) => isWord(word, name));
    if (skip !== undefined) i += skip[1];
    else if (isWord(word, "store") && i + 1 < argv.length) store = i + 1;
  }
  return store ? [SORT_KEY, { pos: store, flags: ["OW", "update"] }] : [SORT_KEY];
};

/** Redis's sortROGetKeys: only the sorted key. */
export const sortRoGetKeys: GetKeysProc = () => [SORT_KEY];
