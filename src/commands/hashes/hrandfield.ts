/**
 * HRANDFIELD key [count [WITHVALUES]].
 *
 * Without count: one random field (nil when the key is missing). With count > 0: up to count
 * distinct fields; count < 0: exactly |count| fields, repeats allowed. WITHVALUES adds each
 * value: flat `field value ...` in RESP2, an array of [field, value] pairs in RESP3.
 *
 * O(count), as Redis: random picks are O(1) slot lookups (a table-form RedisHash keeps a
 * dense slot array; a compact one, at most 512 fields, is listed once). Distinct picks follow
 * Redis's two strategies: when count is more than a third of the hash, a partial shuffle of
 * slot numbers (O(size) < O(3 × count)), answered in random order as Redis does there;
 * otherwise rejection sampling, answered in the hash's own order for compact hashes (as
 * Redis's listpack sampling does) and in pick order for table-form ones (Redis: hash-table
 * order, random either way).
 */
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import { int64Arg } from "../args.ts";
import type { Context, Handler } from "../types.ts";
import { getHash } from "./hash-value.ts";

const LONG_MAX = 9223372036854775807n;

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
  else ctx.out.bulkKey(h.fieldOf(h.handleAt(randomSlot(h.size))));
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
  // Slot → handle is O(1) in a table; a compact hash lists its handles once (one walk, as
  // Redis's listpack sampling walks the listpack).
  const listed = h.encoding === "listpack" ? h.handles() : null;
  const emit = (slot: number) => {
    const at = listed !== null ? listed[slot]! : h.handleAt(slot);
    if (pairs) out.array(2);
    out.bulkKey(h.fieldOf(at));
    if (o.withValues) out.bulkRange(h.valueSrc(at), h.valueStart(at), h.valueEnd(at));
  };
  const size = h.size;
  if (o.count < 0 || o.count === 1) {
    const n = Math.abs(o.count);
    out.array(replyLength(n));
    for (let k = 0; k < n; k++) emit(randomSlot(size));
    return;
  }
  if (o.count >= size) {
    out.array(replyLength(size));
    for (let slot = 0; slot < size; slot++) emit(slot);
    return;
  }
  out.array(replyLength(o.count));
  if (o.count * 3 > size) {
    // Redis's CASE 3: the whole hash minus random fields, in (random) hash-table order.
    for (const slot of shuffledPrefix(size, o.count)) emit(slot);
    return;
  }
  const picked = pickSparse(size, o.count);
  if (listed !== null) {
    // Redis's listpack sampling answers in the hash's own (insertion) order.
    for (const slot of Int32Array.from(picked).sort()) emit(slot);
  } else {
    for (const slot of picked) emit(slot);
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
