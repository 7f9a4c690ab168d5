/**
 * SUBSCRIBE / UNSUBSCRIBE channel ... and PSUBSCRIBE / PUNSUBSCRIBE pattern ...
 * One confirmation per name, each carrying the client's subscription count; pushes in RESP3.
 * UNSUBSCRIBE with no names leaves everything (or confirms with a null name when there was nothing).
 */
import { bytesToKey } from "../../protocol/bytes.ts";
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

function each(ctx: Context, argv: Uint8Array[], kind: Kind, act: (name: string) => void): void {
  for (let i = 1; i < argv.length; i++) {
    const name = bytesToKey(argv[i]!);
    act(name);
    confirm(ctx.client, kind, name);
  }
}

export const subscribe: Handler = (ctx, argv) =>
  each(ctx, argv, "subscribe", (ch) => ctx.server.pubsub.subscribe(ctx.client, ch));

export const psubscribe: Handler = (ctx, argv) =>
  each(ctx, argv, "psubscribe", (p) => ctx.server.pubsub.psubscribe(ctx.client, p));

export const unsubscribe: Handler = (ctx, argv) => {
  const pubsub = ctx.server.pubsub;
  if (argv.length > 1) return each(ctx, argv, "unsubscribe", (ch) => pubsub.unsubscribe(ctx.client, ch));
  if (ctx.client.channels.size === 0) return confirm(ctx.client, "unsubscribe", null);
  for (const ch of [...ctx.client.channels]) {
    pubsub.unsubscribe(ctx.client, ch);
    confirm(ctx.client, "unsubscribe", ch);
  }
};

export const punsubscribe: Handler = (ctx, argv) => {
  const pubsub = ctx.server.pubsub;
  if (argv.length > 1) return each(ctx, argv, "punsubscribe", (p) => pubsub.punsubscribe(ctx.client, p));
  if (ctx.client.patterns.size === 0) return confirm(ctx.client, "punsubscribe", null);
  for (const p of [...ctx.client.patterns]) {
    pubsub.punsubscribe(ctx.client, p);
    confirm(ctx.client, "punsubscribe", p);
  }
};
