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

interface Spec<A extends unknown[], K extends ReplyKind> {
  reply: K;
  build: (...args: A) => CommandArg[];
}

function cmd<A extends unknown[], K extends ReplyKind>(
  reply: K,
  build: (...args: A) => CommandArg[],
): Spec<A, K> {
  return { reply, build };
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
} as const;

export type CommandTable = typeof COMMANDS;
export type CommandName = keyof CommandTable;

export type Result<S, N extends CommandName> = ReplyTypes<S>[CommandTable[N]["reply"]];

/** One promise-returning method per table row (merged into RedbunClient). */
export type ClientCommands<S> = {
  [N in CommandName]: (...args: Parameters<CommandTable[N]["build"]>) => Promise<Result<S, N>>;
};
