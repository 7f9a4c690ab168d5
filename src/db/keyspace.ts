/**
 * One logical database (one SELECT index): keys to values, plus deadlines for the keys that
 * have one.
 *
 * Shaped for the SET/GET hot path: values sit directly in one `Map` (no wrapper object per
 * key) and deadlines in a second `Map` that only holds keys with a TTL, like Redis's `expires`
 * dict. A read of a key without TTL is one Map lookup and a size check; the clock is read only
 * for keys that have a deadline.
 *
 * Expiry is lazy here (a key past its deadline is removed when touched) and active in
 * `Databases` (a shared timer wheel deletes keys as their deadlines pass).
 *
 * @example
 * const ks = databases.db(0);
 * ks.set("k", value.slice());
 * ks.setExpire("k", clock.now() + 10_000);
 * ks.get("k"); // value, until 10 s have passed
 */

import type { Clock } from "./clock.ts";
import type { TimerNode } from "./timer-wheel.ts";
import { RedisHash } from "./types/hash.ts";
import { RedisList } from "./types/list.ts";
import { RedisSet } from "./types/set.ts";
import type { RedisZSet } from "./types/zset.ts";

/** A stored value: a string (bytes) or one of the collection types. */
export type Value = Uint8Array | RedisList | RedisHash | RedisSet | RedisZSet;

/** The names TYPE replies with. */
export type ValueType = "string" | "list" | "set" | "zset" | "hash" | "stream";

export function typeOf(v: Value): ValueType {
  if (v instanceof Uint8Array) return "string";
  if (v instanceof RedisList) return "list";
  if (v instanceof RedisHash) return "hash";
  if (v instanceof RedisSet) return "set";
  return "zset";
}

/** What the shared expiry wheel holds for each key with a TTL. */
export interface ExpiryItem {
  readonly db: number;
  readonly key: string;
}

/** The part of `Databases` a keyspace needs: the clock, the shared wheel, the expiry hook. */
export interface ExpiryScheduler {
  readonly clock: Clock;
  schedule(item: ExpiryItem, dueAt: number): TimerNode<ExpiryItem>;
  reschedule(node: TimerNode<ExpiryItem>, dueAt: number): void;
  cancel(node: TimerNode<ExpiryItem>): void;
  /** A key was removed because its deadline passed: count it and notify. */
  expired(db: number, key: string): void;
}

/*
 * Redis keeps a key alive while now == its deadline (keyIsExpired is `now > when`), so a
 * node's wheel deadline is the first ms the key is gone: EXPIREAT ms + 1. `getExpire` undoes it.
 */

export class Keyspace {
  readonly index: number;
  private values = new Map<string, Value>();
  private expires = new Map<string, TimerNode<ExpiryItem>>();
  private readonly scheduler: ExpiryScheduler;

  constructor(index: number, scheduler: ExpiryScheduler) {
    this.index = index;
    this.scheduler = scheduler;
  }

  /** Keys stored, like DBSIZE: may include keys past their deadline not yet removed (as Redis). */
  get size(): number {
    return this.values.size;
  }

  /** Keys with a TTL (INFO keyspace `expires=`). */
  get expiresCount(): number {
    return this.expires.size;
  }

  /** The value of a live key; a key past its deadline is deleted here and reads as missing. */
  get(key: string): Value | undefined {
    const v = this.values.get(key);
    if (v === undefined || this.expires.size === 0) return v;
    return this.expireIfDue(key) ? undefined : v;
  }

  has(key: string): boolean {
    if (!this.values.has(key)) return false;
    return this.expires.size === 0 || !this.expireIfDue(key);
  }

  /**
   * Store `value` as is (the caller copies request bytes). Any TTL is cleared unless
   * `keepTtl`; a key already past its deadline counts as expired first (as Redis's
   * lookupKeyWrite does), so KEEPTTL never revives a dead deadline.
   */
  set(key: string, value: Value, keepTtl = false): void {
    if (this.expires.size !== 0) {
      const node = this.expires.get(key);
      if (node !== undefined) {
        if (this.scheduler.clock.now() >= node.deadline) this.removeExpired(key, node);
        else if (!keepTtl) {
          this.scheduler.cancel(node);
          this.expires.delete(key);
        }
      }
    }
    this.values.set(key, value);
  }

  /** Remove a key; false when it was missing (or already past its deadline, as DEL sees it). */
  delete(key: string): boolean {
    if (this.expires.size !== 0) {
      const node = this.expires.get(key);
      if (node !== undefined) {
        if (this.scheduler.clock.now() >= node.deadline) {
          this.removeExpired(key, node);
          return false;
        }
        this.scheduler.cancel(node);
        this.expires.delete(key);
      }
    }
    return this.values.delete(key);
  }

  /** The deadline (Unix ms) of a live key, or undefined when it has none or is missing. */
  getExpire(key: string): number | undefined {
    const node = this.expires.get(key);
    if (node === undefined) return undefined;
    if (this.scheduler.clock.now() >= node.deadline) {
      this.removeExpired(key, node);
      return undefined;
    }
    return node.deadline - 1;
  }

  /**
   * Give a live key the deadline `at` (Unix ms), replacing any previous one in O(1). A
   * deadline <= now deletes the key at once, as EXPIRE does (a plain delete: Redis sends `del`,
   * not `expired`, and does not count it in expired_keys). Returns true when the deadline was
   * set, false when the key was missing or has just been deleted.
   */
  setExpire(key: string, at: number): boolean {
    if (!this.has(key)) return false;
    if (at <= this.scheduler.clock.now()) {
      this.delete(key);
      return false;
    }
    const node = this.expires.get(key);
    if (node !== undefined) this.scheduler.reschedule(node, at + 1);
    else this.expires.set(key, this.scheduler.schedule({ db: this.index, key }, at + 1));
    return true;
  }

  /** Drop a live key's deadline; true when it had one. */
  persist(key: string): boolean {
    const node = this.expires.get(key);
    if (node === undefined) return false;
    if (this.scheduler.clock.now() >= node.deadline) {
      this.removeExpired(key, node);
      return false;
    }
    this.scheduler.cancel(node);
    this.expires.delete(key);
    return true;
  }

  /** Live keys, in insertion order. Keys past their deadline are skipped, not deleted. */
  *keys(): IterableIterator<string> {
    if (this.expires.size === 0) {
      yield* this.values.keys();
      return;
    }
    const now = this.scheduler.clock.now();
    for (const key of this.values.keys()) {
      const node = this.expires.get(key);
      if (node === undefined || now < node.deadline) yield key;
    }
  }

  /**
   * A random live key, or undefined when there is none. O(n): a Map has no random access.
   * Like Redis, keys found past their deadline are removed and another is drawn (bounded
   * tries, so a db full of dead keys still answers).
   */
  randomKey(): string | undefined {
    for (let tries = 0; tries < 100 && this.values.size > 0; tries++) {
      let i = Math.floor(Math.random() * this.values.size);
      for (const key of this.values.keys()) {
        if (i-- > 0) continue;
        if (this.has(key)) return key;
        break;
      }
    }
    return undefined;
  }

  /** Remove every key (FLUSHDB): cancels each deadline in the wheel, then drops both maps. */
  flush(): void {
    for (const node of this.expires.values()) this.scheduler.cancel(node);
    this.values = new Map();
    this.expires = new Map();
  }

  /**
   * For `Databases`' active expiry: remove `key` if `node` is still its deadline and it has
   * passed (a callback may have changed the key since the wheel returned the node).
   */
  expireNode(key: string, node: TimerNode<ExpiryItem>, now: number): boolean {
    if (this.expires.get(key) !== node || now < node.deadline) return false;
    this.removeExpired(key, node);
    return true;
  }

  /** True (and the key removed) when the key has a deadline that has passed. */
  private expireIfDue(key: string): boolean {
    const node = this.expires.get(key);
    if (node === undefined || this.scheduler.clock.now() < node.deadline) return false;
    this.removeExpired(key, node);
    return true;
  }

  private removeExpired(key: string, node: TimerNode<ExpiryItem>): void {
    this.scheduler.cancel(node);
    this.expires.delete(key);
    this.values.delete(key);
    this.scheduler.expired(this.index, key);
  }
}
