/** GETDEL key — the value, then the key is deleted. */
import { bytesToKey } from "../../protocol/bytes.ts";
import type { Handler } from "../types.ts";
import { getString } from "./string-value.ts";

export const getdel: Handler = (ctx, argv) => {
  const key = bytesToKey(argv[1]!);
  const v = getString(ctx.db, key);
  if (v === undefined) return ctx.out.nil();
  ctx.out.bulk(v);
  ctx.db.delete(key);
};
