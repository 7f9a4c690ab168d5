/** KEYS pattern — every live key matching a glob pattern (O(n), as in Redis). */
import { globMatch } from "../../db/glob.ts";
import type { Handler } from "../types.ts";

export const keys: Handler = (ctx, args) => {
  const pattern = args.key(1);
  const all = pattern === "*";
  const found: string[] = [];
  for (const k of ctx.db.keys()) if (all || globMatch(pattern, k)) found.push(k);
  ctx.out.array(found.length);
  for (const k of found) ctx.out.bulkKey(k);
};
