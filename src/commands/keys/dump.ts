/**
 * DUMP key / RESTORE key ttl payload [...] — Redis's RDB serialization, which redbun does not
 * have until persistence lands. Rather than invent a payload no Redis could read, both answer
 * a clear error (DUMP of a missing key still answers nil, as it needs no payload).
 */
import { ERR, ReplyError } from "../../errors.ts";
import type { Handler } from "../types.ts";

export const dump: Handler = (ctx, args) => {
  if (!ctx.db.has(args.key(1))) return ctx.out.nil();
  throw new ReplyError(ERR.noDumpFormat);
};

export const restore: Handler = () => {
  throw new ReplyError(ERR.noDumpFormat);
};
