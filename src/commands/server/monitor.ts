/**
 * MONITOR: answer +OK, then stream a line per command any client runs (src/pubsub/monitor.ts).
 * A second MONITOR on the same connection gets no reply at all, as in Redis; inside MULTI/EXEC
 * it is refused. RESET or closing the connection ends it.
 */
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import { feedMonitors } from "../../pubsub/monitor.ts";
import type { CommandSpec, Context, Handler } from "../types.ts";

export const monitor: Handler = (ctx) => {
  if (ctx.denyBlocking) throw new ReplyError(ERR.monitorDenyBlocking);
  const pubsub = ctx.server.pubsub;
  if (pubsub.isMonitor(ctx.client)) return;
  pubsub.addMonitor(ctx.client);
  ctx.out.ok();
};

/**
 * Called by the dispatcher after a command ran, only while a monitor is connected. Admin
 * commands (CONFIG, CLIENT LIST, MONITOR itself, ...) and `skip_monitor` ones are not shown.
 */
export function monitorCommand(ctx: Context, spec: CommandSpec, args: Args): void {
  if (spec.flags.includes("admin") || spec.flags.includes("skip_monitor")) return;
  const client = ctx.client;
  const server = ctx.server;
  const unix = server.config.get("unixsocket");
  const addr =
    ctx.fromScript === true
      ? "lua"
      : unix !== "" && client.addr === `${unix}:0`
        ? `unix:${unix}`
        : client.addr;
  const name = spec.name.includes("|") ? spec.name.slice(0, spec.name.indexOf("|")) : spec.name;
  feedMonitors(server.pubsub, server.dbs.clock.now(), { db: client.db, addr }, name, args);
}
