/**
 * BLPOP | BRPOP key [key ...] timeout: the first element of the first non-empty list, as
 * `[key, element]`, or block until one of the keys gets one (see ../blocking.ts).
 */

import type { RedisList } from "../../db/types/list.ts";
import type { Args } from "../../protocol/args.ts";
import { block, readTimeout } from "../blocking.ts";
import type { Context, Handler } from "../types.ts";
import { getList, nonEmptyList, pop, removedFrom } from "./list-value.ts";

function reply(ctx: Context, key: string, list: RedisList, head: boolean): void {
  ctx.out.array(2);
  ctx.out.bulkKey(key);
  ctx.out.bulk(pop(list, head));
  removedFrom(ctx, key, list, head ? "lpop" : "rpop");
}

function bpop(ctx: Context, args: Args, head: boolean): void {
  const last = args.length - 1;
  const deadline = readTimeout(ctx, args, last);
  const keys: string[] = [];
  for (let i = 1; i < last; i++) {
    const key = args.key(i);
    const list = getList(ctx.db, key);
    if (list !== undefined && list.length > 0) return reply(ctx, key, list, head);
    keys.push(key);
  }
  if (ctx.denyBlocking) return ctx.out.nullArray();
  block(ctx, {
    keys,
    deadline,
    tryServe: (c, key) => {
      const list = nonEmptyList(c.db, key);
      if (list === undefined) return false;
      reply(c, key, list, head);
      return true;
    },
  });
}

export const blpop: Handler = (ctx, args) => bpop(ctx, args, true);
export const brpop: Handler = (ctx, args) => bpop(ctx, args, false);
