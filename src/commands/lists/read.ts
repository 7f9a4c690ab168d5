/**
 * The read-only list commands: LLEN key, LINDEX key index, LRANGE key start stop.
 * Indexes follow Redis: negative counts from the tail, out of range is clamped (LRANGE) or nil.
 */
import { intArg } from "../args.ts";
import type { Handler } from "../types.ts";
import { listArg } from "./list-value.ts";

export const llen: Handler = (ctx, args) => {
  ctx.out.integer(listArg(ctx, args, 1)?.length ?? 0);
};

/** Redis looks the key up before it reads the index: a missing key is nil even for index "x". */
export const lindex: Handler = (ctx, args) => {
  const list = listArg(ctx, args, 1);
  if (list === undefined) return ctx.out.nil();
  let index = intArg(args.bytes(2));
  if (index < 0) index += list.length;
  if (index < 0 || index >= list.length) return ctx.out.nil();
  list.locate(index);
  ctx.out.bulkRange(list.loc, list.locStart, list.locEnd);
};

export const lrange: Handler = (ctx, args) => {
  const start = intArg(args.bytes(2));
  const stop = intArg(args.bytes(3));
  const list = listArg(ctx, args, 1);
  if (list === undefined) return ctx.out.array(0);
  const [first, count] = list.clampRange(start, stop);
  const out = ctx.out;
  out.array(count);
  // Straight from the slabs into the reply: no view per element.
  for (let k = first; k < first + count; k++) {
    list.locate(k);
    out.bulkRange(list.loc, list.locStart, list.locEnd);
  }
};
