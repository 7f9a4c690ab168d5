/** TYPE key — the type name as a status reply ("none" when missing). */
import { typeOf } from "../../db/keyspace.ts";
import type { Handler } from "../types.ts";

export const type: Handler = (ctx, args) => {
  const v = ctx.db.get(args.key(1));
  ctx.out.simple(v === undefined ? "none" : typeOf(v));
};
