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
import { addInt64, changed, int64Arg } from "../args.ts";
import type { Handler } from "../types.ts";
import { getOrCreateHash } from "./hash-value.ts";

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
  const result = addInt64(value, by);
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
