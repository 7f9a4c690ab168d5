/** PUBLISH channel message and SPUBLISH shardchannel message: reply with the number of receivers. */
import type { Handler } from "../types.ts";

export const publish: Handler = (ctx, args) => {
  ctx.out.integer(ctx.server.pubsub.publish(args.key(1), args.bytes(2)));
};

/** SPUBLISH shardchannel message: shard subscribers only (no patterns). */
export const spublish: Handler = (ctx, args) => {
  ctx.out.integer(ctx.server.pubsub.spublish(args.key(1), args.bytes(2)));
};
