/**
 * SUBSCRIBE / UNSUBSCRIBE channel ... and PSUBSCRIBE / PUNSUBSCRIBE pattern ...
 * One confirmation per name, each carrying the client's subscription count; pushes in RESP3.
 * UNSUBSCRIBE with no names leaves everything (or confirms with a null name when there was nothing).
 */
import type { Args } from "../../protocol/args.ts";
import type { ClientState, Context, Handler } from "../types.ts";

type Kind = "subscribe" | "unsubscribe" | "psubscribe" | "punsubscribe";

function confirm(client: ClientState, kind: Kind, name: string | null): void {
  const out = client.out;
  out.push(3);
  out.bulkKey(kind);
  if (name === null) out.nil();
  else out.bulkKey(name);
  out.integer(client.channels.size + client.patterns.size);
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
