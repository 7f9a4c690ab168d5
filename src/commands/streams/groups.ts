/**
 * What the consumer-group commands share (Redis's t_stream.c group helpers): finding a group
 * and a consumer, delivering entries to a consumer (the PEL bookkeeping of
 * streamReplyWithRange), re-reading a consumer's history, and the events they publish.
 *
 * Changes to groups are not changes to the stream's entries: Redis publishes their keyspace
 * events (class `t`) without signalModifiedKey, so they neither break a WATCH nor invalidate
 * client-side caches. They go through `notifyKeyspaceEvent`, not `changed()`.
 */
import {
  cmpId,
  type RedisStream,
  StreamConsumer,
  type StreamGroup,
  StreamNack,
  type U64,
  U64_MAX,
} from "../../db/types/stream.ts";
import type { ReplyWriter } from "../../protocol/reply-writer.ts";
import type { Context } from "../types.ts";
import { writeEntry } from "./stream-value.ts";

/** Publish a group event on `key` (and count the write), without touching WATCH or caches. */
export function groupEvent(ctx: Context, key: string, event: string): void {
  ctx.server.notifyKeyspaceEvent(ctx.client.db, key, event);
}

/**
 * streamLookupConsumer + streamCreateConsumer: the consumer `name` of `g`, its seen time
 * refreshed, created (with an `xgroup-createconsumer` event) when missing.
 */
export function consumerFor(ctx: Context, key: string, g: StreamGroup, name: string): StreamConsumer {
  let consumer = g.consumers.get(name);
  if (consumer !== undefined) {
    consumer.seenTime = ctx.now;
    return consumer;
  }
  consumer = new StreamConsumer(name, ctx.now);
  g.consumers.set(name, consumer);
  groupEvent(ctx, key, "xgroup-createconsumer");
  return consumer;
}

/** Give pending entry `nack` to `consumer` (moving it from its previous owner's PEL). */
export function assignNack(nack: StreamNack, consumer: StreamConsumer): void {
  if (nack.consumer === consumer) return;
  nack.consumer?.pel.remove(nack.ms, nack.seq);
  consumer.pel.insert(nack);
  nack.consumer = consumer;
}

/** Entries collected for one delivery (IDs and packed items, parallel arrays). */
const ms: U64[] = [];
const seq: U64[] = [];
const data: Uint8Array[] = [];

/**
 * Deliver to `consumer` the entries from `startMs-startSeq` on (at most `count`, 0: all) and
 * write them as an array (Redis's streamReplyWithRange with a group): the group's last ID and
 * read counter follow the newest entry, and each entry becomes pending for the consumer unless
 * `noack` (one already pending elsewhere, after an XGROUP SETID, moves to this consumer with
 * its count reset to 1).
 */
export function deliverNew(
  ctx: Context,
  s: RedisStream,
  g: StreamGroup,
  consumer: StreamConsumer,
  startMs: U64,
  startSeq: U64,
  count: number,
  noack: boolean,
): void {
  let n = 0;
  s.range(startMs, startSeq, U64_MAX, U64_MAX, count, false, (m, q, d) => {
    ms[n] = m;
    seq[n] = q;
    data[n] = d;
    n++;
  });
  const now = ctx.now;
  const out = ctx.out;
  out.array(n);
  for (let i = 0; i < n; i++) {
    const m = ms[i]!;
    const q = seq[i]!;
    if (cmpId(m, q, g.lastMs, g.lastSeq) > 0) s.advanceGroup(g, m, q);
    writeEntry(out, m, q, data[i]!);
    if (noack) continue;
    const nack = new StreamNack(m, q, now, 1, consumer);
    if (g.pel.insert(nack)) {
      consumer.pel.insert(nack);
      continue;
    }
    const old = g.pel.find(m, q)!;
    assignNack(old, consumer);
    old.deliveryTime = now;
    old.deliveryCount = 1;
  }
  data.fill(EMPTY, 0, n);
}

const EMPTY = new Uint8Array(0);

/**
 * Re-deliver `consumer`'s own pending entries from `startMs-startSeq` on, at most `count` (0:
 * all): Redis's streamReplyWithRangeFromConsumerPEL. An entry deleted from the stream since
 * is answered as `[id, null]` and keeps its delivery count; the others count one more delivery.
 */
export function deliverHistory(
  ctx: Context,
  s: RedisStream,
  consumer: StreamConsumer,
  startMs: U64,
  startSeq: U64,
  count: number,
): void {
  const items = consumer.pel.items;
  const from = consumer.pel.lowerBound(startMs, startSeq);
  const to = count > 0 ? Math.min(items.length, from + count) : items.length;
  const out = ctx.out;
  out.array(to - from);
  for (let i = from; i < to; i++) {
    const nack = items[i]!;
    if (!writeOne(out, s, nack.ms, nack.seq)) {
      out.array(2);
      out.bulkKey(`${nack.ms}-${nack.seq}`);
      out.nullArray();
      continue;
    }
    nack.deliveryTime = ctx.now;
    nack.deliveryCount++;
  }
}

/** Write entry `ms-seq` of `s`; false (nothing written) when it is not there. */
export function writeOne(out: ReplyWriter, s: RedisStream, m: U64, q: U64): boolean {
  return s.range(m, q, m, q, 1, false, (a, b, d) => writeEntry(out, a, b, d)) === 1;
}
