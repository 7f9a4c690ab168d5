/**
 * SINTER key [key ...], SINTERSTORE destination key [key ...] and
 * SINTERCARD numkeys key [key ...] [LIMIT limit].
 */
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import type { Handler } from "../types.ts";
import { intersection, intersectionSize, replyResult, setsAt, storeResult } from "./algebra.ts";

export const sinter: Handler = (ctx, args) => {
  replyResult(ctx, intersection(setsAt(ctx.db, args, 1)));
};

export const sinterstore: Handler = (ctx, args) => {
  const result = intersection(setsAt(ctx.db, args, 2));
  storeResult(ctx, args.key(1), result, "sinterstore");
};

interface CardOptions {
  numkeys: number;
  /** 0: count the whole intersection. */
  limit: number;
}

function parseCardOptions(args: Args): CardOptions {
  const n = args.int64(1);
  if (n === null || n < 1) throw new ReplyError(ERR.numkeysNotPositive);
  if (n > args.length - 2) throw new ReplyError(ERR.numkeysTooMany);
  const o: CardOptions = { numkeys: Number(n), limit: 0 };
  for (let j = 2 + o.numkeys; j < args.length; j++) {
    if (args.is(j, "limit") && j + 1 < args.length) {
      const limit = args.int64(++j);
      if (limit === null || limit < 0) throw new ReplyError(ERR.limitNegative);
      o.limit = Number(limit);
    } else {
      throw new ReplyError(ERR.syntax);
    }
  }
  return o;
}

export const sintercard: Handler = (ctx, args) => {
  const o = parseCardOptions(args);
  ctx.out.integer(intersectionSize(setsAt(ctx.db, args, 2, 2 + o.numkeys), o.limit));
};
