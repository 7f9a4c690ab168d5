/**
 * From parsed RESP values to what client calls return.
 *
 * `decodeReply` is the generic shape used by `sendCommand`; `shapeReply` gives each typed
 * command its precise result from a small set of reply kinds, so one table describes every
 * command (see commands.ts) and the same code serves RESP2 and RESP3 (a config map arrives as
 * a flat array in one and a map in the other).
 *
 * Bulk strings from the parser are views into its read buffer: whatever leaves this module
 * is either decoded text or a fresh copy.
 */
import { text, utf8 } from "../protocol/bytes.ts";
import { RespMap, RespPush, RespSet, type RespValue, VerbatimString } from "../protocol/reply-parser.ts";
import { ReplyError } from "./errors.ts";

/** A decoded reply, as `sendCommand` returns it. */
export type Reply =
  | null
  | string
  | Uint8Array
  | number
  | bigint
  | boolean
  | ReplyError
  | Reply[]
  | { [key: string]: Reply }
  | Map<Reply, Reply>;

/** Text of a simple, bulk or verbatim string (other values: their String form). */
export function asText(v: RespValue): string {
  if (typeof v === "string") return v;
  if (v instanceof Uint8Array) return text(v);
  if (v instanceof VerbatimString) return text(v.data);
  return String(v);
}

/** A bulk-like value as the user asked for it: a string, or a fresh byte array. */
export function asBulk(v: RespValue, buffers: boolean): string | Uint8Array {
  if (v instanceof Uint8Array) return buffers ? v.slice() : text(v);
  if (typeof v === "string") return buffers ? utf8(v) : v;
  if (v instanceof VerbatimString) return buffers ? v.data.slice() : text(v.data);
  return buffers ? utf8(String(v)) : String(v);
}

/**
 * Generic decoding: strings per `buffers`; maps become plain objects when every key is a
 * string (keys decoded as UTF-8 text), otherwise a Map; sets and pushes become arrays; nested
 * error replies (inside EXEC results, say) stay ReplyError values.
 */
export function decodeReply(v: RespValue, buffers: boolean): Reply {
  if (v === null || typeof v !== "object") return v;
  if (v instanceof Uint8Array || v instanceof VerbatimString) return asBulk(v, buffers);
  if (v instanceof ReplyError) return v;
  if (Array.isArray(v)) return v.map((x) => decodeReply(x, buffers));
  if (v instanceof RespMap) {
    const stringKeys = v.entries.every(([k]) => typeof k === "string" || k instanceof Uint8Array);
    if (stringKeys)
      return Object.fromEntries(v.entries.map(([k, x]) => [asText(k), decodeReply(x, buffers)]));
    return new Map(v.entries.map(([k, x]) => [decodeReply(k, buffers), decodeReply(x, buffers)]));
  }
  if (v instanceof RespSet || v instanceof RespPush) return v.items.map((x) => decodeReply(x, buffers));
  return null;
}

/** Deep copy of a reply whose bulk strings may be views into the parser's buffer. */
export function detach(v: RespValue): RespValue {
  if (v === null || typeof v !== "object") return v;
  if (v instanceof Uint8Array) return v.slice();
  if (Array.isArray(v)) return v.map(detach);
  if (v instanceof VerbatimString) {
    const out = new VerbatimString(v.format, v.data.slice());
    return out;
  }
  if (v instanceof RespMap) return new RespMap(v.entries.map(([k, x]) => [detach(k), detach(x)]));
  if (v instanceof RespSet) return new RespSet(v.items.map(detach));
  if (v instanceof RespPush) return new RespPush(v.items.map(detach));
  return v;
}

/** A RESP2 flat `[k, v, k, v]` array or a RESP3 map, as pairs. */
function pairs(v: RespValue): [RespValue, RespValue][] {
  if (v instanceof RespMap) return v.entries;
  const out: [RespValue, RespValue][] = [];
  if (Array.isArray(v)) for (let i = 0; i + 1 < v.length; i += 2) out.push([v[i]!, v[i + 1]!]);
  return out;
}

function items(v: RespValue): RespValue[] {
  if (Array.isArray(v)) return v;
  if (v instanceof RespSet || v instanceof RespPush) return v.items;
  return [];
}

/**
 * A stream entry. An object rather than ioredis' `[id, [field, value, ...]]` tuple: callers read
 * `entry.fields.temperature`, and nearly every stream is a bag of named fields. What that costs:
 * a field name given twice in one XADD keeps its last value, and integer-like names come first
 * (JS object key order); `sendCommand(["XRANGE", ...])` gives the raw pairs when that matters.
 * Field names and ids are text; values follow `returnBuffers`.
 */
export interface StreamEntry<S> {
  id: string;
  fields: Record<string, S>;
}

/**
 * XREADGROUP re-reading a consumer's pending entries (an id other than `>`): an entry deleted
 * since it was delivered comes back with its id and no fields (null).
 */
export interface GroupStreamEntry<S> {
  id: string;
  fields: Record<string, S> | null;
}

/** XPENDING's summary form: how many entries wait for an XACK, their id range, and per consumer. */
export interface PendingSummary {
  pending: number;
  /** Smallest and greatest pending id (null when nothing is pending). */
  firstId: string | null;
  lastId: string | null;
  consumers: { name: string; pending: number }[];
}

/** One library of FUNCTION LIST. */
export interface FunctionLibrary {
  libraryName: string;
  engine: string;
  functions: { name: string; description: string | null; flags: string[] }[];
  /** Only with `WITHCODE`. */
  libraryCode?: string;
}

/** What each reply kind decodes to; `S` is `string`, or `Uint8Array` with `returnBuffers`. */
export interface ReplyTypes<S> {
  /** `+OK` */
  ok: "OK";
  /** Always text, whatever `returnBuffers` says: PING, TYPE, INFO, CLIENT LIST, ... */
  text: string;
  textOrNull: string | null;
  bulk: S;
  bulkOrNull: S | null;
  bulkOrNullList: (S | null)[];
  bulkList: S[];
  /** A count, a length, a TTL: always within 2^53. */
  int: number;
  /** A value that can use the whole int64 range (INCR and friends): a bigint beyond 2^53. */
  int64: number | bigint;
  /** An integer that is 0 or 1 (EXPIRE, PERSIST, SETNX). */
  bit: 0 | 1;
  /** SET: `OK`, null when NX/XX stopped it, or the old value with GET. */
  set: "OK" | S | null;
  stringMap: Record<string, string>;
  countMap: Record<string, number>;
  time: [seconds: number, microseconds: number];
  void: undefined;
  /** Whatever the server sent, decoded as `sendCommand` does (script and function results). */
  any: Reply;
  /** Integers 0/1 as booleans (SCRIPT EXISTS). */
  boolList: boolean[];
  entries: StreamEntry<S>[];
  /** XREAD: entries per stream key; null when no stream had any (or BLOCK timed out). */
  streams: Record<string, StreamEntry<S>[]> | null;
  groupStreams: Record<string, GroupStreamEntry<S>[]> | null;
  pendingSummary: PendingSummary;
  libraries: FunctionLibrary[];
}

export type ReplyKind = keyof ReplyTypes<string>;

/** Shape a raw reply for a typed command (error replies never get here). */
export function shapeReply(kind: ReplyKind, v: RespValue, buffers: boolean): unknown {
  switch (kind) {
    case "ok":
    case "text":
      return asText(v);
    case "textOrNull":
      return v === null ? null : asText(v);
    case "bulk":
      return asBulk(v, buffers);
    case "bulkOrNull":
      return v === null ? null : asBulk(v, buffers);
    case "set":
      return v === null ? null : v === "OK" ? "OK" : asBulk(v, buffers);
    case "bulkOrNullList":
      return items(v).map((x) => (x === null ? null : asBulk(x, buffers)));
    case "bulkList":
      return items(v).map((x) => asBulk(x, buffers));
    case "int":
    case "bit":
      return typeof v === "bigint" ? Number(v) : v;
    case "int64":
      return v;
    case "stringMap":
      return Object.fromEntries(pairs(v).map(([k, x]) => [asText(k), asText(x)]));
    case "countMap":
      return Object.fromEntries(pairs(v).map(([k, x]) => [asText(k), Number(x)]));
    case "time":
      return items(v).map((x) => Number(asText(x)));
    case "void":
      return undefined;
    case "any":
      return decodeReply(v, buffers);
    case "boolList":
      return items(v).map((x) => x === 1 || x === true);
    case "entries":
      return entries(v, buffers);
    case "streams":
    case "groupStreams":
      return streams(v, buffers);
    case "pendingSummary":
      return pendingSummary(v);
    case "libraries":
      return items(v).map(library);
  }
}

/** `out[key] = value`, except that a field called `__proto__` becomes a field, not the prototype. */
function put<T>(out: Record<string, T>, key: string, value: T): void {
  if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true });
  else out[key] = value;
}

/** `[[id, [f, v, ...]], ...]`, the same in RESP2 and RESP3. */
function entries(v: RespValue, buffers: boolean): GroupStreamEntry<unknown>[] {
  const list = items(v);
  const out: GroupStreamEntry<unknown>[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const [id, flat] = list[i] as RespValue[];
    let fields: Record<string, unknown> | null = null;
    if (flat !== null && flat !== undefined) {
      fields = {};
      const kv = items(flat);
      for (let j = 0; j + 1 < kv.length; j += 2) put(fields, asText(kv[j]!), asBulk(kv[j + 1]!, buffers));
    }
    out[i] = { id: asText(id!), fields };
  }
  return out;
}

/** XREAD(GROUP): RESP2 `[[key, entries], ...]`, RESP3 a map key → entries, or null. */
function streams(v: RespValue, buffers: boolean): Record<string, GroupStreamEntry<unknown>[]> | null {
  if (v === null) return null;
  const out: Record<string, GroupStreamEntry<unknown>[]> = {};
  if (v instanceof RespMap) {
    for (const [k, x] of v.entries) put(out, asText(k), entries(x, buffers));
  } else {
    for (const pair of items(v)) {
      const [k, x] = pair as RespValue[];
      put(out, asText(k!), entries(x!, buffers));
    }
  }
  return out;
}

/** `[count, first, last, [[consumer, "count"], ...]]`, with nulls when nothing is pending. */
function pendingSummary(v: RespValue): PendingSummary {
  const [count, first, last, consumers] = items(v);
  return {
    pending: Number(count),
    firstId: first === null || first === undefined ? null : asText(first),
    lastId: last === null || last === undefined ? null : asText(last),
    consumers: items(consumers ?? null).map((c) => {
      const [name, n] = items(c);
      return { name: asText(name!), pending: Number(asText(n!)) };
    }),
  };
}

/** A FUNCTION LIST library: a flat array in RESP2, a map in RESP3 (flags: an array or a set). */
function library(v: RespValue): FunctionLibrary {
  const lib: FunctionLibrary = { libraryName: "", engine: "", functions: [] };
  for (const [k, x] of pairs(v)) {
    switch (asText(k)) {
      case "library_name":
        lib.libraryName = asText(x);
        break;
      case "engine":
        lib.engine = asText(x);
        break;
      case "functions":
        lib.functions = items(x).map((f) => {
          const fn: FunctionLibrary["functions"][number] = { name: "", description: null, flags: [] };
          for (const [fk, fx] of pairs(f)) {
            const field = asText(fk);
            if (field === "name") fn.name = asText(fx);
            else if (field === "description") fn.description = fx === null ? null : asText(fx);
            else if (field === "flags") fn.flags = items(fx).map(asText);
          }
          return fn;
        });
        break;
      case "library_code":
        lib.libraryCode = asText(x);
        break;
    }
  }
  return lib;
}
