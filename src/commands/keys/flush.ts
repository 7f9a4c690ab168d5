/** DBSIZE, FLUSHDB [ASYNC | SYNC], FLUSHALL [ASYNC | SYNC]. */

import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import type { Handler } from "../types.ts";

// ASYNC and SYNC only change how Redis frees memory; both empty the keyspace at once.
function checkFlushMode(args: Args): void {
  if (args.length > 2) throw new ReplyError(ERR.syntax);
  if (args.length === 2 && !args.is(1, "async") && !args.is(1, "sync")) {
    throw new ReplyError(ERR.syntax);
  }
}

export const flushdb: Handler = (ctx, args) => {
  checkFlushMode(args);
  // WATCHed keys that exist are about to change (checked before they go).
  ctx.server.watches.touchDb(ctx.client.db, null);
  // Tracking keys are not per database: every tracking client is told to drop everything.
  ctx.server.tracking.invalidateAll();
  ctx.db.flush();
  // Redis signals every deleted key: an XREADGROUP blocked on one gets its error.
  ctx.server.blocking.signalDb(ctx.client.db);
  ctx.out.ok();
};

export const flushall: Handler = (ctx, args) => {
  checkFlushMode(args);
  for (let db = 0; db < ctx.server.dbs.count; db++) ctx.server.watches.touchDb(db, null);
  ctx.server.tracking.invalidateAll();
  ctx.server.dbs.flushAll();
  for (let db = 0; db < ctx.server.dbs.count; db++) ctx.server.blocking.signalDb(db);
  ctx.out.ok();
};

export const dbsize: Handler = (ctx) => {
  ctx.out.integer(ctx.db.size);
};
