/** DEL key [key ...] and UNLINK key [key ...] — the number of keys removed. */
import { bytesToKey } from "../../protocol/bytes.ts";
import type { Handler } from "../types.ts";

// UNLINK frees memory in the background in Redis; a JS engine's GC already does that for us.
export const del: Handler = (ctx, argv) => {
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (ctx.db.delete(bytesToKey(argv[i]!))) n++;
  ctx.out.integer(n);
};
