/**
 * WATCH key [key ...] — EXEC answers the null array if any of these keys changes before it
 * (src/commands/transactions/watched-keys.ts says what counts as a change). UNWATCH — forget
 * them (EXEC, DISCARD, RESET and disconnecting do too).
 */
import { ERR, ReplyError } from "../../errors.ts";
import type { Handler } from "../types.ts";

export const watch: Handler = (ctx, args) => {
  const client = ctx.client;
  if (client.multi !== null) throw new ReplyError(ERR.watchInsideMulti);
  const watches = ctx.server.watches;
  // A client already dirty fails its next EXEC anyway: nothing to watch (as in Redis).
  if (!watches.isDirty(client)) {
    for (let i = 1; i < args.length; i++) watches.watch(client, client.db, args.key(i));
  }
  ctx.out.ok();
};

export const unwatch: Handler = (ctx) => {
  ctx.server.watches.clear(ctx.client);
  ctx.out.ok();
};
