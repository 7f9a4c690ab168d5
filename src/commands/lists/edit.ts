/**
 * The list commands that change elements in place: LSET key index element, LINSERT key
 * BEFORE|AFTER pivot element, LREM key count element, LTRIM key start stop.
 */
import { ERR, ReplyError } from "../../errors.ts";
import { changed, intArg } from "../args.ts";
import type { Handler } from "../types.ts";
import { getList, removedFrom } from "./list-value.ts";

/** Redis looks the key up before it reads the index ("no such key" wins over a bad index). */
export const lset: Handler = (ctx, args) => {
  const key = args.key(1);
  const list = getList(ctx.db, key);
  if (list === undefined) throw new ReplyError(ERR.noSuchKey);
  if (!list.set(intArg(args.bytes(2)), args.bytes(3))) throw new ReplyError(ERR.indexOutOfRange);
  ctx.out.ok();
  changed(ctx, key, "lset");
};

/** Replies the new length, -1 when the pivot is not there, 0 when the key is missing. */
export const linsert: Handler = (ctx, args) => {
  let before: boolean;
  if (args.is(2, "before")) before = true;
  else if (args.is(2, "after")) before = false;
  else throw new ReplyError(ERR.syntax);
  const key = args.key(1);
  const list = getList(ctx.db, key);
  if (list === undefined) return ctx.out.integer(0);
  const n = list.insert(args.bytes(3), args.bytes(4), before);
  ctx.out.integer(n);
  if (n > 0) changed(ctx, key, "linsert");
};

/** count > 0: the first count from the head; < 0: the last -count from the tail; 0: all. */
export const lrem: Handler = (ctx, args) => {
  const count = intArg(args.bytes(2));
  const key = args.key(1);
  const list = getList(ctx.db, key);
  if (list === undefined) return ctx.out.integer(0);
  const removed = list.remove(count, args.bytes(3));
  ctx.out.integer(removed);
  if (removed > 0) removedFrom(ctx, key, list, "lrem");
};

export const ltrim: Handler = (ctx, args) => {
  const start = intArg(args.bytes(2));
  const stop = intArg(args.bytes(3));
  const key = args.key(1);
  const list = getList(ctx.db, key);
  if (list !== undefined) {
    list.trim(start, stop);
    removedFrom(ctx, key, list, "ltrim");
  }
  ctx.out.ok();
};
