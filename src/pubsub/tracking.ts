/**
 * Client-side caching (Redis 7's tracking.c): which clients read which keys, and the
 * invalidation messages they get when one of those keys changes.
 *
 * - Default mode: after a tracked client's read-only command, its keys go into one table
 *   (key -> client ids). A change to a key sends each client in its row one invalidation and
 *   drops the row: a client is told once, until it reads the key again.
 * - BCAST: nothing is remembered; every changed key that starts with one of a client's
 *   prefixes is collected and sent once per event-loop turn (Redis's beforeSleep), sorted.
 * - Delivery: a RESP3 push `>2 invalidate [keys]`, or with REDIRECT the redirect client gets
 *   it (a push in RESP3, a `message` on `__redis__:invalidate` in RESP2 when it is in pub/sub
 *   mode). A redirect client that is gone sets `broken_redirect` and RESP3 clients get a
 *   `tracking-redir-broken` push instead.
 * - Keys are global (not per database), as in Redis: a change in any database invalidates.
 *
 * An invalidation for the client whose command is running waits until that command's reply
 * is written (Redis's tracking_pending_keys), so a push never lands inside a reply (EXEC).
 */
import type { ClientState } from "../commands/types.ts";
import type { ReplyWriter } from "../protocol/reply-writer.ts";
import { isSubscribed } from "./hub.ts";

/** One client's tracking mode (ClientState.tracking; null while tracking is off). */
export interface TrackingState {
  bcast: boolean;
  optin: boolean;
  optout: boolean;
  noloop: boolean;
  /** CLIENT CACHING YES (OPTIN) / NO (OPTOUT) for the next command. */
  caching: boolean;
  brokenRedirect: boolean;
  /** Client id invalidations go to (0: this client). */
  redirect: number;
  /** BCAST prefixes, binary strings ("" when BCAST was given none). */
  readonly prefixes: Set<string>;
}

export interface TrackingOptions {
  bcast: boolean;
  optin: boolean;
  optout: boolean;
  noloop: boolean;
}

/** What tracking needs from the server. */
export interface TrackingHost {
  readonly clients: Map<number, ClientState>;
  /** The client whose command is running, or null (timers, between reads). */
  currentClient(): ClientState | null;
}

interface Broadcast {
  readonly clients: Set<ClientState>;
  /** Keys changed this turn, and who changed each last (null: expiry), for NOLOOP. */
  keys: Map<string, ClientState | null>;
}

const enc = new TextEncoder();
const INVALIDATE = enc.encode("$10\r\ninvalidate\r\n");
const REDIR_BROKEN = enc.encode("$21\r\ntracking-redir-broken\r\n");
const MESSAGE_INVALIDATE = enc.encode("$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n");
const NULL3 = enc.encode("_\r\n");
const NIL2 = enc.encode("$-1\r\n");

/** The pending-key marker for "everything" (FLUSHDB / FLUSHALL). */
const ALL: null = null;

export class Tracking {
  /** key -> ids of the clients that read it since it last changed. */
  private readonly table = new Map<string, Set<number>>();
  /** INFO tracking_total_items: (key, client) pairs in the table. */
  items = 0;
  /** BCAST prefixes (binary strings) with their clients and this turn's changed keys. */
  private readonly prefixTable = new Map<string, Broadcast>();
  /** INFO tracking_clients. */
  clients = 0;
  /** tracking-table-max-keys (0: no limit). */
  maxKeys = 1_000_000;
  /** Invalidations for the running client, sent after its command (null: flush). */
  private readonly pending: (string | null)[] = [];
  private broadcastScheduled = false;
  /** Rounds in a row the table stayed over maxKeys (Redis grows its effort with it). */
  private overLimitRounds = 0;

  constructor(
    private readonly host: TrackingHost,
    /** Called when `active` may have changed (the server's keyListeners). */
    private readonly onActiveChange: () => void,
  ) {}

  /** Whether a key change can concern anyone: keys are tracked or BCAST prefixes exist. */
  get active(): boolean {
    return this.table.size > 0 || this.prefixTable.size > 0;
  }

  /** INFO tracking_total_keys / tracking_total_prefixes. */
  get totalKeys(): number {
    return this.table.size;
  }
  get totalPrefixes(): number {
    return this.prefixTable.size;
  }

  /** Something to do after the current command (pending invalidations, table over its limit). */
  get hasWork(): boolean {
    return this.pending.length > 0 || (this.maxKeys > 0 && this.table.size > this.maxKeys);
  }

  /** CLIENT TRACKING ON (options already validated): Redis's enableTracking. */
  enable(c: ClientState, redirect: number, options: TrackingOptions, prefixes: readonly string[]): void {
    const wasActive = this.active;
    let st = c.tracking;
    if (st === null) {
      this.clients++;
      st = {
        bcast: false,
        optin: false,
        optout: false,
        noloop: false,
        caching: false,
        brokenRedirect: false,
        redirect: 0,
        prefixes: new Set(),
      };
      c.tracking = st;
    }
    // CACHING survives a re-enable, as in Redis (only the mode flags are reset).
    st.brokenRedirect = false;
    st.redirect = redirect;
    st.bcast = options.bcast;
    st.optin = options.optin;
    st.optout = options.optout;
    st.noloop = options.noloop;
    if (options.bcast) {
      if (prefixes.length === 0) this.addPrefix(c, st, "");
      for (const p of prefixes) this.addPrefix(c, st, p);
    }
    if (this.active !== wasActive) this.onActiveChange();
  }

  private addPrefix(c: ClientState, st: TrackingState, prefix: string): void {
    let bs = this.prefixTable.get(prefix);
    if (bs === undefined) {
      bs = { clients: new Set(), keys: new Map() };
      this.prefixTable.set(prefix, bs);
    }
    bs.clients.add(c);
    st.prefixes.add(prefix);
  }

  /**
   * CLIENT TRACKING OFF, RESET, disconnect: Redis's disableTracking. The client's rows in the
   * key table stay (they are skipped and dropped when the key changes), as in Redis.
   */
  disable(c: ClientState): void {
    const st = c.tracking;
    if (st === null) return;
    const wasActive = this.active;
    for (const p of st.prefixes) {
      const bs = this.prefixTable.get(p);
      if (bs === undefined) continue;
      bs.clients.delete(c);
      if (bs.clients.size === 0) this.prefixTable.delete(p);
    }
    c.tracking = null;
    this.clients--;
    if (this.active !== wasActive) this.onActiveChange();
  }

  /**
   * After a read-only command of a tracking client (default mode): remember that it read
   * `keys` (Redis's trackingRememberKeys), unless OPTIN/OPTOUT and CLIENT CACHING say not to.
   */
  remember(c: ClientState, keys: readonly string[]): void {
    const st = c.tracking;
    if (st === null || st.bcast) return;
    if ((st.optin && !st.caching) || (st.optout && st.caching)) return;
    const wasActive = this.active;
    for (const key of keys) {
      let ids = this.table.get(key);
      if (ids === undefined) {
        ids = new Set();
        this.table.set(key, ids);
      }
      if (!ids.has(c.id)) {
        ids.add(c.id);
        this.items++;
      }
    }
    if (!wasActive && this.active) this.onActiveChange();
  }

  /**
   * A key changed (Redis's trackingInvalidateKey). `bcast` false: the key did not change, the
   * table is only making room (its clients are told they no longer track it).
   */
  invalidate(key: string, bcast = true): void {
    const current = this.host.currentClient();
    if (bcast && this.prefixTable.size > 0) this.rememberBroadcast(key, current);
    const ids = this.table.get(key);
    if (ids === undefined) return;
    for (const id of ids) {
      const target = this.host.clients.get(id);
      const st = target?.tracking;
      if (target === undefined || st === null || st === undefined || st.bcast) continue;
      if (target === current) {
        if (st.noloop) continue;
        // Written after its command's reply (see the module comment). Table evictions
        // (bcast false) run between commands, so they go out at once.
        if (bcast) {
          this.pending.push(key);
          continue;
        }
      }
      this.send(target, [key]);
    }
    this.items -= ids.size;
    this.table.delete(key);
    if (!this.active) this.onActiveChange();
  }

  /**
   * FLUSHDB / FLUSHALL (Redis's trackingInvalidateKeysOnFlush): every tracking client, BCAST
   * ones included, gets a null key list, and the whole table goes.
   */
  invalidateAll(): void {
    if (this.clients > 0) {
      const current = this.host.currentClient();
      for (const c of this.host.clients.values()) {
        if (c.tracking === null) continue;
        if (c === current) this.pending.push(ALL);
        else this.send(c, null);
      }
    }
    const wasActive = this.active;
    this.table.clear();
    this.items = 0;
    if (wasActive !== this.active) this.onActiveChange();
  }

  /**
   * After each top-level command (not each one inside EXEC): the running client's pending
   * invalidations, then room in the table (Redis does that before the next command).
   */
  afterCommand(c: ClientState): void {
    if (this.pending.length > 0) {
      // A client that went away meanwhile gets nothing (Redis checks current_client too).
      const alive = this.host.clients.get(c.id) === c;
      for (const key of this.pending) if (alive) this.send(c, key === ALL ? null : [key]);
      this.pending.length = 0;
    }
    if (this.maxKeys > 0 && this.table.size > this.maxKeys) this.limitTable();
  }

  /**
   * Redis's trackingLimitUsedSlots: drop keys until the table is back under
   * tracking-table-max-keys, at most 100 per round, more each round it stays over. Redis picks
   * them by a random walk; here the oldest rows go first.
   */
  private limitTable(): void {
    let effort = 100 * (this.overLimitRounds + 1);
    for (const key of this.table.keys()) {
      if (effort-- <= 0) break;
      this.invalidate(key, false);
      if (this.table.size <= this.maxKeys) {
        this.overLimitRounds = 0;
        return;
      }
    }
    this.overLimitRounds++;
  }

  private rememberBroadcast(key: string, by: ClientState | null): void {
    for (const [prefix, bs] of this.prefixTable) {
      if (!key.startsWith(prefix)) continue;
      bs.keys.set(key, by);
      if (!this.broadcastScheduled) {
        this.broadcastScheduled = true;
        queueMicrotask(this.broadcast);
      }
    }
  }

  /**
   * BCAST delivery once the current work is done (Redis sends them in beforeSleep, after the
   * replies of the whole read): per prefix in byte order, its keys sorted, once per client.
   */
  private readonly broadcast = (): void => {
    this.broadcastScheduled = false;
    const prefixes = [...this.prefixTable.keys()].sort();
    for (const prefix of prefixes) {
      const bs = this.prefixTable.get(prefix)!;
      if (bs.keys.size === 0) continue;
      const changed = bs.keys;
      bs.keys = new Map();
      const all = [...changed.keys()].sort();
      for (const c of bs.clients) {
        if (c.tracking?.noloop) {
          const own = all.filter((k) => changed.get(k) !== c);
          if (own.length > 0) this.send(c, own);
        } else {
          this.send(c, all);
        }
      }
    }
  };

  /**
   * Redis's sendTrackingMessage: an invalidation of `keys` (null: all keys) for tracking
   * client `c`, delivered to it or to its redirect client.
   */
  private send(c: ClientState, keys: readonly string[] | null): void {
    let target = c;
    const redirect = c.tracking?.redirect ?? 0;
    if (redirect !== 0) {
      const r = this.host.clients.get(redirect);
      if (r === undefined) {
        if (c.tracking !== null) c.tracking.brokenRedirect = true;
        if (c.resp === 3 && !c.closeAfterReply) {
          c.out.push(2);
          c.out.raw(REDIR_BROKEN);
          c.out.integer(redirect);
          c.wake();
        }
        return;
      }
      target = r;
    }
    if (target.closeAfterReply) return;
    const out: ReplyWriter = target.out;
    if (target.resp === 3) {
      out.push(2);
      out.raw(INVALIDATE);
    } else if (target !== c && isSubscribed(target)) {
      // RESP2 has no pushes: a redirect client in pub/sub mode gets a message on the
      // invalidation channel (whatever it subscribed to, as Redis checks only the mode).
      out.array(3);
      out.raw(MESSAGE_INVALIDATE);
    } else {
      return;
    }
    // The null is the tracking client's own protocol's, even when redirected (as Redis).
    if (keys === null) out.raw(c.resp === 3 ? NULL3 : NIL2);
    else {
      out.array(keys.length);
      for (const k of keys) out.bulkKey(k);
    }
    target.wake();
  }
}
