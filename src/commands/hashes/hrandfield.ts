/**
 * HRANDFIELD key [count [WITHVALUES]].
 *
 * Without count: one random field (nil when the key is missing). With count > 0: up to count
 * distinct fields; count < 0: exactly |count| fields, repeats allowed. WITHVALUES adds each
 * value: flat `field value ...` in RESP2, an array of [field, value] pairs in RESP3.
 *
 * O(count), as Redis: random picks are O(1) slot lookups (RedisHash keeps a dense slot
 * array). Distinct picks follow Redis's two strategies: when count is more than a third of
 * the hash, a partial shuffle of slot numbers (O(size) < O(3 × count)), answered in random
 * order as Redis does there; otherwise rejection sampling, answered in the hash's own order
 * for small hashes (as Redis's listpack sampling does, up to 128 fields) and in pick order
 * for larger ones (Redis: hash-table order, random either way).
 */
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import { int64Arg } from "../args.ts";
import type { Context, Handler } from "../types.ts";
import { getHash } from "./hash-value.ts";

const LONG_MAX = 9223372036854775807n;
/** Redis's OBJ_HASH_LISTPACK default limit (hash-max-listpack-entries). */
const SMALL_HASH = 128;

interface RandOptions {
  count: number;
  withValues: boolean;
}

/** Count and WITHVALUES, checked before the key is read (as Redis does). */
function parseOptions(args: Args): RandOptions {
  const raw = int64Arg(args.bytes(2));
  if (raw === -LONG_MAX - 1n) throw new ReplyError(ERR.outOfRangeBetween(`-${LONG_MAX}`, `${LONG_MAX}`));
  let withValues = false;
  if (args.length > 4 || (args.length === 4 && !args.is(3, "withvalues"))) throw new ReplyError(ERR.syntax);
  if (args.length === 4) {
    withValues = true;
    // Redis doubles the reply length with values: it refuses counts whose double overflows.
    const half = LONG_MAX / 2n;
    if (BigInt(raw) < -half || BigInt(raw) > half) throw new ReplyError(ERR.outOfRange);
  }
  return { count: Number(raw), withValues };
}

const randomSlot = (size: number): number => Math.floor(Math.random() * size);

export const hrandfield: Handler = (ctx, args) => {
  if (args.length >= 3) {
    withCount(ctx, args.key(1), parseOptions(args));
    return;
  }
  const h = getHash(ctx.db, args.key(1));
  if (h === undefined) ctx.out.nil();
  else ctx.out.bulkKey(h.fieldAt(randomSlot(h.size)));
};

function withCount(ctx: Context, key: string, o: RandOptions): void {
  const h = getHash(ctx.db, key);
  const out = ctx.out;
  if (h === undefined || o.count === 0) {
    out.array(0);
    return;
  }
  const pairs = o.withValues && ctx.client.resp === 3;
  const replyLength = (n: number) => (o.withValues && !pairs ? n * 2 : n);
  const emit = (field: string, value: Uint8Array) => {
    if (pairs) out.array(2);
    out.bulkKey(field);
    if (o.withValues) out.bulk(value);
  };
  const size = h.size;
  if (o.count < 0 || o.count === 1) {
    const n = Math.abs(o.count);
    out.array(replyLength(n));
    for (let k = 0; k < n; k++) {
      const slot = randomSlot(size);
      emit(h.fieldAt(slot), h.valueAt(slot));
    }
    return;
  }
  if (o.count >= size) {
    out.array(replyLength(size));
    h.forEach(emit);
    return;
  }
  out.array(replyLength(o.count));
  if (o.count * 3 > size) {
    // Redis's CASE 3: the whole hash minus random fields, in (random) hash-table order.
    for (const slot of shuffledPrefix(size, o.count)) emit(h.fieldAt(slot), h.valueAt(slot));
    return;
  }
  const picked = pickSparse(size, o.count);
  if (size <= SMALL_HASH) {
    // Redis's listpack sampling answers in the hash's own order.
    const chosen = new Set<string>();
    for (const slot of picked) chosen.add(h.fieldAt(slot));
    h.forEach((field, value) => {
      if (chosen.has(field)) emit(field, value);
    });
  } else {
    for (const slot of picked) emit(h.fieldAt(slot), h.valueAt(slot));
  }
}

/** `count` distinct slot numbers of `size` (size < 3 × count, so this O(size) is O(count)). */
function shuffledPrefix(size: number, count: number): Int32Array {
  const slots = new Int32Array(size);
  for (let i = 0; i < size; i++) slots[i] = i;
  for (let k = 0; k < count; k++) {
    const j = k + randomSlot(size - k);
    const t = slots[k]!;
    slots[k] = slots[j]!;
    slots[j] = t;
  }
  return slots.subarray(0, count);
}

/** `count` distinct slot numbers of `size` with count <= size / 3: rejection sampling. */
function pickSparse(size: number, count: number): Set<number> {
  // At most a third of the slots are taken, so each draw succeeds with probability >= 2/3.
  const picked = new Set<number>();
  while (picked.size < count) picked.add(randomSlot(size));
  return picked;
}
