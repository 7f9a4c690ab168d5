/** PUBSUB CHANNELS [pattern] | NUMSUB [channel ...] | NUMPAT | HELP. */
import { bytesToKey } from "../../protocol/bytes.ts";
import { helpReply } from "../server/help.ts";
import type { Handler } from "../types.ts";

export const pubsubChannels: Handler = (ctx, argv) => {
  const list = ctx.server.pubsub.activeChannels(argv.length > 2 ? bytesToKey(argv[2]!) : undefined);
  ctx.out.array(list.length);
  for (const ch of list) ctx.out.bulkKey(ch);
};

export const pubsubNumsub: Handler = (ctx, argv) => {
  ctx.out.map(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    const ch = bytesToKey(argv[i]!);
    ctx.out.bulkKey(ch);
    ctx.out.integer(ctx.server.pubsub.numSub(ch));
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
