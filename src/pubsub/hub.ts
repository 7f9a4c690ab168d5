/**
 * Pub/sub: who listens to which channel or pattern, and delivery of messages into the
 * subscribers' reply buffers. Channel names and patterns are binary strings.
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
  /** Bytes were added to `out` outside this client's own command: write them soon. */
  wake(): void;
}

const MESSAGE = new TextEncoder().encode("$7\r\nmessage\r\n");
const PMESSAGE = new TextEncoder().encode("$8\r\npmessage\r\n");

export class PubSub {
  private readonly channels = new Map<string, Set<Subscriber>>();
  private readonly patterns = new Map<string, Set<Subscriber>>();

  /** Returns true when the subscriber was not yet on the channel. */
  subscribe(s: Subscriber, channel: string): boolean {
    if (s.channels.has(channel)) return false;
    s.channels.add(channel);
    addTo(this.channels, channel, s);
    return true;
  }

  unsubscribe(s: Subscriber, channel: string): boolean {
    if (!s.channels.delete(channel)) return false;
    removeFrom(this.channels, channel, s);
    return true;
  }

  psubscribe(s: Subscriber, pattern: string): boolean {
    if (s.patterns.has(pattern)) return false;
    s.patterns.add(pattern);
    addTo(this.patterns, pattern, s);
    return true;
  }

  punsubscribe(s: Subscriber, pattern: string): boolean {
    if (!s.patterns.delete(pattern)) return false;
    removeFrom(this.patterns, pattern, s);
    return true;
  }

  /** Drop every subscription of a client that is going away (no replies). */
  removeAll(s: Subscriber): void {
    for (const ch of s.channels) removeFrom(this.channels, ch, s);
    for (const p of s.patterns) removeFrom(this.patterns, p, s);
    s.channels.clear();
    s.patterns.clear();
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

  /** Active channels (with at least one subscriber), optionally filtered by a glob pattern. */
  activeChannels(pattern?: string): string[] {
    const out: string[] = [];
    for (const ch of this.channels.keys()) if (pattern === undefined || globMatch(pattern, ch)) out.push(ch);
    return out;
  }

  numSub(channel: string): number {
    return this.channels.get(channel)?.size ?? 0;
  }

  /** PUBSUB NUMPAT: distinct patterns with at least one subscriber. */
  get numPat(): number {
    return this.patterns.size;
  }
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
