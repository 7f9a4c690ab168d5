/**
 * XACK key group id [id ...] — acknowledge pending entries: they leave the group's PEL and their
 * consumer's. Replies how many were pending. A missing key or group acknowledges nothing (0,
 * before the IDs are even parsed); every ID is checked before any is acknowledged. Like Redis,
 * it publishes no event and does not touch WATCH.
 */

import type { U64 } from "../../db/types/stream.ts";
import type { Handler } from "../types.ts";
import { getStream, newId, parseId } from "./stream-value.ts";

export const xack: Handler = (ctx, args) => {
  const g = getStream(ctx.db, args.key(1))?.groups?.get(args.key(2));
  if (g === undefined) return ctx.out.integer(0);
  const ids: U64[] = [];
  const id = newId();
  for (let j = 3; j < args.length; j++) {
    parseId(args, j, id, 0, true);
    ids.push(id.ms, id.seq);
  }
  let acked = 0;
  for (let j = 0; j < ids.length; j += 2) if (g.ack(ids[j]!, ids[j + 1]!)) acked++;
  ctx.server.dirty += acked;
  ctx.out.integer(acked);
};
