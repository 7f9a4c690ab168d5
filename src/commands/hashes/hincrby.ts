/**
 * HINCRBY key field increment (signed 64-bit) and HINCRBYFLOAT key field increment (Redis's
 * long double: parsed, added and printed exactly as redis-server does, see long-double.ts).
 * A missing key or field counts as 0. The increment is checked before the hash is touched,
 * so a bad argument never creates a key.
 */
import { ERR, ReplyError } from "../../errors.ts";
import { parseInt64 } from "../../protocol/bytes.ts";
import {
  addLongDouble,
  formatLongDoubleHuman,
  isFiniteLongDouble,
  type LongDouble,
  parseLongDouble,
} from "../../protocol/long-double.ts";
import { changed, int64Arg } from "../args.ts";
import type { Handler } from "../types.ts";
import { getOrCreateHash } from "./hash-value.ts";

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
const ascii = new TextEncoder();

export const hincrby: Handler = (ctx, args) => {
  const by = int64Arg(args.bytes(3));
  const key = args.key(1);
  const field = args.key(2);
  const h = getOrCreateHash(ctx.db, key);
  const cur = h.get(field);
  let value: number | bigint = 0;
  if (cur !== undefined) {
    const parsed = parseInt64(cur);
    if (parsed === null) throw new ReplyError(ERR.hashNotInteger);
    value = parsed;
  }
  let result: number | bigint;
  if (typeof value === "number" && typeof by === "number" && Number.isSafeInteger(value + by)) {
    result = value + by;
  } else {
    const big = BigInt(value) + BigInt(by);
    if (big > INT64_MAX || big < INT64_MIN) throw new ReplyError(ERR.overflow);
    result = big >= -9007199254740991n && big <= 9007199254740991n ? Number(big) : big;
  }
  h.set(field, ascii.encode(String(result)));
  changed(ctx, key, "hincrby");
  ctx.out.integer(result);
};

export const hincrbyfloat: Handler = (ctx, args) => {
  const by = parseLongDouble(args.bytes(3));
  if (by === null) throw new ReplyError(ERR.notFloat);
  if (!isFiniteLongDouble(by)) throw new ReplyError(ERR.nanOrInfinity);
  const key = args.key(1);
  const field = args.key(2);
  const h = getOrCreateHash(ctx.db, key);
  const cur = h.get(field);
  let value: LongDouble | null = by;
  if (cur !== undefined) {
    const old = parseLongDouble(cur);
    if (old === null) throw new ReplyError(ERR.hashNotFloat);
    value = addLongDouble(old, by);
  }
  if (!isFiniteLongDouble(value)) throw new ReplyError(ERR.incrNanOrInfinity);
  const text = ascii.encode(formatLongDoubleHuman(value));
  h.set(field, text);
  changed(ctx, key, "hincrbyfloat");
  ctx.out.bulk(text);
};
