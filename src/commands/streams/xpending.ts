/**
 * XPENDING key group — the summary: how many entries are pending, the smallest and largest
 * pending ID, and per consumer with pending entries its count (a bulk string, as Redis).
 * XPENDING key group [IDLE min-idle] start end count [consumer] — the pending entries with
 * start <= ID <= end (`(` exclusive, `-`/`+`), at most count, each as [id, consumer, idle ms,
 * deliveries]; IDLE keeps those idle at least that long.
 *
 * The range arguments are checked before the key, as Redis does.
 */

import type { Pel } from "../../db/types/stream.ts";
import { cmpId, U64_MAX } from "../../db/types/stream.ts";
import { ERR, ReplyError } from "../../errors.ts";
import { int64Arg } from "../args.ts";
import type { Handler } from "../types.ts";
import { decrId, getStream, incrId, newId } from "./stream-value.ts";
import { parseBound } from "./xrange.ts";

export const xpending: Handler = (ctx, args) => {
  const argc = args.length;
  if (argc !== 3 && (argc < 6 || argc > 9)) throw new ReplyError(ERR.syntax);
  const start = newId();
  const end = newId();
  let count: number | bigint = 0;
  let minIdle: number | bigint = 0;
  let consumerName: string | null = null;
  if (argc >= 6) {
    let at = 3;
    if (args.is(3, "idle")) {
      minIdle = int64Arg(args.bytes(4));
      if (argc < 8) throw new ReplyError(ERR.syntax);
      at += 2;
    }
    count = int64Arg(args.bytes(at + 2));
    if (count < 0) count = 0;
    if (parseBound(args, at, start, 0) && !incrId(start)) throw new ReplyError(ERR.streamStartInvalid);
    if (parseBound(args, at + 1, end, U64_MAX) && !decrId(end)) throw new ReplyError(ERR.streamEndInvalid);
    if (at + 3 < argc) consumerName = args.key(at + 3);
  }
  const key = args.key(1);
  const group = args.key(2);
  const g = getStream(ctx.db, key)?.groups?.get(group);
  if (g === undefined) throw new ReplyError(ERR.noKeyOrGroup(key, group));
  const out = ctx.out;

  if (argc === 3) {
    const items = g.pel.items;
    out.array(4);
    out.integer(items.length);
    if (items.length === 0) {
      out.nil();
      out.nil();
      out.nullArray();
      return;
    }
    const first = items[0]!;
    const last = items[items.length - 1]!;
    out.bulkKey(`${first.ms}-${first.seq}`);
    out.bulkKey(`${last.ms}-${last.seq}`);
    const busy = g.sortedConsumers().filter((c) => c.pel.size > 0);
    out.array(busy.length);
    for (const c of busy) {
      out.array(2);
      out.bulkKey(c.name);
      out.bulkKey(String(c.pel.size));
    }
    return;
  }

  let pel: Pel = g.pel;
  if (consumerName !== null) {
    const consumer = g.consumers.get(consumerName);
    if (consumer === undefined) return out.array(0);
    pel = consumer.pel;
  }
  const now = ctx.now;
  const items = pel.items;
  const picked: number[] = [];
  for (let i = pel.lowerBound(start.ms, start.seq); count > 0 && i < items.length; i++) {
    const nack = items[i]!;
    if (cmpId(nack.ms, nack.seq, end.ms, end.seq) > 0) break;
    if (minIdle !== 0 && now - nack.deliveryTime < minIdle) continue;
    picked.push(i);
    count = typeof count === "bigint" ? count - 1n : count - 1;
  }
  out.array(picked.length);
  for (const i of picked) {
    const nack = items[i]!;
    out.array(4);
    out.bulkKey(`${nack.ms}-${nack.seq}`);
    out.bulkKey(nack.consumer!.name);
    out.integer(Math.max(0, now - nack.deliveryTime));
    out.integer(nack.deliveryCount);
  }
};
