/** MSET key value [key value ...] — set every pair (clearing their TTLs). */
import { ERR, ReplyError } from "../../errors.ts";
import { bytesToKey } from "../../protocol/bytes.ts";
import type { Handler } from "../types.ts";
import { keep } from "./string-value.ts";

export const mset: Handler = (ctx, argv) => {
  if (argv.length % 2 === 0) throw new ReplyError(ERR.wrongArity("mset"));
  for (let i = 1; i < argv.length; i += 2) ctx.db.set(bytesToKey(argv[i]!), keep(argv[i + 1]!));
  ctx.out.ok();
};
