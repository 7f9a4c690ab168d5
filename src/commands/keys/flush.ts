/** DBSIZE, FLUSHDB [ASYNC | SYNC], FLUSHALL [ASYNC | SYNC]. */
import { ERR, ReplyError } from "../../errors.ts";
import { isWord } from "../../protocol/bytes.ts";
import type { Handler } from "../types.ts";

// ASYNC and SYNC only change how Redis frees memory; both empty the keyspace at once.
function checkFlushMode(argv: Uint8Array[]): void {
  if (argv.length > 2) throw new ReplyError(ERR.syntax);
  if (argv.length === 2 && !isWord(argv[1]!, "async") && !isWord(argv[1]!, "sync")) {
    throw new ReplyError(ERR.syntax);
  }
}

export const flushdb: Handler = (ctx, argv) => {
  checkFlushMode(argv);
  ctx.db.flush();
  ctx.out.ok();
};

export const flushall: Handler = (ctx, argv) => {
  checkFlushMode(argv);
  ctx.server.dbs.flushAll();
  ctx.out.ok();
};

export const dbsize: Handler = (ctx) => {
  ctx.out.integer(ctx.db.size);
};
