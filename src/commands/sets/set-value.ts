/**
 * Reading a key that must hold a set: the one place that decides "missing", "set" or
 * WRONGTYPE for the set commands, and the replies every multi-member answer shares.
 */
import type { Keyspace } from "../../db/keyspace.ts";
import { RedisSet } from "../../db/types/set.ts";
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import type { Context } from "../types.ts";

/** The set at `key`, undefined when missing; WRONGTYPE when the key holds another type. */
export function getSet(db: Keyspace, key: string): RedisSet | undefined {
  const v = db.get(key);
  if (v === undefined || v instanceof RedisSet) return v;
  throw new ReplyError(ERR.wrongType);
}

/** getSet for the key that is argument i, found by its bytes (no key string built). */
export function getSetArg(db: Keyspace, args: Args, i: number): RedisSet | undefined {
  const id = db.lookup(args.src[i]!, args.starts[i]!, args.ends[i]!);
  if (id < 0) return undefined;
  const v = db.valueOf(id);
  if (v instanceof RedisSet) return v;
  throw new ReplyError(ERR.wrongType);
}

/** Every member as a set reply (`~n` in RESP3, an array in RESP2), as SMEMBERS and SINTER answer. */
export function replyMembers(ctx: Context, set: RedisSet | undefined): void {
  const n = set?.size ?? 0;
  ctx.out.set(n);
  for (let i = 0; i < n; i++) set!.writeMember(i, ctx.out);
}

/** Every member as an array reply in both protocols (SRANDMEMBER with a count). */
export function replyArray(ctx: Context, set: RedisSet): void {
  const n = set.size;
  ctx.out.array(n);
  for (let i = 0; i < n; i++) set.writeMember(i, ctx.out);
}
