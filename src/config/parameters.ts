/**
 * The one table of configuration parameters redbun honours: name, type, default, whether
 * `CONFIG SET` may change it, bounds, and a one-line doc. Everything else in src/config (file
 * and argv parsing, CONFIG GET/SET) is driven by this table; adding a parameter is one row.
 *
 * Defaults and bounds are Redis 7's, except where a comment says why redbun differs.
 */

import {
  displayKeyspaceEvents,
  INT64_MAX,
  normalizeBufferLimit,
  normalizeKeyspaceEvents,
  normalizeList,
  normalizeSave,
  UINT64_MAX,
} from "./values.ts";

export type ParameterType = "int" | "memory" | "bool" | "string" | "enum" | "list";

export interface Parameter {
  readonly name: string;
  /** Old names that still work, e.g. `lua-time-limit`. CONFIG GET lists them too. */
  readonly aliases?: readonly string[];
  readonly type: ParameterType;
  /** In config-file syntax (`512mb`, `yes`); the Config stores its canonical form. */
  readonly default: string;
  /** Whether CONFIG SET may change it at run time. */
  readonly mutable: boolean;
  /** Redis refuses CONFIG SET of these with "can't set protected config" (not "immutable"). */
  readonly protected?: boolean;
  /** Takes several words (`bind a b`, `save 900 1 300 10`) instead of exactly one argument. */
  readonly multiArg?: boolean;
  /** Repeated lines in a config file add up (`save`) instead of the last one winning. */
  readonly accumulates?: boolean;
  readonly values?: readonly string[];
  /**
   * Values accepted beyond Redis 7.0's own list and left out of the error text, so that error
   * replies stay byte-for-byte those of redis-server 7.0 (e.g. loglevel `nothing`, from 7.2).
   */
  readonly extraValues?: readonly string[];
  readonly min?: bigint;
  readonly max?: bigint;
  /** Integers written in octal (`unixsocketperm 700`), as redis.conf does for file modes. */
  readonly radix?: 8;
  readonly doc: string;
  /**
   * Special formats: turns the value (already checked against `type`) into canonical text,
   * given the current text; throws `ValueError` with Redis's reason.
   */
  readonly normalize?: (value: string, current: string) => string;
  /** How CONFIG GET prints the stored canonical text, where Redis prints less than it keeps. */
  readonly display?: (stored: string) => string;
}

const INT_MAX = 2147483647n;
const MB = 1024n * 1024n;

export const PARAMETERS: readonly Parameter[] = [
  {
    name: "bind",
    type: "list",
    // Loopback only, like Redis's protected-mode defaults: exposing an unauthenticated store on
    // every interface must be a decision, not an accident.
    default: "127.0.0.1",
    mutable: false,
    multiArg: true,
    normalize: normalizeList,
    doc: "Addresses to listen on, space separated.",
  },
  {
    name: "port",
    type: "int",
    default: "6379",
    mutable: false,
    min: 0n,
    max: 65535n,
    doc: "TCP port to listen on; 0 disables TCP.",
  },
  {
    name: "unixsocket",
    type: "string",
    default: "",
    mutable: false,
    doc: "Path of a Unix socket to listen on as well (empty: none).",
  },
  {
    name: "unixsocketperm",
    type: "int",
    default: "0",
    mutable: false,
    min: 0n,
    max: 0o777n,
    radix: 8,
    doc: "Permissions of the Unix socket, octal as in redis.conf (0: leave the default).",
  },
  {
    name: "maxclients",
    type: "int",
    default: "10000",
    mutable: true,
    min: 1n,
    max: 4294967295n,
    doc: "Maximum number of connected clients.",
  },
  {
    name: "requirepass",
    type: "string",
    default: "",
    mutable: true,
    doc: "Password of the default user (empty: no AUTH needed).",
  },
  {
    name: "loglevel",
    type: "enum",
    default: "notice",
    mutable: true,
    // Redis 7.0's levels only: `nothing` came with 7.2, and CONFIG SET must answer as 7.0 does.
    values: ["debug", "verbose", "notice", "warning"],
    doc: "Log verbosity.",
  },
  {
    name: "logfile",
    type: "string",
    default: "",
    mutable: false,
    doc: "Log file path (empty: standard output).",
  },
  {
    name: "databases",
    type: "int",
    default: "16",
    mutable: false,
    min: 1n,
    max: INT_MAX,
    doc: "Number of databases (SELECT 0 to databases-1).",
  },
  {
    name: "timeout",
    type: "int",
    default: "0",
    mutable: true,
    min: 0n,
    max: INT_MAX,
    doc: "Close a client after this many idle seconds (0: never).",
  },
  {
    name: "tcp-keepalive",
    type: "int",
    default: "300",
    mutable: true,
    min: 0n,
    max: INT_MAX,
    doc: "TCP keepalive interval in seconds (0: off).",
  },
  {
    name: "proto-max-bulk-len",
    type: "memory",
    default: "512mb",
    mutable: true,
    min: MB,
    max: INT64_MAX,
    doc: "Largest bulk string a client may send.",
  },
  {
    name: "client-query-buffer-limit",
    type: "memory",
    default: "1gb",
    mutable: true,
    min: MB,
    max: INT64_MAX,
    doc: "Largest unparsed input buffered for one client.",
  },
  {
    name: "client-output-buffer-limit",
    type: "string",
    default: "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60",
    mutable: true,
    multiArg: true,
    normalize: normalizeBufferLimit,
    doc: "Per class (normal, replica, pubsub): hard limit, soft limit, soft seconds.",
  },
  {
    name: "hz",
    type: "int",
    default: "10",
    mutable: true,
    min: 0n,
    max: INT_MAX,
    // Redis accepts any int but runs (and reports) a value clamped to 1..500.
    normalize: (v) => String(Math.min(500, Math.max(1, Number(v)))),
    doc: "Background task frequency per second (expiry sampling, timeouts).",
  },
  {
    name: "otel-endpoint",
    type: "string",
    default: "",
    mutable: false,
    doc: "redbun only: OTLP/HTTP base endpoint for command traces (empty: no tracing).",
  },
  {
    name: "dir",
    type: "string",
    default: "",
    mutable: false,
    protected: true,
    doc: "Working directory (empty: the process's current directory).",
  },
  {
    name: "save",
    type: "string",
    // redbun has no persistence yet; clients still query it, so it must answer.
    default: "",
    mutable: true,
    multiArg: true,
    accumulates: true,
    normalize: normalizeSave,
    doc: "Snapshot points as <seconds> <changes> pairs (redbun does not persist yet).",
  },
  {
    name: "appendonly",
    type: "bool",
    default: "no",
    mutable: false,
    doc: "Append-only file persistence (not implemented: must stay no).",
  },
  {
    name: "maxmemory",
    type: "memory",
    default: "0",
    mutable: true,
    min: 0n,
    max: UINT64_MAX,
    doc: "Memory limit in bytes (0: none).",
  },
  {
    name: "maxmemory-policy",
    type: "enum",
    default: "noeviction",
    mutable: true,
    values: [
      "volatile-lru",
      "volatile-lfu",
      "volatile-random",
      "volatile-ttl",
      "allkeys-lru",
      "allkeys-lfu",
      "allkeys-random",
      "noeviction",
    ],
    doc: "What to evict when maxmemory is reached.",
  },
  {
    name: "busy-reply-threshold",
    aliases: ["lua-time-limit"],
    type: "int",
    default: "5000",
    mutable: true,
    min: 0n,
    max: INT64_MAX,
    doc: "Milliseconds a script may run before other clients get BUSY replies.",
  },
  {
    name: "slowlog-log-slower-than",
    type: "int",
    default: "10000",
    mutable: true,
    min: -1n,
    max: INT64_MAX,
    doc: "Log commands that take at least this many microseconds in SLOWLOG (-1: off, 0: all).",
  },
  {
    name: "slowlog-max-len",
    type: "int",
    default: "128",
    mutable: true,
    min: 0n,
    max: INT64_MAX,
    doc: "How many SLOWLOG entries to keep (the oldest go first).",
  },
  {
    name: "tracking-table-max-keys",
    type: "int",
    default: "1000000",
    mutable: true,
    min: 0n,
    max: INT64_MAX,
    doc: "Most keys CLIENT TRACKING remembers; over it, keys are dropped with an invalidation (0: no limit).",
  },
  {
    name: "notify-keyspace-events",
    type: "string",
    default: "",
    mutable: true,
    normalize: normalizeKeyspaceEvents,
    display: displayKeyspaceEvents,
    doc: "Keyspace notification classes (letters of Ag$lshzxeKEtmdn; empty: off).",
  },
  {
    // redbun's own: test servers run as a process get fault injection only when started with it.
    name: "enable-faults",
    type: "bool",
    default: "no",
    mutable: false,
    doc: "Allow REDBUN FAULT (fault injection for tests); never on a server that matters.",
  },
];

const byName = new Map<string, Parameter>();
for (const p of PARAMETERS) {
  byName.set(p.name, p);
  for (const a of p.aliases ?? []) byName.set(a, p);
}

/** The parameter called `name` (or one of its aliases), case-insensitively. */
export function findParameter(name: string): Parameter | undefined {
  return byName.get(name.toLowerCase());
}
