/**
 * The typed commands, as one table: for each method, how to build its arguments and which
 * reply kind it returns (decode.ts). The client and the pipeline both get one method per row,
 * so adding a command is one line here.
 *
 * Commands that change the connection's state (AUTH, SELECT, CLIENT SETNAME, QUIT, RESET,
 * SHUTDOWN, SUBSCRIBE) are not rows: the client implements them itself so it can restore that
 * state after a reconnect, and they have no place in a pipeline.
 */
import type { CommandArg } from "../protocol/command-encoder.ts";
import type { ReplyKind, ReplyTypes } from "./decode.ts";

/** A key or channel: text (UTF-8) or raw bytes. */
export type RedisKey = string | Uint8Array;
/** A value: text (UTF-8), raw bytes, or a number sent as its decimal digits. */
export type RedisValue = string | Uint8Array | number | bigint;

export interface SetOptions {
  EX?: number;
  PX?: number;
  EXAT?: number;
  PXAT?: number;
  NX?: boolean;
  XX?: boolean;
  KEEPTTL?: boolean;
  GET?: boolean;
}

export interface GetExOptions {
  EX?: number;
  PX?: number;
  EXAT?: number;
  PXAT?: number;
  PERSIST?: boolean;
}

export type ExpireMode = "NX" | "XX" | "GT" | "LT";

export interface ClientKillFilter {
  ID?: number;
  ADDR?: string;
  LADDR?: string;
  USER?: string;
  TYPE?: "normal" | "master" | "replica" | "pubsub";
  SKIPME?: boolean;
  MAXAGE?: number;
}

export interface ClientListFilter {
  TYPE?: "normal" | "master" | "replica" | "pubsub";
  ID?: number[];
}

export type FlushMode = "ASYNC" | "SYNC";

/** A stream entry id (`1700000000000-0`), or a special one where the command takes it (`*`, `$`, `>`, `-`, `+`). */
export type StreamId = string | number;

/**
 * XTRIM, and XADD's trimming: keep the newest MAXLEN entries, or those with ids from MINID on.
 * `approximate` sends `~` (trim whole nodes only: cheaper, may keep a few more), `false` sends
 * `=`; LIMIT caps the entries evicted per call and needs `approximate`.
 */
export type StreamTrim = ({ MAXLEN: number; MINID?: never } | { MINID: StreamId; MAXLEN?: never }) & {
  approximate?: boolean;
  LIMIT?: number;
};

/** XADD options: NOMKSTREAM, and optionally a trim (see StreamTrim). */
export type XAddOptions = { NOMKSTREAM?: boolean } & (
  | StreamTrim
  | { MAXLEN?: never; MINID?: never; approximate?: never; LIMIT?: never }
);

export interface XReadOptions {
  COUNT?: number;
  /**
   * Wait up to this many ms for an entry (0: for ever). The connection waits with it: commands
   * issued on the same client after a blocking read are answered after it, so block on a client
   * of its own. `commandTimeout` counts from the end of the wait (plus a grace period for the
   * server's timer resolution, BLOCK_GRACE_MS in client.ts).
   */
  BLOCK?: number;
}

export interface XReadGroupOptions extends XReadOptions {
  /** Do not add the entries to the pending list (no XACK needed). */
  NOACK?: boolean;
}

export interface XGroupCreateOptions {
  /** Create the stream (empty) if it does not exist. */
  MKSTREAM?: boolean;
  ENTRIESREAD?: number;
}

export interface FunctionListOptions {
  /** Glob-style pattern on library names. */
  LIBRARYNAME?: string;
  WITHCODE?: boolean;
}

interface Spec<A extends unknown[], K extends ReplyKind> {
  reply: K;
  build: (...args: A) => CommandArg[];
  /**
   * Blocking commands (XREAD BLOCK): how long the server may hold the reply, in ms (0: for
   * ever), so that `commandTimeout` counts from the end of that wait instead of tripping first.
   */
  block?: ((...args: A) => number | undefined) | undefined;
}

function cmd<A extends unknown[], K extends ReplyKind>(
  reply: K,
  build: (...args: A) => CommandArg[],
  // NoInfer: the argument list comes from `build` alone (its optional parameters stay optional).
  block?: (...args: NoInfer<A>) => number | undefined,
): Spec<A, K> {
  return { reply, build, block };
}

/** `{ EX: 10, NX: true }` → `["EX", 10, "NX"]`: numbers take their value, flags only when true. */
function options(opts: object | undefined, into: CommandArg[]): CommandArg[] {
  if (opts === undefined) return into;
  for (const [name, v] of Object.entries(opts)) {
    if (v === undefined || v === false) continue;
    into.push(name);
    if (v !== true) into.push(v as CommandArg);
  }
  return into;
}

function pairsOf(
  entries: Record<string, RedisValue> | Iterable<readonly [RedisKey, RedisValue]>,
  into: CommandArg[],
): CommandArg[] {
  const it = Symbol.iterator in entries ? entries : Object.entries(entries);
  for (const [k, v] of it as Iterable<readonly [RedisKey, RedisValue]>) into.push(k, v);
  return into;
}

/** Scripts and functions: `numkeys key... arg...` after the script, sha or function name. */
function scriptCall(
  into: CommandArg[],
  keys: readonly RedisKey[] | undefined,
  args: readonly RedisValue[] | undefined,
): CommandArg[] {
  into.push(keys?.length ?? 0);
  if (keys !== undefined) for (const k of keys) into.push(k);
  if (args !== undefined) for (const a of args) into.push(a);
  return into;
}

function trimArgs(trim: StreamTrim, into: CommandArg[]): CommandArg[] {
  into.push(trim.MAXLEN !== undefined ? "MAXLEN" : "MINID");
  if (trim.approximate !== undefined) into.push(trim.approximate ? "~" : "=");
  into.push(trim.MAXLEN ?? trim.MINID!);
  if (trim.LIMIT !== undefined) into.push("LIMIT", trim.LIMIT);
  return into;
}

/** `STREAMS key... id...` after the options. */
function streamsArgs(streams: Record<string, StreamId>, into: CommandArg[]): CommandArg[] {
  const keys = Object.keys(streams);
  into.push("STREAMS", ...keys);
  for (const k of keys) into.push(streams[k]!);
  return into;
}

const withMode = (args: CommandArg[], mode: ExpireMode | undefined) => (mode ? [...args, mode] : args);

export const COMMANDS = {
  ping: cmd("text", (message?: string) => (message === undefined ? ["PING"] : ["PING", message])),
  echo: cmd("bulk", (message: RedisValue) => ["ECHO", message]),

  // strings
  get: cmd("bulkOrNull", (key: RedisKey) => ["GET", key]),
  set: cmd("set", (key: RedisKey, value: RedisValue, opts?: SetOptions) =>
    options(opts, ["SET", key, value]),
  ),
  setNX: cmd("bit", (key: RedisKey, value: RedisValue) => ["SETNX", key, value]),
  setEX: cmd("ok", (key: RedisKey, seconds: number, value: RedisValue) => ["SETEX", key, seconds, value]),
  pSetEX: cmd("ok", (key: RedisKey, ms: number, value: RedisValue) => ["PSETEX", key, ms, value]),
  getDel: cmd("bulkOrNull", (key: RedisKey) => ["GETDEL", key]),
  getEx: cmd("bulkOrNull", (key: RedisKey, opts?: GetExOptions) => options(opts, ["GETEX", key])),
  mGet: cmd("bulkOrNullList", (...keys: RedisKey[]) => ["MGET", ...keys]),
  mSet: cmd("ok", (entries: Record<string, RedisValue> | Iterable<readonly [RedisKey, RedisValue]>) =>
    pairsOf(entries, ["MSET"]),
  ),
  incr: cmd("int64", (key: RedisKey) => ["INCR", key]),
  decr: cmd("int64", (key: RedisKey) => ["DECR", key]),
  incrBy: cmd("int64", (key: RedisKey, by: number | bigint) => ["INCRBY", key, by]),
  decrBy: cmd("int64", (key: RedisKey, by: number | bigint) => ["DECRBY", key, by]),
  append: cmd("int", (key: RedisKey, value: RedisValue) => ["APPEND", key, value]),
  strLen: cmd("int", (key: RedisKey) => ["STRLEN", key]),

  // keys
  del: cmd("int", (...keys: RedisKey[]) => ["DEL", ...keys]),
  unlink: cmd("int", (...keys: RedisKey[]) => ["UNLINK", ...keys]),
  exists: cmd("int", (...keys: RedisKey[]) => ["EXISTS", ...keys]),

  // hashes (the two reads the client-side cache can answer)
  hGet: cmd("bulkOrNull", (key: RedisKey, field: RedisValue) => ["HGET", key, field]),
  hGetAll: cmd("stringMap", (key: RedisKey) => ["HGETALL", key]),

  // keys: expiry
  expire: cmd("bit", (key: RedisKey, seconds: number, mode?: ExpireMode) =>
    withMode(["EXPIRE", key, seconds], mode),
  ),
  pExpire: cmd("bit", (key: RedisKey, ms: number, mode?: ExpireMode) => withMode(["PEXPIRE", key, ms], mode)),
  expireAt: cmd("bit", (key: RedisKey, unixSeconds: number, mode?: ExpireMode) =>
    withMode(["EXPIREAT", key, unixSeconds], mode),
  ),
  pExpireAt: cmd("bit", (key: RedisKey, unixMs: number, mode?: ExpireMode) =>
    withMode(["PEXPIREAT", key, unixMs], mode),
  ),
  ttl: cmd("int", (key: RedisKey) => ["TTL", key]),
  pTtl: cmd("int", (key: RedisKey) => ["PTTL", key]),
  expireTime: cmd("int", (key: RedisKey) => ["EXPIRETIME", key]),
  pExpireTime: cmd("int", (key: RedisKey) => ["PEXPIRETIME", key]),
  persist: cmd("bit", (key: RedisKey) => ["PERSIST", key]),
  type: cmd("text", (key: RedisKey) => ["TYPE", key]),
  keys: cmd("bulkList", (pattern: RedisKey) => ["KEYS", pattern]),
  dbSize: cmd("int", () => ["DBSIZE"]),
  flushDb: cmd("ok", (mode?: "ASYNC" | "SYNC") => (mode ? ["FLUSHDB", mode] : ["FLUSHDB"])),
  flushAll: cmd("ok", (mode?: "ASYNC" | "SYNC") => (mode ? ["FLUSHALL", mode] : ["FLUSHALL"])),

  // pub/sub (publishing side; subscribing is on the client)
  publish: cmd("int", (channel: RedisKey, message: RedisValue) => ["PUBLISH", channel, message]),
  pubsubChannels: cmd("bulkList", (pattern?: RedisKey) =>
    pattern === undefined ? ["PUBSUB", "CHANNELS"] : ["PUBSUB", "CHANNELS", pattern],
  ),
  pubsubNumSub: cmd("countMap", (...channels: RedisKey[]) => ["PUBSUB", "NUMSUB", ...channels]),
  pubsubNumPat: cmd("int", () => ["PUBSUB", "NUMPAT"]),

  // connection
  clientId: cmd("int", () => ["CLIENT", "ID"]),
  clientGetName: cmd("textOrNull", () => ["CLIENT", "GETNAME"]),
  clientSetInfo: cmd("ok", (attr: "LIB-NAME" | "LIB-VER", value: string) => [
    "CLIENT",
    "SETINFO",
    attr,
    value,
  ]),
  clientList: cmd("text", (filter?: ClientListFilter) => {
    const args: CommandArg[] = ["CLIENT", "LIST"];
    if (filter?.TYPE) args.push("TYPE", filter.TYPE);
    if (filter?.ID) args.push("ID", ...filter.ID);
    return args;
  }),
  clientInfo: cmd("text", () => ["CLIENT", "INFO"]),
  clientKill: cmd("int", (filter: ClientKillFilter) => {
    const args: CommandArg[] = ["CLIENT", "KILL"];
    for (const [name, v] of Object.entries(filter)) {
      if (v === undefined) continue;
      args.push(name, typeof v === "boolean" ? (v ? "yes" : "no") : (v as CommandArg));
    }
    return args;
  }),
  clientNoEvict: cmd("ok", (on: boolean) => ["CLIENT", "NO-EVICT", on ? "ON" : "OFF"]),
  clientNoTouch: cmd("ok", (on: boolean) => ["CLIENT", "NO-TOUCH", on ? "ON" : "OFF"]),

  // server
  info: cmd("text", (...sections: string[]) => ["INFO", ...sections]),
  configGet: cmd("stringMap", (...patterns: string[]) => ["CONFIG", "GET", ...patterns]),
  configSet: cmd("ok", (params: Record<string, RedisValue>) => pairsOf(params, ["CONFIG", "SET"])),
  configResetStat: cmd("ok", () => ["CONFIG", "RESETSTAT"]),
  time: cmd("time", () => ["TIME"]),
  commandCount: cmd("int", () => ["COMMAND", "COUNT"]),

  // scripting: results are whatever the script returns, decoded as sendCommand does
  /** EVAL: run `script` (cached by the server under its SHA1); see also `client.script()`. */
  eval: cmd("any", (script: string, keys?: readonly RedisKey[], args?: readonly RedisValue[]) =>
    scriptCall(["EVAL", script], keys, args),
  ),
  /** EVAL_RO: a script that may only read (refused writes, runs on replicas). */
  evalRo: cmd("any", (script: string, keys?: readonly RedisKey[], args?: readonly RedisValue[]) =>
    scriptCall(["EVAL_RO", script], keys, args),
  ),
  /** EVALSHA: run a cached script; fails with NOSCRIPT when the server does not have it. */
  evalSha: cmd("any", (sha: string, keys?: readonly RedisKey[], args?: readonly RedisValue[]) =>
    scriptCall(["EVALSHA", sha], keys, args),
  ),
  evalShaRo: cmd("any", (sha: string, keys?: readonly RedisKey[], args?: readonly RedisValue[]) =>
    scriptCall(["EVALSHA_RO", sha], keys, args),
  ),
  /** SCRIPT LOAD: cache a script without running it; resolves to its SHA1 (hex). */
  scriptLoad: cmd("text", (script: string) => ["SCRIPT", "LOAD", script]),
  /** SCRIPT EXISTS: one boolean per SHA1, in order. */
  scriptExists: cmd("boolList", (...shas: string[]) => ["SCRIPT", "EXISTS", ...shas]),
  scriptFlush: cmd("ok", (mode?: FlushMode) => (mode ? ["SCRIPT", "FLUSH", mode] : ["SCRIPT", "FLUSH"])),
  /** SCRIPT KILL: stop the script that is running (only one that has not written yet). */
  scriptKill: cmd("ok", () => ["SCRIPT", "KILL"]),

  // functions
  /** FCALL: call a function loaded with FUNCTION LOAD. */
  fcall: cmd("any", (fn: string, keys?: readonly RedisKey[], args?: readonly RedisValue[]) =>
    scriptCall(["FCALL", fn], keys, args),
  ),
  /** FCALL_RO: only for functions flagged `no-writes`. */
  fcallRo: cmd("any", (fn: string, keys?: readonly RedisKey[], args?: readonly RedisValue[]) =>
    scriptCall(["FCALL_RO", fn], keys, args),
  ),
  /** FUNCTION LOAD: `code` starts with `#!lua name=<library>`; resolves to the library name. */
  functionLoad: cmd("text", (code: string, opts?: { REPLACE?: boolean }) =>
    opts?.REPLACE ? ["FUNCTION", "LOAD", "REPLACE", code] : ["FUNCTION", "LOAD", code],
  ),
  functionDelete: cmd("ok", (library: string) => ["FUNCTION", "DELETE", library]),
  functionFlush: cmd("ok", (mode?: FlushMode) =>
    mode ? ["FUNCTION", "FLUSH", mode] : ["FUNCTION", "FLUSH"],
  ),
  functionList: cmd("libraries", (opts?: FunctionListOptions) => {
    const args: CommandArg[] = ["FUNCTION", "LIST"];
    if (opts?.LIBRARYNAME !== undefined) args.push("LIBRARYNAME", opts.LIBRARYNAME);
    if (opts?.WITHCODE) args.push("WITHCODE");
    return args;
  }),

  // streams
  /**
   * XADD: append an entry; `id` is `*` for a server-made one. Resolves to the entry's id, or
   * null when NOMKSTREAM found no stream.
   */
  xAdd: cmd(
    "textOrNull",
    (
      key: RedisKey,
      id: StreamId,
      fields: Record<string, RedisValue> | Iterable<readonly [RedisKey, RedisValue]>,
      opts?: XAddOptions,
    ) => {
      const args: CommandArg[] = ["XADD", key];
      if (opts?.NOMKSTREAM) args.push("NOMKSTREAM");
      if (opts?.MAXLEN !== undefined || opts?.MINID !== undefined) trimArgs(opts as StreamTrim, args);
      args.push(id);
      return pairsOf(fields, args);
    },
  ),
  xLen: cmd("int", (key: RedisKey) => ["XLEN", key]),
  /** XRANGE from `start` to `end` (`-` and `+` for the ends, `(id` to exclude one). */
  xRange: cmd("entries", (key: RedisKey, start: StreamId, end: StreamId, count?: number) =>
    count === undefined ? ["XRANGE", key, start, end] : ["XRANGE", key, start, end, "COUNT", count],
  ),
  /** XREVRANGE: newest first, so `end` comes before `start` (`+`, `-`). */
  xRevRange: cmd("entries", (key: RedisKey, end: StreamId, start: StreamId, count?: number) =>
    count === undefined ? ["XREVRANGE", key, end, start] : ["XREVRANGE", key, end, start, "COUNT", count],
  ),
  xDel: cmd("int", (key: RedisKey, ...ids: StreamId[]) => ["XDEL", key, ...ids]),
  /** XTRIM: resolves to the number of entries deleted. */
  xTrim: cmd("int", (key: RedisKey, trim: StreamTrim) => trimArgs(trim, ["XTRIM", key])),
  /**
   * XREAD: entries after the given id of each stream (`$`: only new ones, with BLOCK), keyed by
   * stream; null when there were none.
   */
  xRead: cmd(
    "streams",
    (streams: Record<string, StreamId>, opts?: XReadOptions) =>
      streamsArgs(streams, options(opts, ["XREAD"])),
    (_streams, opts?) => opts?.BLOCK,
  ),
  /** XGROUP CREATE: a consumer group that starts after `id` (`$`: only new entries, `0`: all). */
  xGroupCreate: cmd("ok", (key: RedisKey, group: string, id: StreamId, opts?: XGroupCreateOptions) =>
    options(opts, ["XGROUP", "CREATE", key, group, id]),
  ),
  /** XGROUP DESTROY: resolves to 1 if the group existed. */
  xGroupDestroy: cmd("bit", (key: RedisKey, group: string) => ["XGROUP", "DESTROY", key, group]),
  /**
   * XREADGROUP: `>` reads entries never delivered to the group; another id re-reads this
   * consumer's pending ones (entries deleted since come back with `fields: null`).
   */
  xReadGroup: cmd(
    "groupStreams",
    (group: string, consumer: string, streams: Record<string, StreamId>, opts?: XReadGroupOptions) =>
      streamsArgs(streams, options(opts, ["XREADGROUP", "GROUP", group, consumer])),
    (_group, _consumer, _streams, opts?) => opts?.BLOCK,
  ),
  /** XACK: resolves to how many of the ids were pending. */
  xAck: cmd("int", (key: RedisKey, group: string, ...ids: StreamId[]) => ["XACK", key, group, ...ids]),
  /** XPENDING's summary form (the extended form: `sendCommand`). */
  xPending: cmd("pendingSummary", (key: RedisKey, group: string) => ["XPENDING", key, group]),
} as const;

export type CommandTable = typeof COMMANDS;
export type CommandName = keyof CommandTable;

export type Result<S, N extends CommandName> = ReplyTypes<S>[CommandTable[N]["reply"]];

/** One promise-returning method per table row (merged into RedbunClient). */
export type ClientCommands<S> = {
  // `keyof CommandTable` spelled out (not CommandName): the mapped type then keeps each row's JSDoc.
  [N in keyof CommandTable]: (...args: Parameters<CommandTable[N]["build"]>) => Promise<Result<S, N>>;
};
