/**
 * SUBSCRIBE / UNSUBSCRIBE channel ..., PSUBSCRIBE / PUNSUBSCRIBE pattern ... and SSUBSCRIBE /
 * SUNSUBSCRIBE shardchannel ...
 * One confirmation per name, each carrying the client's subscription count; pushes in RESP3.
 * UNSUBSCRIBE with no names leaves everything (or confirms with a null name when there was nothing).
 * As in Redis 7.0, shard confirmations count shard channels only, the others channels plus
 * patterns; any of the three keeps a RESP2 connection in subscribe mode.
 */
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import { subscriptionCount } from "../../pubsub/hub.ts";
import type { ClientState, Context, Handler } from "../types.ts";

type Kind = "subscribe" | "unsubscribe" | "psubscribe" | "punsubscribe" | "ssubscribe" | "sunsubscribe";

function confirm(client: ClientState, kind: Kind, name: string | null): void {
  const out = client.out;
  out.push(3);
  out.bulkKey(kind);
  if (name === null) out.nil();
  else out.bulkKey(name);
  const shard = kind === "ssubscribe" || kind === "sunsubscribe";
  out.integer(shard ? client.shardChannels.size : subscriptionCount(client));
}

function each(ctx: Context, args: Args, kind: Kind, act: (name: string) => void): void {
  for (let i = 1; i < args.length; i++) {
    const name = args.key(i);
    act(name);
    confirm(ctx.client, kind, name);
  }
}

export const subscribe: Handler = (ctx, args) =>
  each(ctx, args, "subscribe", (ch) => ctx.server.pubsub.subscribe(ctx.client, ch));

export const psubscribe: Handler = (ctx, args) =>
  each(ctx, args, "psubscribe", (p) => ctx.server.pubsub.psubscribe(ctx.client, p));

export const unsubscribe: Handler = (ctx, args) => {
  const pubsub = ctx.server.pubsub;
  if (args.length > 1) return each(ctx, args, "unsubscribe", (ch) => pubsub.unsubscribe(ctx.client, ch));
  if (ctx.client.channels.size === 0) return confirm(ctx.client, "unsubscribe", null);
  for (const ch of [...ctx.client.channels]) {
    pubsub.unsubscribe(ctx.client, ch);
    confirm(ctx.client, "unsubscribe", ch);
  }
};

export const punsubscribe: Handler = (ctx, args) => {
  const pubsub = ctx.server.pubsub;
  if (args.length > 1) return each(ctx, args, "punsubscribe", (p) => pubsub.punsubscribe(ctx.client, p));
  if (ctx.client.patterns.size === 0) return confirm(ctx.client, "punsubscribe", null);
  for (const p of [...ctx.client.patterns]) {
    pubsub.punsubscribe(ctx.client, p);
    confirm(ctx.client, "punsubscribe", p);
  }
};

/** Unlike SUBSCRIBE, Redis 7.0 refuses SSUBSCRIBE inside MULTI/EXEC (a DENY BLOCKING client). */
export const ssubscribe: Handler = (ctx, args) => {
  if (ctx.denyBlocking) throw new ReplyError(ERR.denyBlocking("SSUBSCRIBE"));
  each(ctx, args, "ssubscribe", (ch) => ctx.server.pubsub.ssubscribe(ctx.client, ch));
};

export const sunsubscribe: Handler = (ctx, args) => {
  const pubsub = ctx.server.pubsub;
  if (args.length > 1) return each(ctx, args, "sunsubscribe", (ch) => pubsub.sunsubscribe(ctx.client, ch));
  if (ctx.client.shardChannels.size === 0) return confirm(ctx.client, "sunsubscribe", null);
  for (const ch of [...ctx.client.shardChannels]) {
    pubsub.sunsubscribe(ctx.client, ch);
    confirm(ctx.client, "sunsubscribe", ch);
  }
};
