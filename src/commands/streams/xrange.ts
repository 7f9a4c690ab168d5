/**
 * XRANGE key start end [COUNT count] / XREVRANGE key end start [COUNT count] — entries with
 * start <= ID <= end, `-` and `+` for the extremes, `(` for an exclusive bound, a bare `ms`
 * for the whole millisecond. XLEN key — the number of entries.
 */

import { type U64, U64_MAX } from "../../db/types/stream.ts";
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import { intArg } from "../args.ts";
import type { Handler } from "../types.ts";
import { batch, decrId, getStream, incrId, newId, type ParsedId, parseId } from "./stream-value.ts";

const start = newId();
const end = newId();

/** Redis's streamParseIntervalIDOrReply: `(id` is exclusive (then `-`/`+` are not allowed). */
export function parseBound(args: Args, i: number, into: ParsedId, missingSeq: U64): boolean {
  const exclusive = args.len(i) > 1 && args.src[i]![args.starts[i]!] === 40;
  if (exclusive) parseId(args, i, into, missingSeq, true, false, 1);
  else parseId(args, i, into, missingSeq, false);
  return exclusive;
}

function range(ctx: Parameters<Handler>[0], args: Args, rev: boolean): void {
  const startArg = rev ? 3 : 2;
  const endArg = rev ? 2 : 3;
  if (parseBound(args, startArg, start, 0) && !incrId(start)) throw new ReplyError(ERR.streamStartInvalid);
  if (parseBound(args, endArg, end, U64_MAX) && !decrId(end)) throw new ReplyError(ERR.streamEndInvalid);
  let count = -1;
  for (let j = 4; j < args.length; j++) {
    if (args.is(j, "count") && j + 1 < args.length) {
      count = Math.max(0, intArg(args.bytes(j + 1)));
      j++;
    } else {
      throw new ReplyError(ERR.syntax);
    }
  }
  const s = getStream(ctx.db, args.key(1));
  if (s === undefined) return ctx.out.array(0);
  if (count === 0) return ctx.out.nullArray();
  s.range(start.ms, start.seq, end.ms, end.seq, Math.max(count, 0), rev, batch.add);
  batch.write(ctx.out);
}

export const xrange: Handler = (ctx, args) => range(ctx, args, false);
export const xrevrange: Handler = (ctx, args) => range(ctx, args, true);

export const xlen: Handler = (ctx, args) => {
  const s = getStream(ctx.db, args.key(1));
  ctx.out.integer(s === undefined ? 0 : s.length);
};
