/**
 * LPUSH | RPUSH key element [element ...]; LPUSHX | RPUSHX (only onto an existing list).
 * Replies the list's length after the pushes.
 */
import { RedisList } from "../../db/types/list.ts";
import type { Args } from "../../protocol/args.ts";
import { changedArg } from "../args.ts";
import type { Context, Handler } from "../types.ts";
import { listArg } from "./list-value.ts";

function pushAll(ctx: Context, args: Args, head: boolean, onlyExisting: boolean): void {
  let list = listArg(ctx, args, 1);
  if (list === undefined) {
    if (onlyExisting) return ctx.out.integer(0);
    list = new RedisList();
    ctx.db.set(args.key(1), list);
  }
  const n = args.length;
  const { src, starts, ends } = args;
  // The list copies the bytes straight out of the request: no view per element.
  if (head) for (let i = 2; i < n; i++) list.pushFrontBytes(src[i]!, starts[i]!, ends[i]!);
  else for (let i = 2; i < n; i++) list.pushBackBytes(src[i]!, starts[i]!, ends[i]!);
  ctx.out.integer(list.length);
  changedArg(ctx, args, 1, head ? "lpush" : "rpush");
}

export const lpush: Handler = (ctx, args) => pushAll(ctx, args, true, false);
export const rpush: Handler = (ctx, args) => pushAll(ctx, args, false, false);
export const lpushx: Handler = (ctx, args) => pushAll(ctx, args, true, true);
export const rpushx: Handler = (ctx, args) => pushAll(ctx, args, false, true);
