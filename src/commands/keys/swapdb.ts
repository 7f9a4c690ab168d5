/**
 * SWAPDB index1 index2 — exchange the contents of two databases: clients connected to one see
 * the other's keys at once, and clients blocked on keys of either one are served if their key
 * now has data. Swapping a database with itself is a no-op that answers OK.
 */
import { ERR, ReplyError } from "../../errors.ts";
import type { Handler } from "../types.ts";
import { intArg32 } from "./db-index.ts";

export const swapdb: Handler = (ctx, args) => {
  const a = intArg32(args, 1, ERR.invalidFirstDb);
  const b = intArg32(args, 2, ERR.invalidSecondDb);
  const dbs = ctx.server.dbs;
  if (a < 0 || a >= dbs.count || b < 0 || b >= dbs.count) throw new ReplyError(ERR.dbIndexOutOfRange);
  if (a !== b) {
    // WATCHed keys that exist in either db before or after are about to change.
    ctx.server.watches.touchDb(a, b);
    ctx.server.watches.touchDb(b, a);
    dbs.swap(a, b);
    // Clients blocked on a key in either db may find it filled now (Redis's
    // scanDatabaseForReadyKeys on both): they are served after this command.
    ctx.server.blocking.signalDb(a);
    ctx.server.blocking.signalDb(b);
  }
  ctx.server.dirty++;
  ctx.out.ok();
};
