/**
 * EVAL script numkeys [key ...] [arg ...], EVALSHA sha1 numkeys ..., and their read-only forms
 * EVAL_RO / EVALSHA_RO (write commands refused inside, and scripts whose shebang does not say
 * `no-writes` refused up front). The engine (src/scripting/engine.ts) does the running.
 */
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import { feedMonitors } from "../../pubsub/monitor.ts";
import { engineOf } from "../../scripting/engine.ts";
import { normalizeSha } from "../../scripting/script-cache.ts";
import type { Context, Handler } from "../types.ts";

/** numkeys (argument 2), checked in Redis's order against the arguments that follow it. */
function readNumkeys(args: Args): number {
  const n = args.int64(2);
  if (n === null) throw new ReplyError(ERR.notInteger);
  if (n > args.length - 3) throw new ReplyError(ERR.numkeysTooMany);
  if (n < 0) throw new ReplyError(ERR.numkeysNegative);
  return Number(n);
}

/**
 * EVAL is `skip_monitor`: like Redis, it is shown to MONITOR before it runs, so the commands
 * the script runs (shown as `lua`) come after it.
 */
export function monitorFirst(ctx: Context, args: Args): void {
  const server = ctx.server;
  if (!server.pubsub.monitoring) return;
  const unix = server.config.get("unixsocket");
  const client = ctx.client;
  const addr = unix !== "" && client.addr === `${unix}:0` ? `unix:${unix}` : client.addr;
  feedMonitors(server.pubsub, server.dbs.clock.now(), { db: client.db, addr }, args.lower(0), args);
}

function evalBody(ctx: Context, args: Args, ro: boolean): void {
  const numkeys = readNumkeys(args);
  const engine = engineOf(ctx.server);
  const script = engine.load(args.bytes(1));
  monitorFirst(ctx, args);
  engine.evalScript(ctx, script, args, 3, numkeys, ro);
}

function evalSha(ctx: Context, args: Args, ro: boolean): void {
  const sha = normalizeSha(args.key(1));
  if (sha === null) throw new ReplyError(ERR.noScript);
  const numkeys = readNumkeys(args);
  const engine = engineOf(ctx.server);
  const script = engine.scripts.get(sha);
  if (script === undefined) throw new ReplyError(ERR.noScript);
  monitorFirst(ctx, args);
  engine.evalScript(ctx, script, args, 3, numkeys, ro);
}

export const evalCommand: Handler = (ctx, args) => evalBody(ctx, args, false);
export const evalRo: Handler = (ctx, args) => evalBody(ctx, args, true);
export const evalsha: Handler = (ctx, args) => evalSha(ctx, args, false);
export const evalshaRo: Handler = (ctx, args) => evalSha(ctx, args, true);
