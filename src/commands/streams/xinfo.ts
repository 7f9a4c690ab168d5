/**
 * XINFO STREAM key [FULL [COUNT count]] | GROUPS key | CONSUMERS key group | HELP.
 *
 * redbun has no consumer groups yet, so a stream's group list is always empty: GROUPS answers
 * an empty array and CONSUMERS the NOGROUP error, which is what Redis answers for a stream
 * without groups.
 */
import type { RedisStream } from "../../db/types/stream.ts";
import { ERR, ReplyError } from "../../errors.ts";
import { intArg } from "../args.ts";
import { helpReply } from "../server/help.ts";
import type { Context, Handler } from "../types.ts";
import { batch, getStream, MAX_ID, writeEntry } from "./stream-value.ts";

/** XINFO's common key lookup: "no such key" when missing, WRONGTYPE for another type. */
function streamOrError(ctx: Context, key: string): RedisStream {
  const s = getStream(ctx.db, key);
  if (s === undefined) throw new ReplyError(ERR.noSuchKey);
  return s;
}

function idField(ctx: Context, name: string, ms: number | bigint, seq: number | bigint): void {
  ctx.out.bulkKey(name);
  ctx.out.bulkKey(`${ms}-${seq}`);
}

function intField(ctx: Context, name: string, v: number | bigint): void {
  ctx.out.bulkKey(name);
  ctx.out.integer(v);
}

/** The fields XINFO STREAM and its FULL form share, in Redis's order. */
function header(ctx: Context, s: RedisStream): void {
  intField(ctx, "length", s.length);
  intField(ctx, "radix-tree-keys", s.nodeCount);
  intField(ctx, "radix-tree-nodes", s.radixTreeNodes());
  idField(ctx, "last-generated-id", s.lastMs, s.lastSeq);
  idField(ctx, "max-deleted-entry-id", s.maxDeletedMs, s.maxDeletedSeq);
  intField(ctx, "entries-added", s.entriesAdded);
  idField(ctx, "recorded-first-entry-id", s.firstMs, s.firstSeq);
}

function edge(ctx: Context, s: RedisStream, name: string, last: boolean): void {
  ctx.out.bulkKey(name);
  if (!s.edgeEntry(last, (ms, seq, data) => writeEntry(ctx.out, ms, seq, data))) ctx.out.nil();
}

export const xinfoStream: Handler = (ctx, args) => {
  const argc = args.length;
  const s = streamOrError(ctx, args.key(2));
  const syntax = () => new ReplyError(ERR.subcommandSyntax(args.key(1), "XINFO"));
  if (argc === 3) {
    ctx.out.map(10);
    header(ctx, s);
    intField(ctx, "groups", 0);
    edge(ctx, s, "first-entry", false);
    edge(ctx, s, "last-entry", true);
    return;
  }
  if ((argc !== 4 && argc !== 6) || !args.is(3, "full")) throw syntax();
  let count = 10;
  if (argc === 6) {
    if (!args.is(4, "count")) throw syntax();
    count = intArg(args.bytes(5));
    if (count < 0) count = 10;
  }
  ctx.out.map(9);
  header(ctx, s);
  ctx.out.bulkKey("entries");
  s.range(0, 0, MAX_ID.ms, MAX_ID.seq, count, false, batch.add);
  batch.write(ctx.out);
  ctx.out.bulkKey("groups");
  ctx.out.array(0);
};

export const xinfoGroups: Handler = (ctx, args) => {
  streamOrError(ctx, args.key(2));
  ctx.out.array(0);
};

export const xinfoConsumers: Handler = (ctx, args) => {
  streamOrError(ctx, args.key(2));
  throw new ReplyError(ERR.noGroup(args.key(3), args.key(2)));
};

export const xinfoHelp: Handler = (ctx) =>
  helpReply(ctx, "XINFO", [
    "CONSUMERS <key> <groupname>",
    "    Show consumers of <groupname>.",
    "GROUPS <key>",
    "    Show the stream consumer groups.",
    "STREAM <key> [FULL [COUNT <count>]",
    "    Show information about the stream.",
  ]);
