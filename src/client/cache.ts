/**
 * The client's local cache for `createClient({ cache: true })`: replies of a few read commands
 * (GET, MGET, STRLEN, EXISTS of one key, HGET, HGETALL) kept in a Map and answered without a
 * round trip, dropped when the server's CLIENT TRACKING invalidation for their key arrives.
 *
 * The race Redis's documentation describes: a read is sent, the key changes, the invalidation
 * arrives, and only then the (stale) reply. So a key counts as "in flight" from the request
 * until its reply, and an invalidation meanwhile marks it dirty: that reply is returned but not
 * kept. Every reconnect clears the cache (invalidations may have been missed) and bumps the
 * epoch, so a reply from the old connection cannot be kept either.
 *
 * Keys are binary strings (one char per byte), as the server's invalidations name them.
 */
import { bytesToKey, utf8 } from "../protocol/bytes.ts";

export interface CacheOptions {
  /** Most entries kept; the least recently used go first (default 10,000). */
  maxEntries?: number;
  /** Entries older than this are fetched again (default: no limit, invalidation only). */
  ttlMs?: number;
}

export interface CacheStats {
  /** Reads answered from the cache. */
  hits: number;
  /** Cacheable reads sent to the server. */
  misses: number;
  /** Invalidation messages received (a flush counts as one). */
  invalidations: number;
  /** Entries held now. */
  size: number;
}

interface Entry {
  /** The Redis key it depends on. */
  readonly key: string;
  readonly value: unknown;
  /** Values the caller could change (arrays, objects, bytes) are rebuilt on every hit. */
  readonly rebuild: ((v: unknown) => unknown) | null;
  readonly at: number;
}

/** A Redis key as the server names it: UTF-8 bytes of a string, as a binary string. */
export function cacheKey(k: string | Uint8Array): string {
  if (typeof k !== "string") return bytesToKey(k);
  for (let i = 0; i < k.length; i++) if (k.charCodeAt(i) > 127) return bytesToKey(utf8(k));
  return k;
}

export class ClientCache {
  private readonly entries = new Map<string, Entry>();
  /** Redis key -> ids of the entries that depend on it. */
  private readonly byKey = new Map<string, Set<string>>();
  /** Keys with a read on the way, and how many. */
  private readonly inflight = new Map<string, number>();
  /** In-flight keys invalidated before their reply came. */
  private readonly dirty = new Set<string>();
  private epoch = 0;
  hits = 0;
  misses = 0;
  invalidations = 0;
  readonly maxEntries: number;
  readonly ttlMs: number;

  constructor(options: CacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.ttlMs = options.ttlMs ?? 0;
    if (!(this.maxEntries >= 1)) throw new TypeError("cache.maxEntries must be at least 1");
    if (!(this.ttlMs >= 0)) throw new TypeError("cache.ttlMs must not be negative");
  }

  /** The cached value of entry `id`, or `undefined` on a miss (counted either way). */
  get(id: string): { value: unknown } | undefined {
    const e = this.entries.get(id);
    if (e === undefined || (this.ttlMs > 0 && Date.now() - e.at >= this.ttlMs)) {
      if (e !== undefined) this.drop(id, e);
      return undefined;
    }
    // Most recently used last: Map order is the eviction order.
    this.entries.delete(id);
    this.entries.set(id, e);
    return { value: e.rebuild === null ? e.value : e.rebuild(e.value) };
  }

  /** Whether entry `id` is there (for MGET, which answers only when every key is). */
  has(id: string): boolean {
    const e = this.entries.get(id);
    return e !== undefined && (this.ttlMs === 0 || Date.now() - e.at < this.ttlMs);
  }

  /** A read of `keys` is being sent: returns the token `keep` needs. */
  begin(keys: readonly string[]): number {
    for (const k of keys) this.inflight.set(k, (this.inflight.get(k) ?? 0) + 1);
    return this.epoch;
  }

  /** The read's reply came (or failed): stop counting it in flight. */
  end(keys: readonly string[]): void {
    for (const k of keys) {
      const n = (this.inflight.get(k) ?? 1) - 1;
      if (n > 0) this.inflight.set(k, n);
      else {
        this.inflight.delete(k);
        this.dirty.delete(k);
      }
    }
  }

  /**
   * Keep a reply for `key` as entry `id`, unless the key was invalidated while it was on the
   * way or the connection changed since `begin`. Call before `end`.
   */
  keep(
    token: number,
    key: string,
    id: string,
    value: unknown,
    rebuild: ((v: unknown) => unknown) | null = null,
  ): void {
    if (token !== this.epoch || this.dirty.has(key)) return;
    const old = this.entries.get(id);
    if (old !== undefined) this.drop(id, old);
    this.entries.set(id, { key, value, rebuild, at: this.ttlMs > 0 ? Date.now() : 0 });
    let ids = this.byKey.get(key);
    if (ids === undefined) {
      ids = new Set();
      this.byKey.set(key, ids);
    }
    ids.add(id);
    if (this.entries.size > this.maxEntries) {
      const [oldest, e] = this.entries.entries().next().value as [string, Entry];
      this.drop(oldest, e);
    }
  }

  /** An invalidation from the server: these keys changed (null: all of them, after a flush). */
  invalidate(keys: readonly string[] | null): void {
    this.invalidations++;
    if (keys === null) {
      for (const k of this.inflight.keys()) this.dirty.add(k);
      this.entries.clear();
      this.byKey.clear();
      return;
    }
    for (const k of keys) {
      if (this.inflight.has(k)) this.dirty.add(k);
      const ids = this.byKey.get(k);
      if (ids === undefined) continue;
      for (const id of ids) this.entries.delete(id);
      this.byKey.delete(k);
    }
  }

  /** A new connection (or a lost invalidation channel): nothing cached can be trusted. */
  clear(): void {
    this.epoch++;
    this.entries.clear();
    this.byKey.clear();
    for (const k of this.inflight.keys()) this.dirty.add(k);
  }

  stats(): CacheStats {
    return {
      hits: this.hits,
      misses: this.misses,
      invalidations: this.invalidations,
      size: this.entries.size,
    };
  }

  private drop(id: string, e: Entry): void {
    this.entries.delete(id);
    const ids = this.byKey.get(e.key);
    if (ids === undefined) return;
    ids.delete(id);
    if (ids.size === 0) this.byKey.delete(e.key);
  }
}
