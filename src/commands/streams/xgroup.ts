/**
 * XGROUP CREATE key group id|$ [MKSTREAM] [ENTRIESREAD n]
 * XGROUP SETID key group id|$ [ENTRIESREAD n]
 * XGROUP DESTROY key group | CREATECONSUMER key group consumer | DELCONSUMER key group consumer
 * XGROUP HELP
 *
 * Redis 7.0's xgroupCommand, with its order of checks: the subcommand's options, then the key
 * (WRONGTYPE; missing unless MKSTREAM), then the group (SETID, CREATECONSUMER, DELCONSUMER),
 * then the ID. DESTROY wakes XREADGROUP clients blocked on the group (they get NOGROUP).
 */
import { ENTRIES_READ_UNKNOWN, type I64, RedisStream, StreamGroup, toU64 } from "../../db/types/stream.ts";
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import { changed, int64Arg } from "../args.ts";
import { helpReply } from "../server/help.ts";
import type { Context, Handler } from "../types.ts";
import { consumerFor, groupEvent } from "./groups.ts";
import { getStream, newId, parseId } from "./stream-value.ts";

/** ENTRIESREAD's value: >= 0 or -1. */
function entriesReadArg(args: Args, i: number): I64 {
  const v = int64Arg(args.bytes(i));
  if (v < 0 && v !== -1 && v !== -1n) throw new ReplyError(ERR.entriesReadInvalid);
  return typeof v === "bigint" ? (v === -1n ? ENTRIES_READ_UNKNOWN : toU64(v)) : v;
}

const isDollar = (args: Args, i: number): boolean =>
  args.len(i) === 1 && args.src[i]![args.starts[i]!] === 36;

/** The stream at argument 2 (WRONGTYPE), or the XGROUP "requires the key" error. */
function streamOf(ctx: Context, args: Args): RedisStream {
  const s = getStream(ctx.db, args.key(2));
  if (s === undefined) throw new ReplyError(ERR.xgroupNoKey);
  return s;
}

/** The stream at argument 2 and its group named by argument 3 (NOGROUP when missing). */
function groupOf(ctx: Context, args: Args): { s: RedisStream; g: StreamGroup } {
  const s = streamOf(ctx, args);
  const g = s.groups?.get(args.key(3));
  if (g === undefined) throw new ReplyError(ERR.noGroup(args.key(3), args.key(2)));
  return { s, g };
}

const syntax = (args: Args) => new ReplyError(ERR.subcommandSyntax(args.key(1), "XGROUP"));

export const xgroupCreate: Handler = (ctx, args) => {
  const argc = args.length;
  let mkstream = false;
  let entriesRead: I64 = ENTRIES_READ_UNKNOWN;
  for (let i = 5; i < argc; ) {
    if (args.is(i, "mkstream")) {
      mkstream = true;
      i++;
    } else if (args.is(i, "entriesread") && i + 1 < argc) {
      entriesRead = entriesReadArg(args, i + 1);
      i += 2;
    } else {
      throw syntax(args);
    }
  }
  const key = args.key(2);
  let s = getStream(ctx.db, key);
  if (s === undefined && !mkstream) throw new ReplyError(ERR.xgroupNoKey);
  if (argc > 8) throw syntax(args);
  let ms: number | bigint = 0;
  let seq: number | bigint = 0;
  if (isDollar(args, 4)) {
    if (s !== undefined) {
      ms = s.lastMs;
      seq = s.lastSeq;
    }
  } else {
    const id = parseId(args, 4, newId(), 0, true);
    ms = id.ms;
    seq = id.seq;
  }
  const name = args.key(3);
  if (s === undefined) {
    s = new RedisStream();
    ctx.db.set(key, s);
    s.groups = new Map([[name, new StreamGroup(ms, seq, entriesRead)]]);
    ctx.out.ok();
    // A new key: WATCH, tracking and blocked clients see it, as Redis's dbAdd + signalModifiedKey.
    changed(ctx, key, "xgroup-create");
    return;
  }
  s.groups ??= new Map();
  if (s.groups.has(name)) throw new ReplyError(ERR.busyGroup);
  s.groups.set(name, new StreamGroup(ms, seq, entriesRead));
  ctx.out.ok();
  groupEvent(ctx, key, "xgroup-create");
};

export const xgroupSetid: Handler = (ctx, args) => {
  const argc = args.length;
  let entriesRead: I64 = ENTRIES_READ_UNKNOWN;
  if (argc === 7) {
    if (!args.is(5, "entriesread")) throw syntax(args);
    entriesRead = entriesReadArg(args, 6);
  } else if (argc !== 5) {
    throw syntax(args);
  }
  const { s, g } = groupOf(ctx, args);
  if (isDollar(args, 4)) {
    g.lastMs = s.lastMs;
    g.lastSeq = s.lastSeq;
  } else {
    const id = parseId(args, 4, newId(), 0, false);
    g.lastMs = id.ms;
    g.lastSeq = id.seq;
  }
  g.entriesRead = entriesRead;
  ctx.out.ok();
  groupEvent(ctx, args.key(2), "xgroup-setid");
};

export const xgroupDestroy: Handler = (ctx, args) => {
  const s = streamOf(ctx, args);
  const key = args.key(2);
  if (s.groups?.delete(args.key(3)) !== true) return ctx.out.integer(0);
  ctx.out.integer(1);
  groupEvent(ctx, key, "xgroup-destroy");
  // Redis's signalKeyAsReady: XREADGROUP clients blocked on the group get NOGROUP.
  if (ctx.server.blocking.count !== 0) ctx.server.blocking.signal(ctx.client.db, key);
};

export const xgroupCreateConsumer: Handler = (ctx, args) => {
  const { g } = groupOf(ctx, args);
  const name = args.key(4);
  if (g.consumers.has(name)) return ctx.out.integer(0);
  consumerFor(ctx, args.key(2), g, name);
  ctx.out.integer(1);
};

export const xgroupDelConsumer: Handler = (ctx, args) => {
  const { g } = groupOf(ctx, args);
  const consumer = g.consumers.get(args.key(4));
  if (consumer === undefined) return ctx.out.integer(0);
  ctx.out.integer(g.deleteConsumer(consumer));
  groupEvent(ctx, args.key(2), "xgroup-delconsumer");
};

export const xgroupHelp: Handler = (ctx) =>
  helpReply(ctx, "XGROUP", [
    "CREATE <key> <groupname> <id|$> [option]",
    "    Create a new consumer group. Options are:",
    "    * MKSTREAM",
    "      Create the empty stream if it does not exist.",
    "    * ENTRIESREAD entries_read",
    "      Set the group's entries_read counter (internal use).",
    "CREATECONSUMER <key> <groupname> <consumer>",
    "    Create a new consumer in the specified group.",
    "DELCONSUMER <key> <groupname> <consumer>",
    "    Remove the specified consumer.",
    "DESTROY <key> <groupname>",
    "    Remove the specified group.",
    "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
    "    Set the current group ID and entries_read counter.",
  ]);
