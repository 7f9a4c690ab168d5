/** TYPE key — the type name as a status reply ("none" when missing). */
import { typeOf } from "../../db/keyspace.ts";
import { bytesToKey } from "../../protocol/bytes.ts";
import type { Handler } from "../types.ts";

export const type: Handler = (ctx, argv) => {
  const v = ctx.db.get(bytesToKey(argv[1]!));
  ctx.out.simple(v === undefined ? "none" : typeOf(v));
};
