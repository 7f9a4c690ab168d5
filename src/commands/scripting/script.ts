/** SCRIPT LOAD | EXISTS | FLUSH [ASYNC|SYNC] | KILL | DEBUG | HELP: the EVAL script cache. */
import { ERR, ReplyError } from "../../errors.ts";
import { killBusyScript } from "../../scripting/busy.ts";
import { engineOf } from "../../scripting/engine.ts";
import { normalizeSha } from "../../scripting/script-cache.ts";
import { helpReply } from "../server/help.ts";
import type { Handler } from "../types.ts";

/** SCRIPT LOAD script: compile and cache it; its sha1. */
export const scriptLoad: Handler = (ctx, args) => {
  const script = engineOf(ctx.server).load(args.bytes(2));
  ctx.out.bulkKey(script.sha);
};

/** SCRIPT EXISTS sha1 [sha1 ...]: 1 or 0 for each. */
export const scriptExists: Handler = (ctx, args) => {
  const scripts = engineOf(ctx.server).scripts;
  ctx.out.array(args.length - 2);
  for (let i = 2; i < args.length; i++) {
    const sha = normalizeSha(args.key(i));
    ctx.out.integer(sha !== null && scripts.has(sha) ? 1 : 0);
  }
};

/** SCRIPT FLUSH [ASYNC|SYNC]: both empty the cache at once (there is nothing to free lazily). */
export const scriptFlush: Handler = (ctx, args) => {
  if (args.length > 3 || (args.length === 3 && !args.is(2, "async") && !args.is(2, "sync"))) {
    throw new ReplyError(ERR.scriptFlushOption);
  }
  engineOf(ctx.server).flush();
  ctx.out.ok();
};

/** SCRIPT KILL: stop the script running past busy-reply-threshold (if it wrote nothing). */
export const scriptKill: Handler = (ctx) => {
  killBusyScript(ctx.server, true);
  ctx.out.ok();
};

/** SCRIPT DEBUG NO is accepted; YES and SYNC need a Lua debugger, which redbun does not have. */
export const scriptDebug: Handler = (ctx, args) => {
  if (!args.is(2, "no")) throw new ReplyError(ERR.scriptDebugUnsupported);
  ctx.out.ok();
};

export const scriptHelp: Handler = (ctx) =>
  helpReply(ctx, "SCRIPT", [
    "DEBUG (YES|SYNC|NO)",
    "    Set the debug mode for subsequent scripts executed.",
    "EXISTS <sha1> [<sha1> ...]",
    "    Return information about the existence of the scripts in the script cache.",
    "FLUSH [ASYNC|SYNC]",
    "    Flush the Lua scripts cache. Very dangerous on replicas.",
    "    When called without the optional mode argument, the behavior is determined by the",
    "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
    "    * ASYNC: Asynchronously flush the scripts cache.",
    "    * SYNC: Synchronously flush the scripts cache.",
    "KILL",
    "    Kill the currently executing Lua script.",
    "LOAD <script>",
    "    Load a script into the scripts cache without executing it.",
  ]);
