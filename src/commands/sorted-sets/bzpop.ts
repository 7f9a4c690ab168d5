/**
 * BZPOPMIN | BZPOPMAX key [key ...] timeout, and
 * BZMPOP timeout numkeys key [key ...] MIN | MAX [COUNT count].
 *
 * Pop at once from the first key holding a sorted set (a wrong type there is an error), or
 * block until a listed key gets one (see ../blocking.ts). Replies: BZPOPMIN/MAX a flat
 * [key, member, score]; BZMPOP [key, [[member, score], ...]], as ZMPOP. A client released by
 * its timeout gets the null array (written by the blocking module).
 */
import { RedisZSet } from "../../db/types/zset.ts";
import { block, readTimeout } from "../blocking.ts";
import type { Context, Handler } from "../types.ts";
import { type PopSide, parseMpop, popFirst, writeKeyAndPairs } from "./zpop.ts";

type Reply = (ctx: Context, key: string, entries: readonly [string, number][]) => void;

/** Pop from `key` for a client being served; false when it holds no sorted set (keep waiting). */
function serve(ctx: Context, key: string, side: PopSide, count: number, reply: Reply): boolean {
  if (!(ctx.db.get(key) instanceof RedisZSet)) return false;
  const popped = popFirst(ctx, [key], side, count)!;
  reply(ctx, key, popped.entries);
  return true;
}

function blockingPop(
  ctx: Context,
  keys: string[],
  deadline: number,
  side: PopSide,
  count: number,
  reply: Reply,
): void {
  const popped = popFirst(ctx, keys, side, count);
  if (popped !== null) return reply(ctx, popped.key, popped.entries);
  if (ctx.denyBlocking) return ctx.out.nullArray();
  block(ctx, { keys, deadline, tryServe: (c, key) => serve(c, key, side, count, reply) });
}

const flat: Reply = (ctx, key, entries) => {
  const [m, s] = entries[0]!;
  ctx.out.array(3);
  ctx.out.bulkKey(key);
  ctx.out.bulkKey(m);
  ctx.out.double(s);
};

function bzpop(side: PopSide): Handler {
  return (ctx, args) => {
    const last = args.length - 1;
    const deadline = readTimeout(ctx, args, last);
    const keys: string[] = [];
    for (let i = 1; i < last; i++) keys.push(args.key(i));
    blockingPop(ctx, keys, deadline, side, 1, flat);
  };
}

export const bzpopmin = bzpop("min");
export const bzpopmax = bzpop("max");

export const bzmpop: Handler = (ctx, args) => {
  const o = parseMpop(args, 2);
  const deadline = readTimeout(ctx, args, 1);
  blockingPop(ctx, o.keys, deadline, o.side, o.count, writeKeyAndPairs);
};
