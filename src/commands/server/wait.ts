/**
 * WAIT numreplicas timeout: redbun has no replicas, so the answer is always 0 acknowledgements.
 * Arguments are checked as Redis checks them (numreplicas first, then the timeout in ms).
 * Deviation: Redis, asked for one replica or more, blocks until the timeout (forever for 0)
 * before answering 0; redbun answers at once.
 */
import { ERR, ReplyError } from "../../errors.ts";
import type { Handler } from "../types.ts";

export const wait: Handler = (ctx, args) => {
  if (args.int64(1) === null) throw new ReplyError(ERR.notInteger);
  const timeout = args.int64(2);
  if (timeout === null) throw new ReplyError(ERR.timeoutNotInteger);
  if (timeout < 0) throw new ReplyError(ERR.timeoutNegative);
  ctx.out.integer(0);
};
