/** GET key — the value of key, or nil. */
import { bytesToKey } from "../../protocol/bytes.ts";
import type { Handler } from "../types.ts";
import { getString } from "./string-value.ts";

export const get: Handler = (ctx, argv) => {
  const v = getString(ctx.db, bytesToKey(argv[1]!));
  if (v === undefined) {
    ctx.server.stats.keyspaceMisses++;
    ctx.out.nil();
  } else {
    ctx.server.stats.keyspaceHits++;
    ctx.out.bulk(v);
  }
};
