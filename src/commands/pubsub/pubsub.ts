/** PUBSUB CHANNELS [pattern] | NUMSUB [channel ...] | NUMPAT | SHARDCHANNELS [pattern] | SHARDNUMSUB [channel ...] | HELP. */
import { ERR, ReplyError } from "../../errors.ts";
import { helpReply } from "../server/help.ts";
import type { Handler } from "../types.ts";

export const pubsubChannels: Handler = (ctx, args) => {
  // The registry's arity (-2) is Redis's; the upper bound is checked here, with Redis's text.
  if (args.length > 3) throw new ReplyError(ERR.subcommandSyntax(args.key(1), "PUBSUB"));
  const list = ctx.server.pubsub.activeChannels(args.length > 2 ? args.key(2) : undefined);
  ctx.out.array(list.length);
  for (const ch of list) ctx.out.bulkKey(ch);
};

/** Channel, count, channel, count...: a flat array in RESP3 too (Redis 7.0 sends no map here). */
export const pubsubNumsub: Handler = (ctx, args) => {
  ctx.out.array((args.length - 2) * 2);
  for (let i = 2; i < args.length; i++) {
    const ch = args.key(i);
    ctx.out.bulkKey(ch);
    ctx.out.integer(ctx.server.pubsub.numSub(ch));
  }
};

export const pubsubShardchannels: Handler = (ctx, args) => {
  if (args.length > 3) throw new ReplyError(ERR.subcommandSyntax(args.key(1), "PUBSUB"));
  const list = ctx.server.pubsub.activeShardChannels(args.length > 2 ? args.key(2) : undefined);
  ctx.out.array(list.length);
  for (const ch of list) ctx.out.bulkKey(ch);
};

export const pubsubShardnumsub: Handler = (ctx, args) => {
  ctx.out.array((args.length - 2) * 2);
  for (let i = 2; i < args.length; i++) {
    const ch = args.key(i);
    ctx.out.bulkKey(ch);
    ctx.out.integer(ctx.server.pubsub.shardNumSub(ch));
  }
};

export const pubsubNumpat: Handler = (ctx) => {
  ctx.out.integer(ctx.server.pubsub.numPat);
};

export const pubsubHelp: Handler = (ctx) =>
  helpReply(ctx, "PUBSUB", [
    "CHANNELS [<pattern>]",
    "    Return the currently active channels matching a <pattern> (default: '*').",
    "NUMPAT",
    "    Return number of subscriptions to patterns.",
    "NUMSUB [<channel> ...]",
    "    Return the number of subscribers for the specified channels, excluding",
    "    pattern subscriptions(default: no channels).",
    "SHARDCHANNELS [<pattern>]",
    "    Return the currently active shard level channels matching a <pattern> (default: '*').",
    "SHARDNUMSUB [<shardchannel> ...]",
    "    Return the number of subscribers for the specified shard level channel(s)",
  ]);
