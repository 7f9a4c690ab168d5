/** PUBLISH channel message — the number of clients that received it. */
import { bytesToKey } from "../../protocol/bytes.ts";
import type { Handler } from "../types.ts";

export const publish: Handler = (ctx, argv) => {
  ctx.out.integer(ctx.server.pubsub.publish(bytesToKey(argv[1]!), argv[2]!));
};
