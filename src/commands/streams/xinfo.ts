/**
 * XINFO STREAM key [FULL [COUNT count]] | GROUPS key | CONSUMERS key group | HELP.
 *
 * Redis 7.0.15's replies: GROUPS gives name, consumers, pending, last-delivered-id,
 * entries-read and lag per group; CONSUMERS name, pending and idle (7.0 has no `inactive`);
 * FULL's groups add pel-count and the PELs (delivery times as Unix ms), and its consumers
 * seen-time (7.0 has no `active-time`). Groups and consumers come in byte order of their names,
 * as Redis's radix trees give them.
 */
import type { RedisStream, StreamGroup } from "../../db/types/stream.ts";
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
    intField(ctx, "groups", s.groups === null ? 0 : s.groups.size);
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
  const groups = s.sortedGroups();
  ctx.out.array(groups.length);
  for (const [name, g] of groups) fullGroup(ctx, s, name, g, count);
};

/** entries-read (null when unknown) and lag (null when it cannot be known). */
function counters(ctx: Context, s: RedisStream, g: StreamGroup): void {
  const out = ctx.out;
  out.bulkKey("entries-read");
  if (g.entriesRead === -1) out.nil();
  else out.integer(g.entriesRead);
  out.bulkKey("lag");
  const lag = s.lag(g);
  if (lag === null) out.nil();
  else out.integer(lag);
}

/** One group of XINFO STREAM FULL; its PELs cut at `count` entries (0: all). */
function fullGroup(ctx: Context, s: RedisStream, name: string, g: StreamGroup, count: number): void {
  const out = ctx.out;
  out.map(7);
  out.bulkKey("name");
  out.bulkKey(name);
  idField(ctx, "last-delivered-id", g.lastMs, g.lastSeq);
  counters(ctx, s, g);
  intField(ctx, "pel-count", g.pel.size);
  out.bulkKey("pending");
  const pel = g.pel.items;
  const n = count === 0 ? pel.length : Math.min(count, pel.length);
  out.array(n);
  for (let i = 0; i < n; i++) {
    const nack = pel[i]!;
    out.array(4);
    out.bulkKey(`${nack.ms}-${nack.seq}`);
    out.bulkKey(nack.consumer!.name);
    out.integer(nack.deliveryTime);
    out.integer(nack.deliveryCount);
  }
  const consumers = g.sortedConsumers();
  out.bulkKey("consumers");
  out.array(consumers.length);
  for (const c of consumers) {
    out.map(4);
    out.bulkKey("name");
    out.bulkKey(c.name);
    intField(ctx, "seen-time", c.seenTime);
    intField(ctx, "pel-count", c.pel.size);
    out.bulkKey("pending");
    const items = c.pel.items;
    const m = count === 0 ? items.length : Math.min(count, items.length);
    out.array(m);
    for (let i = 0; i < m; i++) {
      const nack = items[i]!;
      out.array(3);
      out.bulkKey(`${nack.ms}-${nack.seq}`);
      out.integer(nack.deliveryTime);
      out.integer(nack.deliveryCount);
    }
  }
}

export const xinfoGroups: Handler = (ctx, args) => {
  const s = streamOrError(ctx, args.key(2));
  const groups = s.sortedGroups();
  const out = ctx.out;
  out.array(groups.length);
  for (const [name, g] of groups) {
    out.map(6);
    out.bulkKey("name");
    out.bulkKey(name);
    intField(ctx, "consumers", g.consumers.size);
    intField(ctx, "pending", g.pel.size);
    idField(ctx, "last-delivered-id", g.lastMs, g.lastSeq);
    counters(ctx, s, g);
  }
};

export const xinfoConsumers: Handler = (ctx, args) => {
  const s = streamOrError(ctx, args.key(2));
  const g = s.groups?.get(args.key(3));
  if (g === undefined) throw new ReplyError(ERR.noGroup(args.key(3), args.key(2)));
  const consumers = g.sortedConsumers();
  const out = ctx.out;
  out.array(consumers.length);
  for (const c of consumers) {
    out.map(3);
    out.bulkKey("name");
    out.bulkKey(c.name);
    intField(ctx, "pending", c.pel.size);
    intField(ctx, "idle", Math.max(0, ctx.now - c.seenTime));
  }
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
