/**
 * SPOP key [count] and SRANDMEMBER key [count]: random members, removed or not.
 *
 * Both are O(1) without a count and O(count) with one (RedisSet keeps its members in an array
 * for that). Redis's reply shapes differ: SPOP with a count answers a set (`~` in RESP3),
 * SRANDMEMBER with a count an array (negative counts may repeat members, so it is no set).
 * The count is parsed before the key is looked at, so a bad count wins over WRONGTYPE.
 */
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import { changed } from "../args.ts";
import type { Handler } from "../types.ts";
import { getSetArg, replyArray, replyMembers } from "./set-value.ts";

const INT64_MIN = -9223372036854775808n;

export const spop: Handler = (ctx, args) => {
  if (args.length > 3) throw new ReplyError(ERR.syntax);
  const count = args.length === 3 ? popCount(args) : -1;
  const set = getSetArg(ctx.db, args, 1);
  if (set === undefined) return count < 0 ? ctx.out.nil() : replyMembers(ctx, undefined);
  const key = args.key(1);
  if (count < 0) {
    set.popInto(ctx.out);
    changed(ctx, key, "spop");
    if (set.size === 0) {
      ctx.db.delete(key);
      changed(ctx, key, "del");
    }
    return;
  }
  if (count === 0) return replyMembers(ctx, undefined);
  if (count >= set.size) {
    // The whole set: Redis replies with it and deletes the key, notifying `spop` then `del`.
    replyMembers(ctx, set);
    ctx.db.delete(key);
    changed(ctx, key, "spop");
    changed(ctx, key, "del");
    return;
  }
  ctx.out.set(count);
  for (let i = 0; i < count; i++) set.popInto(ctx.out);
  changed(ctx, key, "spop");
};

/** SPOP's count: an integer >= 0 (bad text and negatives get the same error, as in Redis). */
function popCount(args: Args): number {
  const v = args.int64(2);
  if (v === null || v < 0) throw new ReplyError(ERR.mustBePositive);
  return Number(v);
}

export const srandmember: Handler = (ctx, args) => {
  if (args.length > 3) throw new ReplyError(ERR.syntax);
  if (args.length === 2) {
    const set = getSetArg(ctx.db, args, 1);
    if (set === undefined) ctx.out.nil();
    else set.writeMember(set.randomIndex(), ctx.out);
    return;
  }
  const v = args.int64(2);
  if (v === null) throw new ReplyError(ERR.notInteger);
  if (v === INT64_MIN)
    throw new ReplyError(ERR.outOfRangeBetween("-9223372036854775807", "9223372036854775807"));
  const count = Number(v);
  const set = getSetArg(ctx.db, args, 1);
  if (set === undefined || count === 0) return ctx.out.array(0);
  if (count < 0) {
    // Repeats allowed: -count independent picks (like Redis, no cap: a huge count is a huge reply).
    ctx.out.array(-count);
    for (let i = 0; i < -count; i++) set.writeMember(set.randomIndex(), ctx.out);
    return;
  }
  if (count >= set.size) return replyArray(ctx, set);
  ctx.out.array(count);
  for (const i of set.samplePositions(count)) set.writeMember(i, ctx.out);
};
