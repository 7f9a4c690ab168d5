/**
 * LMOVE source destination LEFT|RIGHT LEFT|RIGHT, RPOPLPUSH source destination, and their
 * blocking forms BLMOVE ... timeout and BRPOPLPUSH source destination timeout.
 *
 * The destination's type is checked before anything is popped, so a WRONGTYPE destination
 * leaves the source as it was. Source and destination may be the same list (a rotation).
 */
import type { RedisList } from "../../db/types/list.ts";
import type { Args } from "../../protocol/args.ts";
import { changed } from "../args.ts";
import { block, readTimeout } from "../blocking.ts";
import type { Context, Handler } from "../types.ts";
import { getList, listForPush, nonEmptyList, pop, push, readEnd, removedFrom } from "./list-value.ts";

/** Move one element from `list` (at `src`, not empty) to `dst`, replying with it. */
function move(ctx: Context, src: string, list: RedisList, dst: string, from: boolean, to: boolean): void {
  // Throws WRONGTYPE before the pop; creates the destination only once the move is certain.
  const target = listForPush(ctx.db, dst);
  const value = pop(list, from);
  push(target, value, to);
  ctx.out.bulk(value);
  changed(ctx, dst, to ? "lpush" : "rpush");
  removedFrom(ctx, src, list, from ? "lpop" : "rpop");
}

/** The move now, when the source has elements; false when it is missing (WRONGTYPE throws). */
function moveNow(ctx: Context, src: string, dst: string, from: boolean, to: boolean): boolean {
  const list = getList(ctx.db, src);
  if (list === undefined || list.length === 0) return false;
  move(ctx, src, list, dst, from, to);
  return true;
}

function lmoveCommand(ctx: Context, args: Args, from: boolean, to: boolean): void {
  if (!moveNow(ctx, args.key(1), args.key(2), from, to)) ctx.out.nil();
}

export const lmove: Handler = (ctx, args) => lmoveCommand(ctx, args, readEnd(args, 3), readEnd(args, 4));
export const rpoplpush: Handler = (ctx, args) => lmoveCommand(ctx, args, false, true);

function blmoveCommand(ctx: Context, args: Args, from: boolean, to: boolean, timeoutAt: number): void {
  const deadline = readTimeout(ctx, args, timeoutAt);
  const src = args.key(1);
  const dst = args.key(2);
  if (moveNow(ctx, src, dst, from, to)) return;
  // Inside MULTI the "timeout" is immediate, and this one is a null bulk, unlike the timer's.
  if (ctx.denyBlocking) return ctx.out.nil();
  block(ctx, {
    keys: [src],
    deadline,
    tryServe: (c) => {
      const list = nonEmptyList(c.db, src);
      if (list === undefined) return false;
      move(c, src, list, dst, from, to); // a WRONGTYPE destination is this client's reply
      return true;
    },
  });
}

export const blmove: Handler = (ctx, args) => {
  const from = readEnd(args, 3);
  const to = readEnd(args, 4);
  blmoveCommand(ctx, args, from, to, 5);
};
export const brpoplpush: Handler = (ctx, args) => blmoveCommand(ctx, args, false, true, 3);
