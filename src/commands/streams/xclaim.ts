/**
 * XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms] [TIME ms-unix-time]
 *   [RETRYCOUNT count] [FORCE] [JUSTID] [LASTID id]
 * XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID]
 *
 * Both give pending entries idle at least min-idle-time to `consumer` (created when missing),
 * reset their idle time and count one more delivery (not with JUSTID), and answer the entries
 * (or their IDs). An entry deleted from the stream since it was delivered leaves the PEL
 * instead; XAUTOCLAIM lists those IDs in its third reply element (Redis 7.0) and answers a
 * cursor to continue from. Redis's checks and their order are kept (XCLAIM looks the key up
 * before parsing; XAUTOCLAIM parses first).
 */
import { cmpId, type RedisStream, type StreamGroup, StreamNack, type U64 } from "../../db/types/stream.ts";
import { ERR, ReplyError } from "../../errors.ts";
import { int64Arg } from "../args.ts";
import type { Context, Handler } from "../types.ts";
import { assignNack, consumerFor, writeOne } from "./groups.ts";
import { getStream, incrId, newId, parseId } from "./stream-value.ts";
import { parseBound } from "./xrange.ts";

/** The stream at argument 1 and the group named by argument 2, or NOGROUP. */
function groupAt(ctx: Context, args: Parameters<Handler>[1]): { s: RedisStream; g: StreamGroup } {
  const key = args.key(1);
  const s = getStream(ctx.db, key);
  const g = s?.groups?.get(args.key(2));
  if (s === undefined || g === undefined) throw new ReplyError(ERR.noKeyOrGroup(key, args.key(2)));
  return { s, g };
}

/** An integer argument with a command-specific error (getLongLongFromObjectOrReply's msg). */
function int64With(args: Parameters<Handler>[1], i: number, message: string): number {
  try {
    return Number(int64Arg(args.bytes(i)));
  } catch {
    throw new ReplyError(message);
  }
}

export const xclaim: Handler = (ctx, args) => {
  const { s, g } = groupAt(ctx, args);
  const minIdle = Math.max(0, int64With(args, 4, ERR.xclaimMinIdle("XCLAIM")));
  const argc = args.length;
  const ids: U64[] = [];
  const id = newId();
  let j = 5;
  for (; j < argc; j++) {
    try {
      parseId(args, j, id, 0, true);
    } catch {
      break;
    }
    ids.push(id.ms, id.seq);
  }
  const now = ctx.now;
  let deliveryTime = -1;
  let retryCount = -1;
  let force = false;
  let justId = false;
  const lastId = { ms: 0 as U64, seq: 0 as U64 };
  for (; j < argc; j++) {
    const more = argc - 1 - j;
    if (args.is(j, "force")) {
      force = true;
    } else if (args.is(j, "justid")) {
      justId = true;
    } else if (args.is(j, "idle") && more > 0) {
      deliveryTime = now - int64With(args, ++j, ERR.xclaimOptionValue("IDLE"));
    } else if (args.is(j, "time") && more > 0) {
      deliveryTime = int64With(args, ++j, ERR.xclaimOptionValue("TIME"));
    } else if (args.is(j, "retrycount") && more > 0) {
      retryCount = int64With(args, ++j, ERR.xclaimOptionValue("RETRYCOUNT"));
    } else if (args.is(j, "lastid") && more > 0) {
      const p = parseId(args, ++j, newId(), 0, true);
      lastId.ms = p.ms;
      lastId.seq = p.seq;
    } else {
      throw new ReplyError(ERR.xclaimUnknownOption(args.key(j)));
    }
  }
  if (cmpId(lastId.ms, lastId.seq, g.lastMs, g.lastSeq) > 0) {
    g.lastMs = lastId.ms;
    g.lastSeq = lastId.seq;
  }
  // A bogus time (negative, in the future) is taken as now rather than refused, as Redis does.
  if (deliveryTime < 0 || deliveryTime > now) deliveryTime = now;

  const key = args.key(1);
  const name = args.key(3);
  const claimed: StreamNack[] = [];
  for (let k = 0; k < ids.length; k += 2) {
    const ms = ids[k]!;
    const seq = ids[k + 1]!;
    let nack = g.pel.find(ms, seq);
    if (!s.has(ms, seq)) {
      if (nack !== undefined) {
        g.ack(ms, seq);
        ctx.server.dirty++;
      }
      continue;
    }
    if (nack === undefined) {
      if (!force) continue;
      nack = new StreamNack(ms, seq, now, 1, null);
      g.pel.insert(nack);
    } else if (nack.consumer !== null && minIdle !== 0 && now - nack.deliveryTime < minIdle) {
      continue;
    }
    assignNack(nack, consumerFor(ctx, key, g, name));
    nack.deliveryTime = deliveryTime;
    if (retryCount >= 0) nack.deliveryCount = retryCount;
    else if (!justId) nack.deliveryCount++;
    claimed.push(nack);
    ctx.server.dirty++;
  }
  const out = ctx.out;
  out.array(claimed.length);
  for (const nack of claimed) {
    if (justId) out.bulkKey(`${nack.ms}-${nack.seq}`);
    else if (!writeOne(out, s, nack.ms, nack.seq)) out.nil();
  }
};

/** LONG_MAX / 16: XAUTOCLAIM's largest COUNT. */
const COUNT_MAX = 576460752303423487n;
/**
 * Redis allocates COUNT stream IDs up front and answers "Insufficient memory" when it cannot:
 * on a 64-bit Linux host that happens past 2^42 IDs (64 TiB), whatever the PEL holds.
 */
const COUNT_ALLOCATABLE = 2 ** 42;

export const xautoclaim: Handler = (ctx, args) => {
  const minIdle = Math.max(0, int64With(args, 4, ERR.xclaimMinIdle("XAUTOCLAIM")));
  const start = newId();
  if (parseBound(args, 5, start, 0) && !incrId(start)) throw new ReplyError(ERR.streamStartInvalid);
  let count = 100;
  let justId = false;
  for (let j = 6; j < args.length; j++) {
    const more = args.length - 1 - j;
    if (args.is(j, "count") && more > 0) {
      let v: number | bigint;
      try {
        v = int64Arg(args.bytes(j + 1));
      } catch {
        throw new ReplyError(ERR.xautoclaimCount);
      }
      if (v < 1 || v > COUNT_MAX) throw new ReplyError(ERR.xautoclaimCount);
      count = Number(v);
      j++;
    } else if (args.is(j, "justid")) {
      justId = true;
    } else {
      throw new ReplyError(ERR.syntax);
    }
  }
  const { s, g } = groupAt(ctx, args);
  if (count > COUNT_ALLOCATABLE) throw new ReplyError(ERR.xautoclaimCountTooHigh);

  const key = args.key(1);
  const name = args.key(3);
  const now = ctx.now;
  const items = g.pel.items;
  const claimed: StreamNack[] = [];
  const deleted: StreamNack[] = [];
  let attempts = count * 10;
  let i = g.pel.lowerBound(start.ms, start.seq);
  while (attempts-- > 0 && count > 0 && i < items.length) {
    const nack = items[i]!;
    if (!s.has(nack.ms, nack.seq)) {
      // Gone from the stream: it leaves the PEL (items[i] is then the next one).
      g.ack(nack.ms, nack.seq);
      deleted.push(nack);
      ctx.server.dirty++;
      count--;
      continue;
    }
    i++;
    if (minIdle !== 0 && now - nack.deliveryTime < minIdle) continue;
    assignNack(nack, consumerFor(ctx, key, g, name));
    nack.deliveryTime = now;
    if (!justId) nack.deliveryCount++;
    claimed.push(nack);
    ctx.server.dirty++;
    count--;
  }
  const next = items[i];
  const out = ctx.out;
  out.array(3);
  out.bulkKey(next === undefined ? "0-0" : `${next.ms}-${next.seq}`);
  out.array(claimed.length);
  for (const nack of claimed) {
    if (justId) out.bulkKey(`${nack.ms}-${nack.seq}`);
    else writeOne(out, s, nack.ms, nack.seq);
  }
  out.array(deleted.length);
  for (const nack of deleted) out.bulkKey(`${nack.ms}-${nack.seq}`);
};
