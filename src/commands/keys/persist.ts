/** PERSIST key — 1 when a TTL was removed, else 0. */
import { bytesToKey } from "../../protocol/bytes.ts";
import type { Handler } from "../types.ts";

export const persist: Handler = (ctx, argv) => {
  const key = bytesToKey(argv[1]!);
  ctx.out.integer(ctx.db.has(key) && ctx.db.persist(key) ? 1 : 0);
};
