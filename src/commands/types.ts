/**
 * The shapes every command module shares: what a command sees when it runs (`Context`), the
 * per-connection and per-server state it may read or change, and the registry row type.
 *
 * Nothing here touches sockets: the server fills these in, and tests can build them by hand.
 */
import type { Config } from "../config/config.ts";
import type { Databases } from "../db/databases.ts";
import type { Keyspace } from "../db/keyspace.ts";
import type { Args } from "../protocol/args.ts";
import type { ReplyWriter } from "../protocol/reply-writer.ts";
import type { PubSub, Subscriber } from "../pubsub/hub.ts";
import type { Tracking, TrackingState } from "../pubsub/tracking.ts";
import type { Faults } from "../server/faults.ts";
import type { Blocking } from "./blocking.ts";
import type { MultiState } from "./transactions/multi.ts";
import type { WatchedKeys } from "./transactions/watched-keys.ts";

export type ReplyMode = "on" | "off" | "skip";

/** One client connection, as commands see it. */
export interface ClientState extends Subscriber {
  readonly id: number;
  name: string;
  libName: string;
  libVer: string;
  db: number;
  resp: 2 | 3;
  authenticated: boolean;
  user: string;
  replyMode: ReplyMode;
  /** Set by CLIENT REPLY SKIP: the next command's reply is dropped, then the mode returns to "on". */
  skipNext: boolean;
  noEvict: boolean;
  noTouch: boolean;
  readonly addr: string;
  readonly laddr: string;
  readonly createdAt: number;
  lastInteraction: number;
  lastCommand: string;
  /** Bytes held for an incomplete command and queued output, for CLIENT LIST. */
  queryBufferBytes(): number;
  outputBufferBytes(): number;
  /** QUIT: send what is written so far, then close. */
  closeAfterReply: boolean;
  /** CLIENT KILL and limits: close this connection (after the current batch is written). */
  kill(): void;
  /**
   * True while the client waits in a blocking command (BLPOP, ...): its further commands are
   * held. Set and cleared by the server's Blocking (src/commands/blocking.ts).
   */
  blocked: boolean;
  /** Blocking released the client (its reply is written): send it and run its held commands. */
  resume(): void;
  /** The open transaction between MULTI and EXEC/DISCARD, else null (src/commands/transactions). */
  multi: MultiState | null;
  /** CLIENT TRACKING mode, null while it is off (src/pubsub/tracking.ts). */
  tracking: TrackingState | null;
}

export interface CommandStat {
  calls: number;
  usec: number;
  rejectedCalls: number;
  failedCalls: number;
}

export interface ServerStats {
  totalConnections: number;
  totalCommands: number;
  rejectedConnections: number;
  netInputBytes: number;
  netOutputBytes: number;
  errorReplies: number;
  commands: Map<string, CommandStat>;
  errorCodes: Map<string, number>;
}

export interface ShutdownOptions {
  save?: boolean;
  nosave?: boolean;
  now?: boolean;
  force?: boolean;
}

/** What the whole server shares. */
export interface ServerState {
  readonly version: string;
  readonly runId: string;
  readonly startedAt: number;
  readonly pid: number;
  readonly port: number;
  readonly dbs: Databases;
  readonly config: Config;
  readonly pubsub: PubSub;
  readonly clients: Map<number, ClientState>;
  /** Clients blocked in BLPOP & co., and the keys they wait on (src/commands/blocking.ts). */
  readonly blocking: Blocking;
  /** Keys watched by WATCH and the clients they dirty (src/commands/transactions/watched-keys.ts). */
  readonly watches: WatchedKeys;
  /** Client-side caching: tracked keys, BCAST prefixes, invalidations (src/pubsub/tracking.ts). */
  readonly tracking: Tracking;
  readonly stats: ServerStats;
  /** SHUTDOWN: stop accepting, flush replies, close clients, resolve `closed`. */
  shutdown(options: ShutdownOptions): void;
  /** Log a warning through the server's logger. */
  warn(message: string): void;
  /**
   * Every command that changes a key calls this once per key it changed (Redis's
   * signalModifiedKey + notifyKeyspaceEvent): `event` is the keyspace-notification event name
   * ("set", "del", "expire", "lpush", ...). WATCH, keyspace notifications and blocked clients
   * hang off this one hook.
   */
  keyChanged(db: number, key: string, event: string): void;
  /**
   * A keyspace notification alone (Redis's notifyKeyspaceEvent without signalModifiedKey), for
   * changes that are not to a key's value: stream consumer groups. Counts the write, but WATCH,
   * blocked clients and client-side caching do not see it.
   */
  notifyKeyspaceEvent(db: number, key: string, event: string): void;
  /** Key changes since start (INFO's rdb_changes_since_last_save: there is no save yet). */
  dirty: number;
  /**
   * True when something listens for key changes (WATCH, notifications, blocked clients): only
   * then does the hot path build key strings for keyChanged; otherwise it just counts `dirty`.
   */
  readonly keyListeners: boolean;
  /** Set when tracing is configured: one span per command. */
  readonly tracer: CommandTracer | null;
  /** The in-process test API's journal and faults (src/server/test-hooks.ts); null until a test asks. */
  readonly testHooks: TestHooks | null;
  /** Create the test hooks (REDBUN FAULT on a server started with enable-faults). */
  enableTestHooks(): TestHooks;
}

/**
 * How the test API's command journal and fault injection reach the dispatcher. Both stay null
 * on a server no test looks into: the dispatcher pays one null check per command.
 */
export interface TestHooks {
  /**
   * Before a command runs (after the dispatcher's checks): "run" it; "held" when the hook
   * answered for it (held it, closed the client); "drip" to run it and write its reply one byte
   * at a time. Throws a ReplyError to answer an injected error instead.
   */
  fault: ((ctx: Context, spec: CommandSpec, args: Args) => "run" | "held" | "drip") | null;
  /** Write the reply that starts at `mark` in ctx.out one byte at a time ("drip"). */
  drip(ctx: Context, mark: number): void;
  /** After a command ran (also each one inside EXEC); its reply starts at `mark` in ctx.out. */
  record: ((ctx: Context, spec: CommandSpec, args: Args, mark: number) => void) | null;
  /** The fault rules (REDBUN FAULT), created on first use. */
  readonly faults: Faults;
}

/** What the dispatcher reports per command when tracing is on (implemented in src/telemetry). */
export interface CommandTracer {
  record(op: string, keyCount: number, db: number, startMs: number, durationMs: number, error?: string): void;
  shutdown(): Promise<void>;
}

/**
 * What a command sees. The connection keeps one of these and refreshes `db` and `now` before
 * each command, so running a command allocates no context object.
 */
export interface Context {
  readonly client: ClientState;
  readonly server: ServerState;
  /** The reply writer of the calling client. */
  readonly out: ReplyWriter;
  /** The database the client has selected. */
  db: Keyspace;
  /** Time of the command (ms), read once per command as Redis's commandTimeSnapshot. */
  now: number;
  /**
   * Blocking commands must answer at once instead of blocking (Redis's CLIENT_DENY_BLOCKING):
   * set while MULTI/EXEC or a script runs commands.
   */
  denyBlocking: boolean;
  /** Set on the context a Lua script's commands run with (MONITOR shows them as `lua`). */
  readonly fromScript?: boolean;
}

/**
 * A command's body: read its arguments (`args.key(1)`, `args.copy(2)`, ...; argument 0 is the
 * name), act, write one reply (or throw ReplyError). Args is reused: do not keep it.
 */
export type Handler = (ctx: Context, args: Args) => void;

/**
 * Command flags, as COMMAND INFO reports them. `noauth` commands run before AUTH; `pubsub`
 * commands are allowed in RESP2 subscribe mode together with ping/quit/reset.
 */
export type CommandFlag =
  | "write"
  | "readonly"
  | "denyoom"
  | "admin"
  | "pubsub"
  | "noscript"
  | "blocking"
  | "loading"
  | "stale"
  | "skip_monitor"
  | "skip_slowlog"
  | "fast"
  | "no_auth"
  | "may_replicate"
  | "no_mandatory_keys"
  | "no_multi"
  | "movablekeys"
  | "allow_busy";

/** Where a key spec starts looking (Redis's begin_search). */
export type BeginSearch =
  /** At argument `index` (the name is 0). */
  | { readonly type: "index"; readonly index: number }
  /** After `keyword`, searched from `startfrom` (negative: backwards from the end). */
  | { readonly type: "keyword"; readonly keyword: string; readonly startfrom: number }
  /** Not expressible: only the command's getkeys procedure knows (SORT's BY/GET and STORE). */
  | { readonly type: "unknown" };

/** How many keys follow the start (Redis's find_keys). */
export type FindKeys =
  /**
   * Keys up to `lastkey` (relative to the start; negative counts from the end of argv), every
   * `keystep`-th word; with `limit` > 1 and lastkey -1, only the first 1/limit of what is left.
   */
  | { readonly type: "range"; readonly lastkey: number; readonly keystep: number; readonly limit: number }
  /** A count at `keynumidx` (relative to the start), then that many keys from `firstkey` on. */
  | {
      readonly type: "keynum";
      readonly keynumidx: number;
      readonly firstkey: number;
      readonly keystep: number;
    }
  | { readonly type: "unknown" };

/** One key spec, as COMMAND INFO shows it (Redis 7's keySpec). */
export interface KeySpec {
  /** RO/RW/OW/RM, then access/update/insert/delete/not_key/incomplete/variable_flags, in Redis's order. */
  readonly flags: readonly string[];
  readonly notes?: string;
  readonly begin: BeginSearch;
  readonly find: FindKeys;
}

/** A key found in a command's argv (`pos`, the name is 0) and the flags it is accessed with. */
export interface KeyRef {
  readonly pos: number;
  readonly flags: readonly string[];
}

/**
 * Redis's getkeys_proc: the keys of one call, found by parsing it (SORT's STORE, the numkeys
 * commands when their key spec cannot answer, SET's flags). An empty result means "no keys".
 */
export type GetKeysProc = (argv: readonly Uint8Array[]) => KeyRef[];

export interface CommandSpec {
  /** Lower-case name; for a subcommand, `parent|sub`. */
  readonly name: string;
  /** Redis's arity: N means exactly N words (with the name), -N at least N. */
  readonly arity: number;
  readonly flags: readonly CommandFlag[];
  /**
   * The legacy (first key, last key, step) triple, computed from `keySpecs` as Redis's
   * populateCommandLegacyRangeSpec does (negative last counts from the end); 0,0,0 for none.
   */
  readonly keys: readonly [number, number, number];
  /** Redis 7 key specs, in COMMAND INFO order; empty for a command without keys. */
  readonly keySpecs: readonly KeySpec[];
  /** The command's getkeys procedure, where Redis has one (see GetKeysProc). */
  readonly getKeys?: GetKeysProc;
  readonly group: string;
  readonly since: string;
  readonly summary: string;
  readonly complexity: string;
  /** COMMAND DOCS `doc_flags`: "deprecated", "syscmd". */
  readonly docFlags: readonly string[];
  /** COMMAND DOCS `deprecated_since` and `replaced_by`, where Redis has them. */
  readonly deprecatedSince?: string;
  readonly replacedBy?: string;
  /** COMMAND DOCS `history`: [version, what changed]. */
  readonly history: readonly (readonly [string, string])[];
  /** Whether COMMAND DOCS lists an `arguments` entry (its contents are not modelled yet). */
  readonly docArguments: boolean;
  readonly aclCategories: readonly string[];
  /** COMMAND INFO tips (`nondeterministic_output`, `request_policy:all_shards`, ...). */
  readonly tips: readonly string[];
  readonly run?: Handler;
  /** Container commands (CLIENT, CONFIG, ...) dispatch to these by argv[1]. */
  readonly subcommands?: ReadonlyMap<string, CommandSpec>;
  /** Its key lookups leave access times alone (Redis's LOOKUP_NOTOUCH): set by the registry. */
  noTouch?: boolean;
  /**
   * What its read lookups count (Keyspace's LOOKUP_* bits, the dispatcher sets them per
   * command): LOOKUP_READ for `readonly` commands, LOOKUP_WRITE for the others, with the
   * registry's overrides where Redis reads with lookupKeyRead from a write command.
   */
  lookupMode: number;
}
