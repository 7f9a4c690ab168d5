/**
 * INCRBYFLOAT key increment — add in Redis's long double (x87 80-bit) arithmetic and store the
 * result as text (`%.17Lf`, trailing zeros removed), so `0.1` plus `0.2` gives `0.3` as on
 * redis-server. The emulation is src/protocol/long-double.ts; the TTL is kept.
 */
import { ERR, ReplyError } from "../../errors.ts";
import {
  addLongDouble,
  formatLongDoubleHuman,
  isFiniteLongDouble,
  type LongDouble,
  parseLongDouble,
} from "../../protocol/long-double.ts";
import { changed } from "../args.ts";
import type { Handler } from "../types.ts";
import { getString } from "./string-value.ts";

const ZERO: LongDouble = { neg: false, mant: 0n, exp: 0 };
const ascii = new TextEncoder();

export const incrbyfloat: Handler = (ctx, args) => {
  const key = args.key(1);
  const cur = getString(ctx.db, key);
  const value = cur === undefined ? ZERO : parseLongDouble(cur);
  if (value === null) throw new ReplyError(ERR.notFloat);
  const by = parseLongDouble(args.bytes(2));
  if (by === null) throw new ReplyError(ERR.notFloat);
  const sum = addLongDouble(value, by);
  if (!isFiniteLongDouble(sum)) throw new ReplyError(ERR.incrNanOrInfinity);
  const text = ascii.encode(formatLongDoubleHuman(sum));
  ctx.db.set(key, text, true);
  changed(ctx, key, "incrbyfloat");
  ctx.out.bulk(text);
};
