/** SELECT index — switch the client's database. */
import { ERR, ReplyError } from "../../errors.ts";
import type { Handler } from "../types.ts";

export const select: Handler = (ctx, args) => {
  const id = args.int64(1);
  // Redis reads an int (32-bit) first, so huge numbers are "not an integer", not "out of range".
  if (typeof id !== "number" || id > 2147483647 || id < -2147483648) throw new ReplyError(ERR.notInteger);
  if (id < 0 || id >= ctx.server.dbs.count) throw new ReplyError(ERR.dbIndexOutOfRange);
  ctx.client.db = id;
  ctx.out.ok();
};
