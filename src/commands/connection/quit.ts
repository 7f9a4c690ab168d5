/** QUIT — reply OK, then close once the reply is written. RESET — back to a fresh connection's state. */
import { discardTransaction } from "../transactions/multi.ts";
import type { Handler } from "../types.ts";

export const quit: Handler = (ctx) => {
  ctx.out.ok();
  ctx.client.closeAfterReply = true;
};

export const reset: Handler = (ctx) => {
  const c = ctx.client;
  ctx.server.pubsub.removeAll(c);
  ctx.server.tracking.disable(c);
  discardTransaction(ctx);
  c.db = 0;
  c.resp = 2;
  c.name = "";
  c.replyMode = "on";
  c.skipNext = false;
  c.noEvict = false;
  c.noTouch = false;
  c.user = "default";
  c.authenticated = ctx.server.config.get("requirepass") === "";
  // lib-name and lib-ver stay: they still describe the library behind the connection.
  ctx.out.simple("RESET");
};
