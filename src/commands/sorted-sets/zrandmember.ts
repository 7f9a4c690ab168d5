/**
 * ZRANDMEMBER key [count [WITHSCORES]].
 *
 * Redis's cases: no count → one member (or nil); a negative count → that many independent
 * draws (repeats allowed); a count ≥ the size → the whole set, highest score first (Redis
 * walks the set from its tail there); otherwise `count` distinct members in no set order.
 * Draws pick a uniform rank and read it in O(log n).
 */
import type { RedisZSet, ZEntry } from "../../db/types/zset.ts";
import { ERR, ReplyError } from "../../errors.ts";
import { parseInt64 } from "../../protocol/bytes.ts";
import type { Handler } from "../types.ts";
import { getZSet, writeEntries } from "./zset-value.ts";

const LONG_MAX = 9223372036854775807n;
/** C's -LONG_MAX/2 and LONG_MAX/2 bound a count with WITHSCORES (twice as many replies). */
const HALF_LONG = 4611686018427387903n;

function randomEntry(z: RedisZSet): ZEntry {
  return z.at(Math.floor(Math.random() * z.size))!;
}

/** `count` distinct ranks out of `size`, by a partial Fisher–Yates over a sparse map. */
function distinctRanks(size: number, count: number): number[] {
  const swapped = new Map<number, number>();
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(Math.random() * (size - i));
    const vj = swapped.get(j) ?? j;
    swapped.set(j, swapped.get(i) ?? i);
    out.push(vj);
  }
  return out;
}

export const zrandmember: Handler = (ctx, args) => {
  const key = args.key(1);
  if (args.length === 2) {
    const z = getZSet(ctx.db, key);
    if (z === undefined) ctx.out.nil();
    else ctx.out.bulkKey(randomEntry(z)[0]);
    return;
  }
  const raw = parseInt64(args.bytes(2));
  if (raw === null) throw new ReplyError(ERR.notInteger);
  const big = BigInt(raw);
  if (big < -LONG_MAX)
    throw new ReplyError(ERR.outOfRangeBetween("-9223372036854775807", "9223372036854775807"));
  if (args.length > 4 || (args.length === 4 && !args.is(3, "withscores"))) throw new ReplyError(ERR.syntax);
  const withScores = args.length === 4;
  if (withScores && (big < -HALF_LONG || big > HALF_LONG)) throw new ReplyError(ERR.outOfRange);
  const z = getZSet(ctx.db, key);
  if (z === undefined || big === 0n) return ctx.out.array(0);
  const size = z.size;
  if (big < 0n || big === 1n) {
    // Independent draws, streamed: the count is bounded only by what the client asked for.
    const n = Number(big < 0n ? -big : big);
    const out = ctx.out;
    const nested = withScores && out.resp === 3;
    out.array(withScores && !nested ? n * 2 : n);
    for (let i = 0; i < n; i++) {
      const [m, s] = randomEntry(z);
      if (nested) out.array(2);
      out.bulkKey(m);
      if (withScores) out.double(s);
    }
    return;
  }
  let entries: ZEntry[];
  if (big >= BigInt(size)) entries = z.byRank(0, -1, true);
  else entries = distinctRanks(size, Number(big)).map((r) => z.at(r)!);
  writeEntries(ctx.out, entries, withScores);
};
