/** TIME — [unix seconds, microseconds] from the server's clock (a manual clock in tests). */
import type { Handler } from "../types.ts";

export const time: Handler = (ctx) => {
  const ms = ctx.server.dbs.clock.now();
  ctx.out.array(2);
  ctx.out.bulkKey(String(Math.floor(ms / 1000)));
  ctx.out.bulkKey(String((ms % 1000) * 1000));
};
