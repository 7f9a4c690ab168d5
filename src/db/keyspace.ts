/**
 * One logical database (one SELECT index): keys to values, plus deadlines for the keys that
 * have one.
 *
 * Storage is a KeyTable (src/db/key-table.ts): keys are found by their bytes, small string
 * values sit next to their key in shared slabs, so the SET/GET hot path neither builds a key
 * string nor allocates. Two APIs share it:
 * - by key string (binary string, one char per byte): get / set / delete / has / ... for every
 *   command;
 * - by entry id, found from request bytes with `lookup(src, start, end)`: what GET/SET use.
 *
 * Expiry is lazy here (a key past its deadline is removed when touched) and active in
 * `Databases` (a shared timer wheel deletes keys as their deadlines pass). Only keys that have a
 * deadline get a wheel node (and a key string, which the node carries).
 *
 * Values returned for strings are views into a slab: valid until the next write to that key.
 *
 * @example
 * const ks = databases.db(0);
 * ks.set("k", value);
 * ks.setExpire("k", clock.now() + 10_000);
 * ks.get("k"); // value, until 10 s have passed
 */

import { binaryString } from "./binary-string.ts";
import type { Clock } from "./clock.ts";
import { KeyTable } from "./key-table.ts";
import type { TimerNode } from "./timer-wheel.ts";
import { RedisHash } from "./types/hash.ts";
import { RedisList } from "./types/list.ts";
import { RedisSet } from "./types/set.ts";
import type { RedisStream } from "./types/stream.ts";
import { RedisZSet } from "./types/zset.ts";

/** A stored value: a string (bytes) or one of the collection types. */
export type Value = Uint8Array | RedisList | RedisHash | RedisSet | RedisZSet | RedisStream;

/** The names TYPE replies with. */
export type ValueType = "string" | "list" | "set" | "zset" | "hash" | "stream";

export function typeOf(v: Value): ValueType {
  if (v instanceof Uint8Array) return "string";
  if (v instanceof RedisList) return "list";
  if (v instanceof RedisHash) return "hash";
  if (v instanceof RedisSet) return "set";
  if (v instanceof RedisZSet) return "zset";
  return "stream";
}

/** What the shared expiry wheel holds for each key with a TTL. */
export interface ExpiryItem {
  /** Mutable: SWAPDB moves keys, and their wheel nodes, to another index. */
  db: number;
  readonly key: string;
}

/**
 * Lookup modes (ExpiryScheduler.lookupMode): what Redis's lookupKeyRead does and lookupKeyWrite
 * does not. A read counts a hit or a miss (LOOKUP_STATS) and publishes `keymiss` on a miss
 * (LOOKUP_NOTIFY); OBJECT counts without notifying (Redis's LOOKUP_NONOTIFY).
 */
export const LOOKUP_WRITE = 0;
export const LOOKUP_STATS = 1;
export const LOOKUP_NOTIFY = 2;
export const LOOKUP_READ = LOOKUP_STATS | LOOKUP_NOTIFY;

/** The part of `Databases` a keyspace needs: the clock, the shared wheel, the expiry hook. */
export interface ExpiryScheduler {
  readonly clock: Clock;
  /**
   * The access time lookups stamp on a key (Unix seconds: Redis's LRU clock), or -1 while the
   * running command must not touch keys (TYPE, EXISTS, TTL, OBJECT; CLIENT NO-TOUCH). The
   * dispatcher sets it per command, so a lookup pays one store, not a clock read.
   */
  touch: number;
  /** Called when a key is created (keyspace notifications' `new` event); null when nobody listens. */
  readonly onNewKey: ((db: number, key: string) => void) | null;
  /** "Now" for deadlines: the clock, or a running script's start time (Databases.scriptNow). */
  now(): number;
  /**
   * What the running command's read lookups (`lookup`, `lookupKey`, `get`, `has`) do besides
   * finding the key: LOOKUP_* bits, Redis's lookupKey flags. The dispatcher sets it per command;
   * serving blocked clients sets LOOKUP_WRITE (nothing counted). Write methods never count.
   */
  lookupMode: number;
  /** INFO's keyspace_hits / keyspace_misses, counted by read lookups under LOOKUP_STATS. */
  keyspaceHits: number;
  keyspaceMisses: number;
  /** Called on a read miss under LOOKUP_NOTIFY (the `keymiss` event); null when nobody listens. */
  readonly onKeyMiss: ((db: number, key: string) => void) | null;
  schedule(item: ExpiryItem, dueAt: number): TimerNode<ExpiryItem>;
  reschedule(node: TimerNode<ExpiryItem>, dueAt: number): void;
  cancel(node: TimerNode<ExpiryItem>): void;
  /** A key was removed because its deadline passed: count it and notify. */
  expired(db: number, key: string): void;
}

/*
 * Redis keeps a key alive while now == its deadline (keyIsExpired is `now > when`), so the
 * stored deadline is the first ms the key is gone: EXPIREAT ms + 1. `getExpire` undoes it.
 */

export class Keyspace {
  index: number;
  private table = new KeyTable();
  /** Wheel node per entry id, for keys with a deadline. */
  private timers: (TimerNode<ExpiryItem> | undefined)[] = [];
  private withDeadline = 0;
  private readonly scheduler: ExpiryScheduler;

  constructor(index: number, scheduler: ExpiryScheduler) {
    this.index = index;
    this.scheduler = scheduler;
  }

  /** Keys stored, like DBSIZE: may include keys past their deadline not yet removed (as Redis). */
  get size(): number {
    return this.table.size;
  }

  /** Keys with a TTL (INFO keyspace `expires=`). */
  get expiresCount(): number {
    return this.withDeadline;
  }

  // --- by entry id (the hot path) ----------------------------------------------------------

  /**
   * The entry id of a live key given as bytes, or -1 (a key past its deadline is removed). A
   * read lookup: counted (and a miss notified) as the running command's lookupMode says.
   */
  lookup(src: Uint8Array, start: number, end: number): number {
    const id = this.live(src, start, end);
    const mode = this.scheduler.lookupMode;
    if (mode !== LOOKUP_WRITE) {
      if (id >= 0) {
        if ((mode & LOOKUP_STATS) !== 0) this.scheduler.keyspaceHits++;
      } else this.missed(mode, src, start, end, null);
    }
    return id;
  }

  /** lookup() for a key given as a binary string. */
  lookupKey(key: string): number {
    const id = this.liveKey(key);
    const mode = this.scheduler.lookupMode;
    if (mode !== LOOKUP_WRITE) {
      if (id >= 0) {
        if ((mode & LOOKUP_STATS) !== 0) this.scheduler.keyspaceHits++;
      } else this.missed(mode, null, 0, 0, key);
    }
    return id;
  }

  /** A read lookup found nothing: count it, and publish `keymiss` (the key as a string or bytes). */
  private missed(mode: number, src: Uint8Array | null, start: number, end: number, key: string | null): void {
    const s = this.scheduler;
    if ((mode & LOOKUP_STATS) !== 0) s.keyspaceMisses++;
    if ((mode & LOOKUP_NOTIFY) !== 0 && s.onKeyMiss !== null) {
      s.onKeyMiss(this.index, key ?? binaryString(src!, start, end));
    }
  }

  /** The entry id of a live key given as bytes, or -1: a write lookup (nothing counted). */
  private live(src: Uint8Array, start: number, end: number): number {
    const id = this.table.find(src, start, end);
    if (id < 0 || (this.withDeadline !== 0 && this.expireIfDue(id))) return -1;
    this.touched(id);
    return id;
  }

  /** live() for a key given as a binary string. */
  private liveKey(key: string): number {
    const id = this.table.findKey(key);
    if (id < 0 || (this.withDeadline !== 0 && this.expireIfDue(id))) return -1;
    this.touched(id);
    return id;
  }

  /** Seconds since the key was last read or written (OBJECT IDLETIME), for a live key. */
  idleSeconds(id: number, now: number): number {
    return Math.max(0, Math.floor(now / 1000) - this.table.access(id));
  }

  private touched(id: number): void {
    const t = this.scheduler.touch;
    if (t >= 0) this.table.setAccess(id, t);
  }

  /** The value of an entry (strings as a view, valid until the key is written again). */
  valueOf(id: number): Value {
    return this.table.hasInlineString(id) ? this.table.stringView(id) : (this.table.object(id) as Value);
  }

  /** True when the entry's string value is inline: read it with valueSlab/valueStart/valueEnd. */
  inlineString(id: number): boolean {
    return this.table.hasInlineString(id);
  }

  valueSlab(id: number): Uint8Array {
    return this.table.valueSlab(id);
  }

  valueStart(id: number): number {
    return this.table.valueStart(id);
  }

  valueEnd(id: number): number {
    return this.table.valueEnd(id);
  }

  /**
   * SET of a string given as bytes (copied), creating the key if needed. The TTL is cleared
   * unless `keepTtl`. Returns the entry id.
   */
  setBytes(
    ksrc: Uint8Array,
    kstart: number,
    kend: number,
    vsrc: Uint8Array,
    vstart: number,
    vend: number,
    keepTtl = false,
  ): number {
    const id = this.live(ksrc, kstart, kend);
    if (id < 0) {
      const created = this.table.insertString(ksrc, kstart, kend, vsrc, vstart, vend);
      this.touched(created);
      this.scheduler.onNewKey?.(this.index, this.table.keyOf(created));
      return created;
    }
    if (!keepTtl) this.clearDeadline(id);
    this.table.setString(id, vsrc, vstart, vend);
    return id;
  }

  // --- by key string -----------------------------------------------------------------------

  /** The value of a live key; a key past its deadline is deleted here and reads as missing. */
  get(key: string): Value | undefined {
    const id = this.lookupKey(key);
    return id < 0 ? undefined : this.valueOf(id);
  }

  has(key: string): boolean {
    return this.lookupKey(key) >= 0;
  }

  /**
   * Store `value` (strings are copied into the table; collections are kept as given). Any TTL is
   * cleared unless `keepTtl`; a key already past its deadline counts as expired first (as
   * Redis's lookupKeyWrite does), so KEEPTTL never revives a dead deadline.
   */
  set(key: string, value: Value, keepTtl = false): void {
    let id = this.liveKey(key);
    if (id < 0) {
      id = this.table.insertKey(key);
      this.touched(id);
      this.scheduler.onNewKey?.(this.index, key);
    } else if (!keepTtl) this.clearDeadline(id);
    if (value instanceof Uint8Array) this.table.setString(id, value, 0, value.length);
    else this.table.setObject(id, value);
  }

  /** Remove a key; false when it was missing (or already past its deadline, as DEL sees it). */
  delete(key: string): boolean {
    const id = this.liveKey(key);
    if (id < 0) return false;
    this.removeEntry(id);
    return true;
  }

  /** Remove a live entry found with lookup(). */
  deleteEntry(id: number): void {
    this.removeEntry(id);
  }

  /**
   * The deadline (Unix ms) of a live key, or undefined when it has none or is missing. Not a
   * counted read: commands look the key up first (TTL), or copy a deadline along (COPY, MOVE).
   */
  getExpire(key: string): number | undefined {
    const id = this.liveKey(key);
    if (id < 0) return undefined;
    const d = this.table.deadline(id);
    return d === 0 ? undefined : d - 1;
  }

  /**
   * Give a live key the deadline `at` (Unix ms), replacing any previous one in O(1). A
   * deadline <= now deletes the key at once, as EXPIRE does (a plain delete: Redis sends `del`,
   * not `expired`, and does not count it in expired_keys). Returns true when the deadline was
   * set, false when the key was missing or has just been deleted.
   */
  setExpire(key: string, at: number): boolean {
    const id = this.liveKey(key);
    if (id < 0) return false;
    if (at <= this.scheduler.now()) {
      this.removeEntry(id);
      return false;
    }
    const node = this.timers[id];
    if (node !== undefined) {
      this.scheduler.reschedule(node, at + 1);
    } else {
      this.timers[id] = this.scheduler.schedule({ db: this.index, key }, at + 1);
      this.withDeadline++;
    }
    this.table.setDeadline(id, at + 1);
    return true;
  }

  /** Drop a live key's deadline; true when it had one. */
  persist(key: string): boolean {
    const id = this.liveKey(key);
    if (id < 0 || this.table.deadline(id) === 0) return false;
    this.clearDeadline(id);
    return true;
  }

  /** Live keys. Keys past their deadline are skipped, not deleted. */
  *keys(): IterableIterator<string> {
    const now = this.scheduler.now();
    const table = this.table;
    for (let id = 0; id < table.idLimit; id++) {
      if (!table.isUsed(id)) continue;
      const d = table.deadline(id);
      if (d === 0 || now < d) yield table.keyOf(id);
    }
  }

  /**
   * SCAN: visit up to `count` entry ids from `cursor` on, calling `fn` with each live key.
   * Returns the next cursor (0 when done). Entry ids never move while a key lives, so a key
   * present for the whole scan is returned exactly once, whatever happens meanwhile.
   */
  scan(cursor: number, count: number, fn: (key: string, id: number) => void): number {
    const table = this.table;
    const now = this.scheduler.now();
    let id = cursor;
    const limit = table.idLimit;
    for (let seen = 0; id < limit && seen < count; id++, seen++) {
      if (!table.isUsed(id)) continue;
      const d = table.deadline(id);
      if (d === 0 || now < d) fn(table.keyOf(id), id);
    }
    return id >= limit ? 0 : id;
  }

  /**
   * A random live key, or undefined when there is none: draws entry ids at random (O(1) while
   * the table is dense), then falls back to a walk. Keys found past their deadline are removed.
   */
  randomKey(): string | undefined {
    const table = this.table;
    for (let tries = 0; tries < 64 && table.size > 0; tries++) {
      const id = Math.floor(Math.random() * table.idLimit);
      if (!table.isUsed(id) || this.expireIfDue(id)) continue;
      return table.keyOf(id);
    }
    const start = Math.floor(Math.random() * Math.max(1, table.idLimit));
    for (let k = 0; k < table.idLimit && table.size > 0; k++) {
      const id = (start + k) % table.idLimit;
      if (table.isUsed(id) && !this.expireIfDue(id)) return table.keyOf(id);
    }
    return undefined;
  }

  /** Remove every key (FLUSHDB): cancels each deadline in the wheel, then drops the table. */
  flush(): void {
    for (const node of this.timers) if (node !== undefined) this.scheduler.cancel(node);
    this.table = new KeyTable();
    this.timers = [];
    this.withDeadline = 0;
  }

  /** SWAPDB: exchange contents with another keyspace (their wheel nodes follow). */
  swapWith(other: Keyspace): void {
    [this.table, other.table] = [other.table, this.table];
    [this.timers, other.timers] = [other.timers, this.timers];
    [this.withDeadline, other.withDeadline] = [other.withDeadline, this.withDeadline];
    for (const node of this.timers) if (node !== undefined) node.item.db = this.index;
    for (const node of other.timers) if (node !== undefined) node.item.db = other.index;
  }

  /**
   * For `Databases`' active expiry: remove `key` if `node` is still its deadline and it has
   * passed (a callback may have changed the key since the wheel returned the node).
   */
  expireNode(key: string, node: TimerNode<ExpiryItem>, now: number): boolean {
    const id = this.table.findKey(key);
    if (id < 0 || this.timers[id] !== node || now < this.table.deadline(id)) return false;
    this.removeExpired(id);
    return true;
  }

  /** True (and the key removed) when the entry has a deadline that has passed. */
  private expireIfDue(id: number): boolean {
    const d = this.table.deadline(id);
    if (d === 0 || this.scheduler.now() < d) return false;
    this.removeExpired(id);
    return true;
  }

  private clearDeadline(id: number): void {
    // Most keyspaces have no deadline at all: skip the (out-of-bounds, so slow) read of timers.
    if (this.withDeadline === 0) return;
    const node = this.timers[id];
    if (node === undefined) return;
    this.scheduler.cancel(node);
    this.timers[id] = undefined;
    this.table.setDeadline(id, 0);
    this.withDeadline--;
  }

  private removeEntry(id: number): void {
    this.clearDeadline(id);
    this.table.remove(id);
  }

  private removeExpired(id: number): void {
    const key = this.table.keyOf(id);
    this.removeEntry(id);
    this.scheduler.expired(this.index, key);
  }
}
