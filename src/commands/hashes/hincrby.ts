/**
 * HINCRBY key field increment (signed 64-bit) and HINCRBYFLOAT key field increment (Redis's
 * long double: parsed, added and printed exactly as redis-server does, see long-double.ts).
 * A missing key or field counts as 0. The increment is checked before the hash is touched,
 * so a bad argument never creates a key.
 */

import type { RedisHash } from "../../db/types/hash.ts";
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import { parseInt64 } from "../../protocol/bytes.ts";
import {
  addLongDouble,
  formatLongDoubleHuman,
  isFiniteLongDouble,
  type LongDouble,
  parseLongDouble,
} from "../../protocol/long-double.ts";
import { addInt64, changed, int64Arg } from "../args.ts";
import type { Handler } from "../types.ts";
import { getOrCreateHash } from "./hash-value.ts";

const ascii = new TextEncoder();

/** A view of the current value of argument 2's field, or undefined when it is not set. */
function currentValue(h: RedisHash, args: Args): Uint8Array | undefined {
  const at = h.find(args.src[2]!, args.starts[2]!, args.ends[2]!);
  return at < 0 ? undefined : h.valueSrc(at).subarray(h.valueStart(at), h.valueEnd(at));
}

/** Store `value` under argument 2's field. */
function store(h: RedisHash, args: Args, value: Uint8Array): void {
  h.setBytes(args.src[2]!, args.starts[2]!, args.ends[2]!, value, 0, value.length);
}

export const hincrby: Handler = (ctx, args) => {
  const by = int64Arg(args.bytes(3));
  const key = args.key(1);
  const h = getOrCreateHash(ctx.db, key);
  const cur = currentValue(h, args);
  let value: number | bigint = 0;
  if (cur !== undefined) {
    const parsed = parseInt64(cur);
    if (parsed === null) throw new ReplyError(ERR.hashNotInteger);
    value = parsed;
  }
  const result = addInt64(value, by);
  store(h, args, ascii.encode(String(result)));
  changed(ctx, key, "hincrby");
  ctx.out.integer(result);
};

export const hincrbyfloat: Handler = (ctx, args) => {
  const by = parseLongDouble(args.bytes(3));
  if (by === null) throw new ReplyError(ERR.notFloat);
  if (!isFiniteLongDouble(by)) throw new ReplyError(ERR.nanOrInfinity);
  const key = args.key(1);
  const h = getOrCreateHash(ctx.db, key);
  const cur = currentValue(h, args);
  let value: LongDouble | null = by;
  if (cur !== undefined) {
    const old = parseLongDouble(cur);
    if (old === null) throw new ReplyError(ERR.hashNotFloat);
    value = addLongDouble(old, by);
  }
  if (!isFiniteLongDouble(value)) throw new ReplyError(ERR.incrNanOrInfinity);
  const text = ascii.encode(formatLongDoubleHuman(value));
  store(h, args, text);
  changed(ctx, key, "hincrbyfloat");
  ctx.out.bulk(text);
};
