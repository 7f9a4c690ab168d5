/** EXISTS key [key ...] — how many of the keys exist; a key named twice counts twice. */
import { bytesToKey } from "../../protocol/bytes.ts";
import type { Handler } from "../types.ts";

export const exists: Handler = (ctx, argv) => {
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (ctx.db.has(bytesToKey(argv[i]!))) n++;
  ctx.out.integer(n);
};
