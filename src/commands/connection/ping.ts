/**
 * PING [message] and ECHO message. A RESP2 client in subscribe mode gets PING's answer as the
 * array `["pong", message]`, because plain replies would be confused with messages there.
 */
import { ERR, ReplyError } from "../../errors.ts";
import { isSubscribed } from "../../pubsub/hub.ts";
import type { Handler } from "../types.ts";

const PONG = new TextEncoder().encode("+PONG\r\n");
const EMPTY = new Uint8Array(0);

export const ping: Handler = (ctx, args) => {
  if (args.length > 2) throw new ReplyError(ERR.wrongArity("ping"));
  const c = ctx.client;
  if (c.resp === 2 && isSubscribed(c)) {
    ctx.out.array(2);
    ctx.out.bulkKey("pong");
    ctx.out.bulk(args.length === 2 ? args.bytes(1) : EMPTY);
  } else if (args.length === 1) {
    ctx.out.raw(PONG);
  } else {
    ctx.out.bulk(args.bytes(1));
  }
};

export const echo: Handler = (ctx, args) => ctx.out.bulk(args.bytes(1));
