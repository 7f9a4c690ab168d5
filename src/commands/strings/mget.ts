/** MGET key [key ...] — values or nils; a key of another type reads as nil, not as an error. */
import { bytesToKey } from "../../protocol/bytes.ts";
import type { Handler } from "../types.ts";

export const mget: Handler = (ctx, argv) => {
  ctx.out.array(argv.length - 1);
  for (let i = 1; i < argv.length; i++) {
    const v = ctx.db.get(bytesToKey(argv[i]!));
    if (v instanceof Uint8Array) ctx.out.bulk(v);
    else ctx.out.nil();
  }
};
