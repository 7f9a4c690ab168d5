/**
 * LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]: index of the first match
 * (nil when none), or with COUNT an array of up to num-matches indexes (0: all). A negative
 * RANK scans from the tail. Options are checked in the order given, each error as Redis words it.
 */
import { ERR, ReplyError } from "../../errors.ts";
import type { Handler } from "../types.ts";
import { getList } from "./list-value.ts";
import { positiveCount } from "./pop.ts";

export const lpos: Handler = (ctx, args) => {
  let rank = 1;
  let count = -1; // -1: no COUNT option, a single reply
  let maxlen = 0;
  for (let i = 3; i < args.length; i++) {
    const more = i + 1 < args.length;
    if (more && args.is(i, "rank")) {
      const r = args.int64(++i);
      if (r === null) throw new ReplyError(ERR.notInteger);
      if (r === 0) throw new ReplyError(ERR.lposRankZero);
      // Redis negates LLONG_MIN into itself, which then accepts the first match from the tail.
      rank = r === -9223372036854775808n ? -1 : Number(r);
    } else if (more && args.is(i, "count")) {
      count = positiveCount(args, ++i, ERR.lposCountNegative);
    } else if (more && args.is(i, "maxlen")) {
      maxlen = positiveCount(args, ++i, ERR.lposMaxlenNegative);
    } else {
      throw new ReplyError(ERR.syntax);
    }
  }
  const list = getList(ctx.db, args.key(1));
  const found = list === undefined ? [] : list.positions(args.bytes(2), rank, count < 0 ? 1 : count, maxlen);
  if (count < 0) {
    if (found.length === 0) ctx.out.nil();
    else ctx.out.integer(found[0]!);
    return;
  }
  ctx.out.array(found.length);
  for (const index of found) ctx.out.integer(index);
};
