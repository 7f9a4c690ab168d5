import type { Handler } from "../types.ts";

export const publish: Handler = (ctx, args) => {
  ctx.out.integer(ctx.server.pubsub.publish(args.key(1), args.bytes(2)));
};
