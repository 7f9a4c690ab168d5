/**
 * The one door every command goes through: look the name up, check arity, authentication and
 * subscribe mode (in Redis's order, so the same bad input gets the same error), run it, and
 * turn a thrown ReplyError into an error reply. Also keeps INFO's command statistics.
 *
 * While CLIENT PAUSE is in force, a command it covers is held before MULTI queuing
 * (src/commands/connection/client-pause.ts). After a command ran, MONITOR clients get its line
 * (only while one is connected); the connection reads `lastDispatched` for the slow log.
 *
 * Inside MULTI a command that passes the checks is queued instead of run (+QUEUED), and one
 * that fails them flags the transaction (src/commands/transactions/multi.ts); EXEC runs the
 * queue through `execute`.
 */

import { ERR, ReplyError, unknownCommand } from "../errors.ts";
import type { Args } from "../protocol/args.ts";
import { isSubscribed } from "../pubsub/hub.ts";
import { BUSY, busyError } from "../scripting/busy.ts";
import { mayReplicate, PAUSED, pauseOf } from "./connection/client-pause.ts";
import { commandKeys } from "./key-specs.ts";
import { findCommand } from "./registry.ts";
import { monitorCommand } from "./server/monitor.ts";
import { queueCommand, RUN_WHILE_QUEUING, rejectCommand } from "./transactions/multi.ts";
import type { CommandSpec, CommandStat, Context } from "./types.ts";

/** Commands a RESP2 client may still send while subscribed. */
const SUBSCRIBE_MODE_ALLOWED = new Set([
  "ping",
  "subscribe",
  "unsubscribe",
  "psubscribe",
  "punsubscribe",
  "ssubscribe",
  "sunsubscribe",
  "quit",
  "reset",
]);

function commandName(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}

/**
 * The last name looked up and what it resolved to. Pipelines repeat one command, so comparing a
 * few bytes usually replaces building the name string and a Map lookup.
 */
let cachedName: Uint8Array = new Uint8Array(0);
let cachedSpec: CommandSpec | undefined;

function lookup(args: Args): CommandSpec | undefined {
  const src = args.src[0]!;
  const start = args.starts[0]!;
  const n = args.ends[0]! - start;
  if (n === cachedName.length) {
    let same = true;
    for (let i = 0; i < n; i++) {
      if (src[start + i] !== cachedName[i]) {
        same = false;
        break;
      }
    }
    if (same) return cachedSpec;
  }
  const spec = findCommand(args.key(0));
  if (spec !== undefined) {
    cachedName = args.copy(0);
    cachedSpec = spec;
  }
  return spec;
}

/** Resolve args to a command or subcommand spec; throws the exact Redis error when there is none. */
function resolve(args: Args): CommandSpec {
  const spec = lookup(args);
  if (spec === undefined) {
    const name = args.key(0);
    const rest: string[] = [];
    // Only the first 128 bytes of at most 128 arguments can appear in the message.
    for (let i = 1; i < args.length && i < 129; i++) rest.push(commandName(args.bytes(i).subarray(0, 128)));
    throw new ReplyError(unknownCommand(name, rest));
  }
  if (spec.subcommands === undefined || args.length < 2) return spec;
  const sub = spec.subcommands.get(args.lower(1));
  if (sub === undefined) {
    throw new ReplyError(ERR.unknownSubcommand(commandName(args.bytes(1).subarray(0, 128)), args.key(0)));
  }
  return sub;
}

/** The spec of the last command `dispatch` ran (not one it rejected or queued), for the slow log. */
export let lastDispatched: CommandSpec | null = null;

function touchesKeyspace(spec: CommandSpec): boolean {
  return spec.flags.includes("readonly") || mayReplicate(spec);
}

function statFor(ctx: Context, name: string): CommandStat {
  const commands = ctx.server.stats.commands;
  let st = commands.get(name);
  if (st === undefined) {
    st = { calls: 0, usec: 0, rejectedCalls: 0, failedCalls: 0 };
    commands.set(name, st);
  }
  return st;
}

function countError(ctx: Context, message: string): void {
  const stats = ctx.server.stats;
  stats.errorReplies++;
  const space = message.indexOf(" ");
  const code = space < 0 ? message : message.slice(0, space);
  stats.errorCodes.set(code, (stats.errorCodes.get(code) ?? 0) + 1);
}

/**
 * The keys a read-only command read, for tracking. GET-like commands (one key at argument 1)
 * skip building an argv array. Pub/sub commands' keys are shard channels, never tracked.
 */
function rememberKeys(ctx: Context, spec: CommandSpec, args: Args): void {
  const t = ctx.client.tracking!;
  if (t.bcast || spec.flags.includes("pubsub")) return;
  const ks = spec.keySpecs;
  let keys: string[];
  if (ks.length === 1 && spec.getKeys === undefined && spec.keys[0] === 1 && spec.keys[1] === 1) {
    keys = [args.key(1)];
  } else {
    if (ks.length === 0 && spec.getKeys === undefined) return;
    const argv = args.toArray();
    keys = commandKeys(spec, argv).map((k) => args.key(k.pos));
  }
  if (keys.length > 0) ctx.server.tracking.remember(ctx.client, keys);
}

/** How many keys a command names, from its key specs (tracing only: this builds an array). */
function keyCount(spec: CommandSpec, args: Args): number {
  return spec.keySpecs.length === 0 ? 0 : commandKeys(spec, args.toArray()).length;
}

/**
 * Run one command for the client in ctx, writing its reply (or none, under CLIENT REPLY
 * OFF/SKIP). `ctx.now` must be set by the caller: the connection reads the clock once per read,
 * not per command, because a clock read costs as much as a whole GET.
 *
 * Returns the statistics row of the command that ran (null when it was rejected) so the caller
 * can add the batch's elapsed time to it; timing every command separately would double the cost
 * of the cheap ones. With tracing on, each command is timed on its own.
 */
export function dispatch(ctx: Context, args: Args): CommandStat | null {
  const st = dispatchOne(ctx, args);
  // One check per command while nobody tracks: CLIENT CACHING's one-command scope, pending
  // invalidations for this client and the tracking table's limit (src/pubsub/tracking.ts).
  if (ctx.client.tracking !== null || ctx.server.tracking.hasWork) afterTrackedCommand(ctx, args);
  return st;
}

/**
 * Redis's resetClient keeps CLIENT CACHING's flag through MULTI and through any CLIENT
 * subcommand (CLIENT ID between CACHING and the read is fine); any other command, even an
 * unknown one, ends it. Then what tracking deferred for this client goes out.
 */
function afterTrackedCommand(ctx: Context, args: Args): void {
  const t = ctx.client.tracking;
  if (t?.caching && ctx.client.multi === null) {
    const client = args.length >= 2 && args.is(0, "client") ? findCommand("client") : undefined;
    if (client?.subcommands?.has(args.lower(1)) !== true) t.caching = false;
  }
  ctx.server.tracking.afterCommand(ctx.client);
}

function dispatchOne(ctx: Context, args: Args): CommandStat | null {
  const client = ctx.client;
  const server = ctx.server;
  const out = ctx.out;
  const mark = out.len;
  const skip = client.skipNext;
  client.skipNext = false;
  server.stats.totalCommands++;

  let spec: CommandSpec | undefined;
  let drip = false;
  try {
    spec = resolve(args);
    const arity = spec.arity;
    if ((arity > 0 && arity !== args.length) || args.length < -arity) {
      throw new ReplyError(ERR.wrongArity(spec.name));
    }
    if (!client.authenticated && !spec.flags.includes("no_auth")) throw new ReplyError(ERR.noAuth);
    if (client.resp === 2 && isSubscribed(client) && !SUBSCRIBE_MODE_ALLOWED.has(spec.name)) {
      throw new ReplyError(ERR.subscribeContext(spec.name));
    }
    // A script running past busy-reply-threshold: only allow_busy commands (SCRIPT KILL, ...).
    if (BUSY.servers !== 0 && !spec.flags.includes("allow_busy")) {
      const busy = busyError(server);
      if (busy !== null) throw new ReplyError(busy);
    }
    if (server.pubsub.monitoring && server.pubsub.isMonitor(client)) {
      // Redis flags a MONITOR client as a replica: no keyspace access, and never paused.
      if (touchesKeyspace(spec)) throw new ReplyError(ERR.replicaKeyspace);
    }
    // Injected faults (the in-process test API): a rule may answer, hold or close instead.
    const hooks = server.testHooks;
    if (hooks !== null && hooks.fault !== null) {
      const outcome = hooks.fault(ctx, spec, args);
      if (outcome === "held") return null;
      drip = outcome === "drip";
    }
    if (PAUSED.servers !== 0 && !(server.pubsub.monitoring && server.pubsub.isMonitor(client))) {
      const pause = pauseOf(server);
      if (pause.covers(client, spec, args.length > 1 ? args.bytes(1) : undefined)) {
        // It runs again when released: counted (and CLIENT REPLY SKIP applied) then.
        client.skipNext = skip;
        server.stats.totalCommands--;
        pause.hold(ctx, args);
        return null;
      }
    }
    const multi = client.multi;
    if (multi !== null && !RUN_WHILE_QUEUING.has(spec.name)) {
      if (spec.flags.includes("no_multi")) throw new ReplyError(ERR.notAllowedInMulti);
      queueCommand(multi, spec, args);
      out.simple("QUEUED");
      if (skip || client.replyMode === "off") out.len = mark;
      return null;
    }
  } catch (e) {
    if (!(e instanceof ReplyError)) throw e;
    const message = rejectCommand(ctx, spec, e.message);
    out.error(message);
    countError(ctx, message);
    const rejected = findCommand(args.key(0));
    if (rejected) statFor(ctx, rejected.name).rejectedCalls++;
    if (skip || client.replyMode === "off") out.len = mark;
    return null;
  }

  client.lastCommand = spec.name;
  lastDispatched = spec;
  if (drip) {
    const st = execute(ctx, spec, args, skip);
    server.testHooks!.drip(ctx, mark);
    return st;
  }
  return execute(ctx, spec, args, skip);
}

/**
 * Run a command that passed the dispatcher's checks (also EXEC's queued commands): statistics,
 * error reply, tracing, and CLIENT REPLY OFF/SKIP (`skip`: this reply is dropped).
 */
export function execute(ctx: Context, spec: CommandSpec, args: Args, skip: boolean): CommandStat {
  const client = ctx.client;
  const server = ctx.server;
  const out = ctx.out;
  const mark = out.len;
  const dbs = server.dbs;
  ctx.db = dbs.db(client.db);
  // The access time this command's lookups stamp (OBJECT IDLETIME); -1: they leave it alone.
  dbs.touch =
    spec.noTouch === true || (client.noTouch && spec.name !== "touch") ? -1 : Math.floor(ctx.now / 1000);
  // What its read lookups count (keyspace hits/misses, keymiss). Left in place afterwards (a
  // restore costs GET ~5%): EXEC and scripts look nothing up after the commands they run, and
  // Blocking.serveReady, the one reader outside commands, sets LOOKUP_WRITE itself.
  dbs.lookupMode = spec.lookupMode;
  const st = statFor(ctx, spec.name);
  const tracer = server.tracer;
  const start = tracer === null ? 0 : performance.now();
  let error: string | undefined;
  try {
    spec.run!(ctx, args);
  } catch (e) {
    if (!(e instanceof ReplyError)) throw e;
    error = e.message;
    out.error(error);
    // A script's error that a command it called already counted is counted once (Redis too).
    if (!e.counted) countError(ctx, error);
    st.failedCalls++;
  }
  st.calls++;
  // Redis's trackingRememberKeys, after the command (failed or not) and for each command of
  // EXEC or a script, on behalf of the calling client.
  if (client.tracking !== null && spec.flags.includes("readonly")) rememberKeys(ctx, spec, args);
  // EXEC writes its own replies by the mode each was written under (CLIENT REPLY OFF inside
  // the transaction keeps the array header already "sent"), so only its errors are dropped here.
  if (skip || (client.replyMode === "off" && (error !== undefined || spec.name !== "exec"))) out.len = mark;
  if (server.pubsub.monitoring) monitorCommand(ctx, spec, args);
  const hooks = server.testHooks;
  if (hooks !== null && hooks.record !== null) hooks.record(ctx, spec, args, mark);
  if (tracer !== null) {
    const elapsed = performance.now() - start;
    tracer.record(spec.name.toUpperCase(), keyCount(spec, args), client.db, ctx.now, elapsed, error);
  }
  return st;
}
