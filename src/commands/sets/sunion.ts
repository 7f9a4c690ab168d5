/**
 * SUNION key [key ...], SUNIONSTORE destination key [key ...], SDIFF key [key ...] and
 * SDIFFSTORE destination key [key ...].
 */
import type { Handler } from "../types.ts";
import { difference, replyResult, setsAt, storeResult, union } from "./algebra.ts";

export const sunion: Handler = (ctx, args) => {
  replyResult(ctx, union(setsAt(ctx.db, args, 1)));
};

export const sunionstore: Handler = (ctx, args) => {
  storeResult(ctx, args.key(1), union(setsAt(ctx.db, args, 2)), "sunionstore");
};

export const sdiff: Handler = (ctx, args) => {
  replyResult(ctx, difference(setsAt(ctx.db, args, 1)));
};

export const sdiffstore: Handler = (ctx, args) => {
  storeResult(ctx, args.key(1), difference(setsAt(ctx.db, args, 2)), "sdiffstore");
};
