/**
 * SHUTDOWN [NOSAVE | SAVE] [NOW] [FORCE] [ABORT]. redbun keeps no data on disk yet, so SAVE
 * cannot be honoured: it fails like a failed save in Redis, unless FORCE says to go on anyway.
 */
import { ERR, ReplyError } from "../../errors.ts";
import { busyError } from "../../scripting/busy.ts";
import type { Handler, ShutdownOptions } from "../types.ts";

export const shutdown: Handler = (ctx, args) => {
  const o: ShutdownOptions = {};
  let abort = false;
  for (let i = 1; i < args.length; i++) {
    const w = args.lower(i);
    if (w === "nosave") o.nosave = true;
    else if (w === "save") o.save = true;
    else if (w === "now") o.now = true;
    else if (w === "force") o.force = true;
    else if (w === "abort") abort = true;
    else throw new ReplyError(ERR.syntax);
  }
  if ((abort && args.length > 2) || (o.nosave && o.save)) throw new ReplyError(ERR.syntax);
  // SHUTDOWN is allow_busy only so that NOSAVE gets through a script past busy-reply-threshold.
  if (!o.nosave) {
    const busy = busyError(ctx.server);
    if (busy !== null) throw new ReplyError(busy);
  }
  if (abort) throw new ReplyError("ERR No shutdown in progress.");
  if (o.save && !o.force) {
    ctx.server.warn("SHUTDOWN SAVE refused: redbun keeps no data on disk yet (use NOSAVE, or SAVE FORCE)");
    throw new ReplyError(ERR.shutdownFailed);
  }
  ctx.server.shutdown(o);
};
