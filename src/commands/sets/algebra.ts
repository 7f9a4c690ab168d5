/**
 * Set algebra for SINTER, SINTERCARD, SUNION, SDIFF and their STORE forms: reading the input
 * keys, computing a result, storing it.
 *
 * The costs follow Redis's: an intersection walks the smallest set and probes the others
 * (O(N*M), N the smallest size); a union adds every member of every set (O(total)); a
 * difference picks, like Redis, whichever of "walk the first set and probe the others" or
 * "copy the first set and remove the others' members" does less work.
 */
import type { Keyspace } from "../../db/keyspace.ts";
import { RedisSet } from "../../db/types/set.ts";
import type { Args } from "../../protocol/args.ts";
import { changed } from "../args.ts";
import type { Context } from "../types.ts";
import { getSet, replyMembers } from "./set-value.ts";

/**
 * The sets at arguments from..to-1, undefined for missing keys. Every key is type-checked
 * before any result is computed, so a WRONGTYPE anywhere wins over an empty answer.
 */
export function setsAt(db: Keyspace, args: Args, from: number, to = args.length): (RedisSet | undefined)[] {
  const sets: (RedisSet | undefined)[] = [];
  for (let i = from; i < to; i++) sets.push(getSet(db, args.key(i)));
  return sets;
}

// Members move between sets by position, as bytes where the source keeps them (no string each).

function hasMemberOf(set: RedisSet, from: RedisSet, i: number): boolean {
  const slab = from.memberSlab(i);
  return slab === null ? set.has(from.at(i)) : set.hasBytes(slab, from.memberStart(i), from.memberEnd(i));
}

function addMemberOf(set: RedisSet, from: RedisSet, i: number): void {
  const slab = from.memberSlab(i);
  if (slab === null) set.add(from.at(i));
  else set.addBytes(slab, from.memberStart(i), from.memberEnd(i));
}

function deleteMemberOf(set: RedisSet, from: RedisSet, i: number): void {
  const slab = from.memberSlab(i);
  if (slab === null) set.delete(from.at(i));
  else set.deleteBytes(slab, from.memberStart(i), from.memberEnd(i));
}

/**
 * Calls `each` with the position in `smallest` of every member of the intersection until it
 * returns false. Any missing set makes the intersection empty.
 */
function eachCommon(
  sets: readonly (RedisSet | undefined)[],
  each: (smallest: RedisSet, i: number) => boolean,
): void {
  if (sets.some((s) => s === undefined || s.size === 0)) return;
  const sorted = (sets as RedisSet[]).slice().sort((a, b) => a.size - b.size);
  const smallest = sorted[0]!;
  const n = sorted.length;
  outer: for (let i = 0; i < smallest.size; i++) {
    for (let j = 1; j < n; j++) {
      const other = sorted[j]!;
      if (other !== smallest && !hasMemberOf(other, smallest, i)) continue outer;
    }
    if (!each(smallest, i)) return;
  }
}

export function intersection(sets: readonly (RedisSet | undefined)[]): RedisSet {
  const out = new RedisSet();
  eachCommon(sets, (smallest, i) => {
    addMemberOf(out, smallest, i);
    return true;
  });
  return out;
}

/** The intersection's size, counting stopped at `limit` (0: no limit), as SINTERCARD does. */
export function intersectionSize(sets: readonly (RedisSet | undefined)[], limit: number): number {
  let n = 0;
  eachCommon(sets, () => ++n !== limit);
  return n;
}

export function union(sets: readonly (RedisSet | undefined)[]): RedisSet {
  const out = new RedisSet();
  for (const s of sets) if (s !== undefined) for (let i = 0; i < s.size; i++) addMemberOf(out, s, i);
  return out;
}

/** The members of sets[0] in none of the others. */
export function difference(sets: readonly (RedisSet | undefined)[]): RedisSet {
  const first = sets[0];
  if (first === undefined || first.size === 0) return new RedisSet();
  let probeWork = 0;
  let copyWork = 0;
  for (const s of sets) {
    if (s === undefined) continue;
    probeWork += first.size;
    copyWork += s.size;
  }
  // Redis halves the first algorithm's estimate: probing stops at the first set that has the member.
  if (probeWork / 2 <= copyWork) {
    const out = new RedisSet();
    outer: for (let i = 0; i < first.size; i++) {
      for (let j = 1; j < sets.length; j++) {
        const s = sets[j];
        if (s !== undefined && hasMemberOf(s, first, i)) continue outer;
      }
      addMemberOf(out, first, i);
    }
    return out;
  }
  const out = first.clone();
  for (let j = 1; j < sets.length && out.size > 0; j++) {
    const s = sets[j];
    if (s !== undefined) for (let i = 0; i < s.size && out.size > 0; i++) deleteMemberOf(out, s, i);
  }
  return out;
}

/** Reply with a computed result as a set (`~` in RESP3). */
export function replyResult(ctx: Context, result: RedisSet): void {
  replyMembers(ctx, result);
}

/**
 * The STORE forms: the destination (of any type, its TTL dropped) is replaced by the result,
 * or deleted when the result is empty; the reply is the result's size.
 */
export function storeResult(ctx: Context, dstKey: string, result: RedisSet, event: string): void {
  if (result.size === 0) {
    if (ctx.db.delete(dstKey)) changed(ctx, dstKey, "del");
  } else {
    ctx.db.set(dstKey, result);
    changed(ctx, dstKey, event);
  }
  ctx.out.integer(result.size);
}
