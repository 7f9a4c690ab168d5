/**
 * Pub/sub on the client side: who listens to which channel or pattern, and each
 * subscription's stream of messages.
 *
 * Several subscriptions may share a channel: the server is told SUBSCRIBE for every name a
 * subscription asks for (so each `subscribe()` resolves on the server's own confirmation), but
 * UNSUBSCRIBE only when the last subscription to a name lets go. After a reconnect the client
 * replays `resubscribeCommands()` during the handshake, before any queued command.
 *
 * @example
 * const sub = await client.subscribe("news");
 * for await (const { channel, message } of sub) console.log(channel, message);
 */
import type { CommandArg } from "../protocol/command-encoder.ts";
import type { RespValue } from "../protocol/reply-parser.ts";
import { asBulk, asText } from "./decode.ts";

export interface PubSubMessage<S = string> {
  channel: string;
  message: S;
  /** The pattern that matched, for `psubscribe` subscriptions. */
  pattern?: string;
}

/** Sends a (P)(UN)SUBSCRIBE and resolves once all of its confirmations have arrived. */
export type PubSubSend = (args: CommandArg[], confirmKind: string, confirmations: number) => Promise<unknown>;

/**
 * One `subscribe()` / `psubscribe()` call: an async iterable of its messages. Breaking out of a
 * `for await` loop, `unsubscribe()` or `await using` all unsubscribe. Messages are buffered
 * until read, without a limit: a subscription nobody reads grows.
 */
export class Subscription<S = string> implements AsyncIterable<PubSubMessage<S>>, AsyncDisposable {
  private readonly buffer: PubSubMessage<S>[] = [];
  private waiter: {
    resolve: (r: IteratorResult<PubSubMessage<S>>) => void;
    reject: (e: Error) => void;
  } | null = null;
  private ended = false;
  private endError: Error | undefined;

  constructor(
    private readonly owner: PubSubState<S>,
    readonly channels: readonly string[],
    readonly patterns: readonly string[],
  ) {}

  /** @internal */
  deliver(m: PubSubMessage<S>): void {
    if (this.ended) return;
    const w = this.waiter;
    if (w !== null) {
      this.waiter = null;
      w.resolve({ value: m, done: false });
    } else {
      this.buffer.push(m);
    }
  }

  /** @internal End the stream: readers get what is buffered, then done (or the error). */
  end(error?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.endError = error;
    const w = this.waiter;
    this.waiter = null;
    if (w === null) return;
    if (error !== undefined && this.buffer.length === 0) w.reject(error);
    else w.resolve({ value: undefined, done: true });
  }

  /** The next message; `undefined` once the subscription has ended. */
  async next(): Promise<PubSubMessage<S> | undefined> {
    const r = await this.read();
    return r.done ? undefined : r.value;
  }

  private read(): Promise<IteratorResult<PubSubMessage<S>>> {
    const m = this.buffer.shift();
    if (m !== undefined) return Promise.resolve({ value: m, done: false });
    if (this.ended) {
      return this.endError !== undefined
        ? Promise.reject(this.endError)
        : Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  /** Stop listening; the iteration ends after the messages already received. */
  unsubscribe(): Promise<void> {
    return this.owner.remove(this);
  }

  [Symbol.asyncIterator](): AsyncIterator<PubSubMessage<S>> {
    return {
      next: () => this.read(),
      return: async () => {
        await this.unsubscribe();
        return { value: undefined, done: true };
      },
    };
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.unsubscribe();
  }
}

/** The subscriptions of one connection (the main one in RESP3, a dedicated one in RESP2). */
export class PubSubState<S> {
  private readonly channels = new Map<string, Set<Subscription<S>>>();
  private readonly patterns = new Map<string, Set<Subscription<S>>>();

  constructor(
    private readonly send: PubSubSend,
    private readonly buffers: boolean,
  ) {}

  get size(): number {
    return this.channels.size + this.patterns.size;
  }

  async add(channels: readonly string[], patterns: readonly string[]): Promise<Subscription<S>> {
    const ch = [...new Set(channels)];
    const pat = [...new Set(patterns)];
    if (ch.length + pat.length === 0) throw new TypeError("subscribe needs at least one channel or pattern");
    const sub = new Subscription<S>(this, ch, pat);
    for (const c of ch) getOrAdd(this.channels, c).add(sub);
    for (const p of pat) getOrAdd(this.patterns, p).add(sub);
    const confirmed: Promise<unknown>[] = [];
    if (ch.length > 0) confirmed.push(this.send(["SUBSCRIBE", ...ch], "subscribe", ch.length));
    if (pat.length > 0) confirmed.push(this.send(["PSUBSCRIBE", ...pat], "psubscribe", pat.length));
    try {
      await Promise.all(confirmed);
    } catch (e) {
      await this.remove(sub).catch(() => {});
      throw e;
    }
    return sub;
  }

  async remove(sub: Subscription<S>): Promise<void> {
    const ch = release(this.channels, sub.channels, sub);
    const pat = release(this.patterns, sub.patterns, sub);
    sub.end();
    const done: Promise<unknown>[] = [];
    if (ch.length > 0) done.push(this.send(["UNSUBSCRIBE", ...ch], "unsubscribe", ch.length));
    if (pat.length > 0) done.push(this.send(["PUNSUBSCRIBE", ...pat], "punsubscribe", pat.length));
    // The client may be closed or reconnecting; either way the server no longer holds these.
    await Promise.all(done).catch(() => {});
  }

  /** Route a `message` / `pmessage` push; anything else is not ours. */
  dispatch(items: RespValue[]): void {
    const kind = asText(items[0]!);
    if (kind === "message" && items.length >= 3) {
      const channel = asText(items[1]!);
      const subs = this.channels.get(channel);
      if (subs === undefined) return;
      const message = asBulk(items[2]!, this.buffers) as S;
      for (const s of subs) s.deliver({ channel, message });
    } else if (kind === "pmessage" && items.length >= 4) {
      const pattern = asText(items[1]!);
      const subs = this.patterns.get(pattern);
      if (subs === undefined) return;
      const channel = asText(items[2]!);
      const message = asBulk(items[3]!, this.buffers) as S;
      for (const s of subs) s.deliver({ channel, message, pattern });
    }
  }

  /** The commands that restore every subscription on a new connection. */
  resubscribe(send: PubSubSend): Promise<unknown>[] {
    const out: Promise<unknown>[] = [];
    const ch = [...this.channels.keys()];
    const pat = [...this.patterns.keys()];
    if (ch.length > 0) out.push(send(["SUBSCRIBE", ...ch], "subscribe", ch.length));
    if (pat.length > 0) out.push(send(["PSUBSCRIBE", ...pat], "psubscribe", pat.length));
    return out;
  }

  /** The client is closing or gave up: end every subscription. */
  endAll(error?: Error): void {
    for (const subs of [...this.channels.values(), ...this.patterns.values()])
      for (const s of subs) s.end(error);
    this.channels.clear();
    this.patterns.clear();
  }
}

function getOrAdd<S>(map: Map<string, Set<Subscription<S>>>, name: string): Set<Subscription<S>> {
  let set = map.get(name);
  if (set === undefined) {
    set = new Set();
    map.set(name, set);
  }
  return set;
}

/** Drop `sub` from each name; the names nobody listens to any more. */
function release<S>(
  map: Map<string, Set<Subscription<S>>>,
  names: readonly string[],
  sub: Subscription<S>,
): string[] {
  const freed: string[] = [];
  for (const n of names) {
    const set = map.get(n);
    if (set === undefined || !set.delete(sub)) continue;
    if (set.size === 0) {
      map.delete(n);
      freed.push(n);
    }
  }
  return freed;
}
