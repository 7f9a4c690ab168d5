/**
 * Pub/sub: who listens to which channel, pattern or shard channel, and delivery of messages
 * into the subscribers' reply buffers. Channel names and patterns are binary strings.
 *
 * Shard channels (SSUBSCRIBE/SPUBLISH) are a namespace of their own: a PUBLISH never reaches a
 * shard subscriber and patterns never match shard channels. Without a cluster every shard
 * channel lives on this one node. MONITOR clients are kept here too: they are fanned out to
 * like subscribers, and `monitoring` is the one boolean the dispatcher checks.
 *
 * Delivery writes straight into each subscriber's ReplyWriter and asks its connection to
 * flush (`wake`), so a PUBLISH costs one encode per receiver and no extra queue.
 */
import { globMatch } from "../db/glob.ts";
import type { ReplyWriter } from "../protocol/reply-writer.ts";

export interface Subscriber {
  readonly id: number;
  /** 2 or 3: messages are arrays in RESP2, pushes in RESP3. */
  resp: 2 | 3;
  readonly out: ReplyWriter;
  readonly channels: Set<string>;
  readonly patterns: Set<string>;
  readonly shardChannels: Set<string>;
  /** Closing after its current reply (QUIT): Redis writes nothing more to it. */
  readonly closeAfterReply?: boolean;
  /** Bytes were added to `out` outside this client's own command: write them soon. */
  wake(): void;
}

const MESSAGE = new TextEncoder().encode("$7\r\nmessage\r\n");
const PMESSAGE = new TextEncoder().encode("$8\r\npmessage\r\n");
const SMESSAGE = new TextEncoder().encode("$8\r\nsmessage\r\n");

/**
 * Redis's clientSubscriptionsCount: what (P)SUBSCRIBE and (P)UNSUBSCRIBE confirmations report.
 * Shard subscriptions are counted apart (their confirmations carry `shardChannels.size`).
 */
export function subscriptionCount(s: Subscriber): number {
  return s.channels.size + s.patterns.size;
}

/** Whether a client listens to anything: RESP2 subscribe mode, CLIENT LIST's P flag. */
export function isSubscribed(s: Subscriber): boolean {
  return s.channels.size > 0 || s.patterns.size > 0 || s.shardChannels.size > 0;
}

export class PubSub {
  private readonly channels = new Map<string, Set<Subscriber>>();
  private readonly patterns = new Map<string, Set<Subscriber>>();
  private readonly shards = new Map<string, Set<Subscriber>>();
  private readonly monitors = new Set<Subscriber>();
  /** True while a MONITOR client is connected: the dispatcher feeds it only then. */
  monitoring = false;

  /** Returns true when the subscriber was not yet on the channel. */
  subscribe(s: Subscriber, channel: string): boolean {
    return join(s.channels, this.channels, channel, s);
  }

  unsubscribe(s: Subscriber, channel: string): boolean {
    return leave(s.channels, this.channels, channel, s);
  }

  psubscribe(s: Subscriber, pattern: string): boolean {
    return join(s.patterns, this.patterns, pattern, s);
  }

  punsubscribe(s: Subscriber, pattern: string): boolean {
    return leave(s.patterns, this.patterns, pattern, s);
  }

  ssubscribe(s: Subscriber, channel: string): boolean {
    return join(s.shardChannels, this.shards, channel, s);
  }

  sunsubscribe(s: Subscriber, channel: string): boolean {
    return leave(s.shardChannels, this.shards, channel, s);
  }

  /** MONITOR: from now on `s` gets a line per command run (src/pubsub/monitor.ts). */
  addMonitor(s: Subscriber): void {
    this.monitors.add(s);
    this.monitoring = true;
  }

  isMonitor(s: Subscriber): boolean {
    return this.monitoring && this.monitors.has(s);
  }

  /** The MONITOR clients, for the feed. */
  monitorClients(): Iterable<Subscriber> {
    return this.monitors;
  }

  /** Drop every subscription (and MONITOR) of a client that is going away or RESET (no replies). */
  removeAll(s: Subscriber): void {
    for (const ch of s.channels) removeFrom(this.channels, ch, s);
    for (const p of s.patterns) removeFrom(this.patterns, p, s);
    for (const ch of s.shardChannels) removeFrom(this.shards, ch, s);
    s.channels.clear();
    s.patterns.clear();
    s.shardChannels.clear();
    if (this.monitors.delete(s)) this.monitoring = this.monitors.size > 0;
  }

  /** Deliver to channel and pattern subscribers; returns how many receptions there were. */
  publish(channel: string, message: Uint8Array): number {
    let n = 0;
    const direct = this.channels.get(channel);
    if (direct) {
      for (const s of direct) {
        s.out.push(3);
        s.out.raw(MESSAGE);
        s.out.bulkKey(channel);
        s.out.bulk(message);
        s.wake();
        n++;
      }
    }
    if (this.patterns.size) {
      for (const [pattern, subs] of this.patterns) {
        if (!globMatch(pattern, channel)) continue;
        for (const s of subs) {
          s.out.push(4);
          s.out.raw(PMESSAGE);
          s.out.bulkKey(pattern);
          s.out.bulkKey(channel);
          s.out.bulk(message);
          s.wake();
          n++;
        }
      }
    }
    return n;
  }

  /** SPUBLISH: deliver `smessage` to the shard channel's subscribers; returns how many. */
  spublish(channel: string, message: Uint8Array): number {
    const subs = this.shards.get(channel);
    if (!subs) return 0;
    for (const s of subs) {
      s.out.push(3);
      s.out.raw(SMESSAGE);
      s.out.bulkKey(channel);
      s.out.bulk(message);
      s.wake();
    }
    return subs.size;
  }

  /** Active channels (with at least one subscriber), optionally filtered by a glob pattern. */
  activeChannels(pattern?: string): string[] {
    return matching(this.channels, pattern);
  }

  /** PUBSUB SHARDCHANNELS: the same for shard channels. */
  activeShardChannels(pattern?: string): string[] {
    return matching(this.shards, pattern);
  }

  numSub(channel: string): number {
    return this.channels.get(channel)?.size ?? 0;
  }

  shardNumSub(channel: string): number {
    return this.shards.get(channel)?.size ?? 0;
  }

  /** PUBSUB NUMPAT: distinct patterns with at least one subscriber. */
  get numPat(): number {
    return this.patterns.size;
  }
}

function matching(map: Map<string, Set<Subscriber>>, pattern: string | undefined): string[] {
  const out: string[] = [];
  for (const ch of map.keys()) if (pattern === undefined || globMatch(pattern, ch)) out.push(ch);
  return out;
}

/**
 * Put `s` on `name` in its own set and in the hub's index (channels, patterns or shard
 * channels alike); false when it was there already.
 */
function join(own: Set<string>, index: Map<string, Set<Subscriber>>, name: string, s: Subscriber): boolean {
  if (own.has(name)) return false;
  own.add(name);
  addTo(index, name, s);
  return true;
}

/** Take `s` off `name` in both; false when it was not there. */
function leave(own: Set<string>, index: Map<string, Set<Subscriber>>, name: string, s: Subscriber): boolean {
  if (!own.delete(name)) return false;
  removeFrom(index, name, s);
  return true;
}

function addTo(map: Map<string, Set<Subscriber>>, name: string, s: Subscriber): void {
  let set = map.get(name);
  if (!set) {
    set = new Set();
    map.set(name, set);
  }
  set.add(s);
}

function removeFrom(map: Map<string, Set<Subscriber>>, name: string, s: Subscriber): void {
  const set = map.get(name);
  if (!set) return;
  set.delete(s);
  if (set.size === 0) map.delete(name);
}
