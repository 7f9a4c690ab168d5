/**
 * LPOP | RPOP key [count]. Without count: the element or nil. With count: an array of up to
 * count elements; a missing key is the null array (`*-1`, RESP3 `_`), count 0 an empty array.
 */
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import type { Context, Handler } from "../types.ts";
import { listArg, popArray, popReply, removedFromArg } from "./list-value.ts";

/** Redis's getPositiveLongFromObjectOrReply: one message for non-integers and negatives. */
export function positiveCount(args: Args, i: number, message: string): number {
  const v = args.int64(i);
  if (v === null || v < 0) throw new ReplyError(message);
  return Number(v);
}

function popCommand(ctx: Context, args: Args, head: boolean): void {
  if (args.length > 3) throw new ReplyError(ERR.wrongArity(head ? "lpop" : "rpop"));
  const hasCount = args.length === 3;
  const count = hasCount ? positiveCount(args, 2, ERR.mustBePositive) : 1;
  const list = listArg(ctx, args, 1);
  if (list === undefined) return hasCount ? ctx.out.nullArray() : ctx.out.nil();
  if (!hasCount) popReply(ctx, list, head);
  else if (count === 0) return ctx.out.array(0);
  else popArray(ctx, list, head, count);
  removedFromArg(ctx, args, 1, list, head ? "lpop" : "rpop");
}

export const lpop: Handler = (ctx, args) => popCommand(ctx, args, true);
export const rpop: Handler = (ctx, args) => popCommand(ctx, args, false);
