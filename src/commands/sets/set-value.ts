/**
 * Reading a key that must hold a set: the one place that decides "missing", "set" or
 * WRONGTYPE for the set commands, and the reply every multi-member answer shares.
 */
import type { Keyspace } from "../../db/keyspace.ts";
import { RedisSet } from "../../db/types/set.ts";
import { ERR, ReplyError } from "../../errors.ts";
import type { Context } from "../types.ts";

/** The set at `key`, undefined when missing; WRONGTYPE when the key holds another type. */
export function getSet(db: Keyspace, key: string): RedisSet | undefined {
  const v = db.get(key);
  if (v === undefined || v instanceof RedisSet) return v;
  throw new ReplyError(ERR.wrongType);
}

/** Members as a set reply (`~n` in RESP3, an array in RESP2), as SMEMBERS and SINTER answer. */
export function replyMembers(ctx: Context, members: Iterable<string>, count: number): void {
  ctx.out.set(count);
  for (const m of members) ctx.out.bulkKey(m);
}

/** Members as an array reply in both protocols (SRANDMEMBER with a count). */
export function replyArray(ctx: Context, members: Iterable<string>, count: number): void {
  ctx.out.array(count);
  for (const m of members) ctx.out.bulkKey(m);
}
