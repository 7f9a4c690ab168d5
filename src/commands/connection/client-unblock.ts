/**
 * CLIENT UNBLOCK client-id [TIMEOUT | ERROR]: release a client blocked in BLPOP & co., as if its
 * timeout had passed (the null array), or with `-UNBLOCKED client unblocked via CLIENT UNBLOCK`.
 * Replies 1 when the client was blocked, else 0.
 */
import { ERR, ReplyError } from "../../errors.ts";
import type { Handler } from "../types.ts";

export const clientUnblock: Handler = (ctx, args) => {
  if (args.length > 4) throw new ReplyError(ERR.subcommandSyntax(args.key(1), "CLIENT"));
  let error = false;
  // Redis reads the reason before the id.
  if (args.length === 4) {
    if (args.is(3, "error")) error = true;
    else if (!args.is(3, "timeout")) throw new ReplyError(ERR.unblockReason);
  }
  const id = args.int64(2);
  if (id === null) throw new ReplyError(ERR.notInteger);
  const released = typeof id === "number" && ctx.server.blocking.unblock(id, error);
  ctx.out.integer(released ? 1 : 0);
};
