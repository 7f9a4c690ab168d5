/**
 * What every list command shares: the typed getter (WRONGTYPE for another type), LEFT/RIGHT
 * words, and the bookkeeping after elements leave a list (events, deleting an emptied list).
 */
import type { Keyspace } from "../../db/keyspace.ts";
import { RedisList } from "../../db/types/list.ts";
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import { changed, changedArg } from "../args.ts";
import type { Context } from "../types.ts";

/** The list at `key`, or undefined when there is none; WRONGTYPE when the key holds another type. */
export function getList(db: Keyspace, key: string): RedisList | undefined {
  const v = db.get(key);
  if (v === undefined || v instanceof RedisList) return v;
  throw new ReplyError(ERR.wrongType);
}

/**
 * The list whose key is argument `i`, found from the request bytes (no key string is built:
 * the hot commands use this), or undefined; WRONGTYPE for another type.
 */
export function listArg(ctx: Context, args: Args, i: number): RedisList | undefined {
  const id = ctx.db.lookup(args.src[i]!, args.starts[i]!, args.ends[i]!);
  if (id < 0) return undefined;
  const v = ctx.db.inlineString(id) ? undefined : ctx.db.valueOf(id);
  if (v instanceof RedisList) return v;
  throw new ReplyError(ERR.wrongType);
}

/** The list at `key` when there is one with elements, else undefined (for serving blocked clients). */
export function nonEmptyList(db: Keyspace, key: string): RedisList | undefined {
  const v = db.get(key);
  return v instanceof RedisList && v.length > 0 ? v : undefined;
}

/** The list at `key`, created (and stored) when missing; WRONGTYPE for another type. */
export function listForPush(db: Keyspace, key: string): RedisList {
  let list = getList(db, key);
  if (list === undefined) {
    list = new RedisList();
    db.set(key, list);
  }
  return list;
}

/** LEFT → true (the head), RIGHT → false (the tail); anything else is a syntax error. */
export function readEnd(args: Args, i: number): boolean {
  if (args.is(i, "left")) return true;
  if (args.is(i, "right")) return false;
  throw new ReplyError(ERR.syntax);
}

export function pop(list: RedisList, head: boolean): Uint8Array {
  return (head ? list.popFront() : list.popBack())!;
}

/** Pop one element straight into the reply, as a bulk (no view is made). */
export function popReply(ctx: Context, list: RedisList, head: boolean): void {
  if (head) {
    list.locate(0);
    ctx.out.bulkRange(list.loc, list.locStart, list.locEnd);
    list.dropFront();
  } else {
    list.locate(list.length - 1);
    ctx.out.bulkRange(list.loc, list.locStart, list.locEnd);
    list.dropBack();
  }
}

export function push(list: RedisList, value: Uint8Array, head: boolean): void {
  if (head) list.pushFront(value);
  else list.pushBack(value);
}

/**
 * Elements left `list` at `key` (LPOP, LREM, LTRIM, ...): report `event`, then delete the list
 * if it is empty, with its "del" event, in Redis's order.
 */
export function removedFrom(ctx: Context, key: string, list: RedisList, event: string): void {
  changed(ctx, key, event);
  if (list.length === 0) {
    ctx.db.delete(key);
    changed(ctx, key, "del");
  }
}

/** removedFrom for a key that is argument `i`: the key string is built only when needed. */
export function removedFromArg(ctx: Context, args: Args, i: number, list: RedisList, event: string): void {
  changedArg(ctx, args, i, event);
  if (list.length === 0) {
    ctx.db.delete(args.key(i));
    changedArg(ctx, args, i, "del");
  }
}

/** Pop up to `count` elements from one end, writing them as an array reply (no event). */
export function popArray(ctx: Context, list: RedisList, head: boolean, count: number): void {
  const n = Math.min(count, list.length);
  ctx.out.array(n);
  for (let i = 0; i < n; i++) popReply(ctx, list, head);
}

/** popArray, then the events and the deletion of an emptied list. */
export function popInto(ctx: Context, key: string, list: RedisList, head: boolean, count: number): void {
  popArray(ctx, list, head, count);
  removedFrom(ctx, key, list, head ? "lpop" : "rpop");
}
