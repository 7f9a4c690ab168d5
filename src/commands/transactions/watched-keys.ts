/**
 * WATCH bookkeeping (Redis's multi.c watched_keys): which client watches which key of which db,
 * and which clients have been "dirtied" (CLIENT_DIRTY_CAS) since, so their next EXEC answers
 * the null array.
 *
 * A watched key is dirtied by anything that changes it: every write (`ServerState.keyChanged`
 * calls `touch`), expiry, active or lazy (`Databases.onExpired` calls `touch`), and FLUSHDB,
 * FLUSHALL and SWAPDB (`touchDb`, called before the db is emptied or swapped).
 *
 * Redis 7.0 also dirties a watched key that is logically expired at EXEC but not deleted yet,
 * and not one that was already expired when WATCH ran (its `watchedKey.expired` flag). Here
 * WATCH and EXEC look each key up, which deletes it when due (lazy expiry, which reaches
 * `touch`): a key expired before WATCH is gone before it is watched, one expired since dirties
 * its watchers. Same outcome, no flag.
 *
 * Nothing here costs anything while nobody watches: the server only calls in when `size > 0`.
 */
import type { Databases } from "../../db/databases.ts";
import type { ClientState } from "../types.ts";

/** One client's watches: the keys (db, key) and whether one of them changed. */
interface ClientWatches {
  readonly client: ClientState;
  readonly keys: { readonly db: number; readonly key: string }[];
  dirty: boolean;
}

export class WatchedKeys {
  /** Per db: key → the clients watching it. */
  private readonly byDb: Map<string, Set<ClientWatches>>[] = [];
  private readonly byClient = new Map<number, ClientWatches>();
  /** Watched (client, db, key) entries in all. */
  private watched = 0;

  /** `onActive(true)` when the first key is watched, `onActive(false)` when none is left. */
  constructor(
    private readonly dbs: Databases,
    private readonly onActive: (active: boolean) => void = () => {},
  ) {
    for (let i = 0; i < dbs.count; i++) this.byDb.push(new Map());
  }

  /** Watched (client, db, key) entries: 0 means no key change needs reporting. */
  get size(): number {
    return this.watched;
  }

  /** WATCH one key in `db` (a key watched twice by one client is watched once). */
  watch(client: ClientState, db: number, key: string): void {
    // Delete the key first if it is already past its deadline: expiry before WATCH is no change.
    this.dbs.db(db).has(key);
    let cw = this.byClient.get(client.id);
    if (cw?.dirty) return; // no point: the next EXEC fails anyway (as Redis's watchCommand)
    if (cw === undefined) {
      cw = { client, keys: [], dirty: false };
      this.byClient.set(client.id, cw);
    }
    const map = this.byDb[db]!;
    let set = map.get(key);
    if (set === undefined) {
      set = new Set();
      map.set(key, set);
    } else if (set.has(cw)) {
      return;
    }
    set.add(cw);
    cw.keys.push({ db, key });
    if (this.watched++ === 0) this.onActive(true);
  }

  /** True when a key the client watches has changed since WATCH (its EXEC must fail). */
  isDirty(client: ClientState): boolean {
    const cw = this.byClient.get(client.id);
    if (cw === undefined) return false;
    if (!cw.dirty) {
      // Keys past their deadline but not deleted yet count as changed (Redis's
      // isWatchedKeyExpired): looking them up deletes them, which dirties this client.
      for (let i = 0; i < cw.keys.length && !cw.dirty; i++) {
        const { db, key } = cw.keys[i]!;
        this.dbs.db(db).has(key);
      }
    }
    return cw.dirty;
  }

  /** EXEC, DISCARD, UNWATCH, RESET, disconnect: forget the client's keys and its dirty flag. */
  clear(client: ClientState): void {
    const cw = this.byClient.get(client.id);
    if (cw === undefined) return;
    this.byClient.delete(client.id);
    this.dropKeys(cw);
  }

  /** `key` of `db` changed: every client watching it is dirty. */
  touch(db: number, key: string): void {
    const set = this.byDb[db]!.get(key);
    if (set === undefined) return;
    for (const cw of [...set]) this.markDirty(cw);
  }

  /**
   * `emptied` is about to be flushed (replacedWith null) or swapped with `replacedWith`
   * (Redis's touchAllWatchedKeysInDb): a watched key of `emptied` is changed if it exists
   * there now or will exist after the swap.
   */
  touchDb(emptied: number, replacedWith: number | null): void {
    const map = this.byDb[emptied]!;
    if (map.size === 0) return;
    const from = this.dbs.db(emptied);
    const to = replacedWith === null ? null : this.dbs.db(replacedWith);
    const dirty: ClientWatches[] = [];
    // A snapshot: the lookups below may expire keys, which touches (and unwatches) clients.
    for (const [key, set] of [...map]) {
      if (from.has(key) || to?.has(key)) for (const cw of set) dirty.push(cw);
    }
    for (const cw of dirty) this.markDirty(cw);
  }

  private markDirty(cw: ClientWatches): void {
    if (cw.dirty) return;
    cw.dirty = true;
    // Its EXEC fails whatever happens next: stop watching (Redis frees the keys here too).
    this.dropKeys(cw);
  }

  private dropKeys(cw: ClientWatches): void {
    if (cw.keys.length === 0) return;
    for (const { db, key } of cw.keys) {
      const map = this.byDb[db]!;
      const set = map.get(key);
      if (set === undefined) continue;
      set.delete(cw);
      if (set.size === 0) map.delete(key);
    }
    this.watched -= cw.keys.length;
    cw.keys.length = 0;
    if (this.watched === 0) this.onActive(false);
  }
}
