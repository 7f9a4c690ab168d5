/**
 * LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count] and BLMPOP timeout numkeys ...: up to
 * count elements (default 1) from the first non-empty list, as `[key, [elements]]`; nothing
 * is the null array. BLMPOP blocks instead (see ../blocking.ts).
 */
import type { RedisList } from "../../db/types/list.ts";
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import { block, readTimeout } from "../blocking.ts";
import type { Context, Handler } from "../types.ts";
import { getList, nonEmptyList, popInto } from "./list-value.ts";

interface MpopOptions {
  keys: string[];
  head: boolean;
  count: number;
}

/** Redis's getRangeLongFromObjectOrReply(1, LONG_MAX): one message for every bad value. */
function atLeastOne(args: Args, i: number, message: string): number {
  const v = args.int64(i);
  if (v === null || v < 1) throw new ReplyError(message);
  return Number(v);
}

/** The arguments from `numkeysAt` on, checked in Redis's order. */
function readMpop(args: Args, numkeysAt: number): MpopOptions {
  const numkeys = atLeastOne(args, numkeysAt, ERR.numkeysNotPositive);
  const whereAt = numkeysAt + numkeys + 1;
  if (whereAt >= args.length) throw new ReplyError(ERR.syntax);
  const keys: string[] = [];
  for (let i = numkeysAt + 1; i < whereAt; i++) keys.push(args.key(i));
  let head: boolean;
  if (args.is(whereAt, "left")) head = true;
  else if (args.is(whereAt, "right")) head = false;
  else throw new ReplyError(ERR.syntax);
  let count = -1;
  for (let i = whereAt + 1; i < args.length; i++) {
    if (count === -1 && i + 1 < args.length && args.is(i, "count")) {
      count = atLeastOne(args, ++i, ERR.countNotPositive);
    } else {
      throw new ReplyError(ERR.syntax);
    }
  }
  return { keys, head, count: count === -1 ? 1 : count };
}

function reply(ctx: Context, key: string, list: RedisList, opts: MpopOptions): void {
  ctx.out.array(2);
  ctx.out.bulkKey(key);
  popInto(ctx, key, list, opts.head, opts.count);
}

/** Pop from the first non-empty list now; false when every key is missing (WRONGTYPE throws). */
function popNow(ctx: Context, opts: MpopOptions): boolean {
  for (const key of opts.keys) {
    const list = getList(ctx.db, key);
    if (list !== undefined && list.length > 0) {
      reply(ctx, key, list, opts);
      return true;
    }
  }
  return false;
}

export const lmpop: Handler = (ctx, args) => {
  if (!popNow(ctx, readMpop(args, 1))) ctx.out.nullArray();
};

export const blmpop: Handler = (ctx, args) => {
  const opts = readMpop(args, 2);
  const deadline = readTimeout(ctx, args, 1);
  if (popNow(ctx, opts)) return;
  if (ctx.denyBlocking) return ctx.out.nullArray();
  block(ctx, {
    keys: opts.keys,
    deadline,
    tryServe: (c, key) => {
      const list = nonEmptyList(c.db, key);
      if (list === undefined) return false;
      reply(c, key, list, opts);
      return true;
    },
  });
};
