/**
 * Parsing configuration values the way Redis 7 does, so that `CONFIG SET` accepts and rejects
 * exactly what redis-server accepts and rejects, and `CONFIG GET` prints the same canonical text.
 *
 * Every parser returns the canonical text or throws a `ValueError` whose message is the reason
 * Redis gives (the part after `- ` in `ERR CONFIG SET failed (...) - <reason>`).
 */

/** A value that does not parse; the message is Redis's reason text. */
export class ValueError extends Error {
  override name = "ValueError";
}

export const REASON = {
  notInteger: "argument couldn't be parsed into an integer",
  notMemory: "argument must be a memory value",
  notBool: "argument must be 'yes' or 'no'",
  range: (min: bigint, max: bigint) => `argument must be between ${min} and ${max} inclusive`,
  oneOf: (values: readonly string[]) => `argument(s) must be one of the following: ${values.join(", ")}`,
  save: "Invalid save parameters",
  bufferClass: "Invalid client class specified in buffer limit configuration.",
  bufferArity: "Wrong number of arguments in buffer limit configuration.",
  bufferValues: "Error in hard, soft or soft_seconds setting in buffer limit configuration.",
  eventClass: "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.",
  tooManyBind: "Too many bind addresses specified.",
} as const;

export const INT64_MAX = 9223372036854775807n;
export const UINT64_MAX = 18446744073709551615n;

/**
 * Redis's `string2ll`: an optional `-`, then digits with no leading zero, fitting in 64 bits
 * signed. No `+`, no spaces, no `-0`. Returns null when the text is not such an integer.
 */
export function parseStrictInteger(text: string): bigint | null {
  if (!/^(0|-?[1-9][0-9]*)$/.test(text) || text.length > 20) return null;
  const n = BigInt(text);
  return n > INT64_MAX || n < -INT64_MAX - 1n ? null : n;
}

const MEMORY_UNITS: Record<string, bigint> = {
  "": 1n,
  b: 1n,
  k: 1000n,
  kb: 1024n,
  m: 1000n ** 2n,
  mb: 1024n ** 2n,
  g: 1000n ** 3n,
  gb: 1024n ** 3n,
};

/**
 * Redis's `memtoull`: digits followed by an optional unit, case-insensitive (`k` = 1000,
 * `kb` = 1024, `m`, `mb`, `g`, `gb`, `b`). Like strtoull, an empty number counts as 0
 * (redis-server accepts `mb` and `""` as 0). Values past 2^64-1 are rejected rather than
 * wrapped. Returns null when the text is not a memory value.
 */
export function parseMemory(text: string): bigint | null {
  const m = /^([0-9]*)([a-zA-Z]*)$/.exec(text);
  if (!m) return null;
  const unit = MEMORY_UNITS[m[2]!.toLowerCase()];
  if (unit === undefined) return null;
  const n = (m[1] ? BigInt(m[1]) : 0n) * unit;
  return n > UINT64_MAX ? null : n;
}

/** A number within [min, max] as canonical decimal text. */
export function checkRange(n: bigint, min: bigint, max: bigint): string {
  if (n < min || n > max) throw new ValueError(REASON.range(min, max));
  return n.toString();
}

export function parseBool(text: string): string {
  const lower = text.toLowerCase();
  if (lower === "yes" || lower === "no") return lower;
  throw new ValueError(REASON.notBool);
}

/** `save <seconds> <changes> [<seconds> <changes> ...]`, or "" for no snapshots. */
export function normalizeSave(text: string): string {
  if (text === "") return "";
  // Redis splits on single spaces, so doubled spaces make an empty (invalid) token.
  const parts = text.split(" ");
  if (parts.length % 2 !== 0) throw new ValueError(REASON.save);
  for (const p of parts) {
    const n = parseStrictInteger(p);
    if (n === null || n < 0n) throw new ValueError(REASON.save);
  }
  return parts.join(" ");
}

const BUFFER_CLASSES = ["normal", "slave", "pubsub"] as const;

/**
 * `client-output-buffer-limit <class> <hard> <soft> <soft-seconds> ...`: each group replaces
 * only its own class and the other classes keep their `current` limits, as in Redis. The
 * canonical text always lists the three classes in Redis's order, sizes in bytes.
 */
export function normalizeBufferLimit(text: string, current: string): string {
  const limits = new Map<string, string[]>();
  const old = current.split(" ");
  for (let i = 0; i + 3 < old.length; i += 4) limits.set(old[i]!, old.slice(i + 1, i + 4));
  const parts = text.split(" ").filter((p) => p !== "");
  if (parts.length % 4 !== 0) throw new ValueError(REASON.bufferArity);
  for (let i = 0; i < parts.length; i += 4) {
    let cls = parts[i]!.toLowerCase();
    if (cls === "replica") cls = "slave";
    if (!(BUFFER_CLASSES as readonly string[]).includes(cls)) throw new ValueError(REASON.bufferClass);
    const hard = parseMemory(parts[i + 1]!);
    const soft = parseMemory(parts[i + 2]!);
    const seconds = parseStrictInteger(parts[i + 3]!);
    if (hard === null || soft === null || seconds === null || seconds < 0n) {
      throw new ValueError(REASON.bufferValues);
    }
    limits.set(cls, [hard.toString(), soft.toString(), seconds.toString()]);
  }
  return BUFFER_CLASSES.map((c) => [c, ...(limits.get(c) ?? ["0", "0", "0"])].join(" ")).join(" ");
}

/** Keyspace-notification class letters, and what `A` stands for. */
const EVENT_CLASSES = "g$lshzxeKEtmdn";
const ALL_CLASSES = "g$lshzxetd";

/**
 * `notify-keyspace-events`: any of `Ag$lshzxeKEtmdn`. The stored text keeps every class on: `A`
 * when every class of `A` is on, else the single letters; then `n`, `K`, `E`, `m`. Redis prints
 * `n` only when `A` is not printed (its keyspaceEventsFlagsToString) yet keeps it on: CONFIG GET
 * shows `displayKeyspaceEvents` of this text.
 */
export function normalizeKeyspaceEvents(text: string): string {
  const on = new Set<string>();
  for (const c of text) {
    if (c === "A") for (const a of ALL_CLASSES) on.add(a);
    else if (EVENT_CLASSES.includes(c)) on.add(c);
    else throw new ValueError(REASON.eventClass);
  }
  let out = "";
  if ([...ALL_CLASSES].every((c) => on.has(c))) out = "A";
  else for (const c of ALL_CLASSES) if (on.has(c)) out += c;
  for (const c of "nKEm") if (on.has(c)) out += c;
  return out;
}

/** CONFIG GET's text of a stored `notify-keyspace-events`: Redis drops `n` after `A`. */
export function displayKeyspaceEvents(stored: string): string {
  return stored.startsWith("An") ? `A${stored.slice(2)}` : stored;
}

/** A space-separated address list (`bind`), at most 16 entries like Redis. */
export function normalizeList(text: string): string {
  const items = text.split(" ").filter((p) => p !== "");
  if (items.length > 16) throw new ValueError(REASON.tooManyBind);
  return items.join(" ");
}
