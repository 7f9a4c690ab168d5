/**
 * The numbered databases (SELECT 0..count-1) and active expiry, shared by all of them.
 *
 * Every key with a TTL has one node in a single timer wheel. One wake-up is armed on the clock
 * at `wheel.nextWakeup()`; when it fires, the wheel is advanced to now and the due keys are
 * deleted. A burst of keys sharing one deadline is deleted in slices of `expireSliceSize`, the
 * next slice in a later event-loop turn (setImmediate), so clients keep being served while a
 * million keys expire. Lazy expiry in `Keyspace` hides due keys meanwhile.
 *
 * @example
 * const dbs = new Databases({ clock: new RealClock() });
 * dbs.db(0).set("k", value);
 * dbs.close();
 */

import type { Clock, TimerHandle } from "./clock.ts";
import { type ExpiryItem, type ExpiryScheduler, Keyspace, LOOKUP_WRITE } from "./keyspace.ts";
import { type TimerNode, TimerWheel } from "./timer-wheel.ts";

export interface DatabasesOptions {
  /** Number of databases (Redis's `databases`), default 16. */
  count?: number;
  clock: Clock;
  /** Most keys deleted by active expiry in one event-loop turn, default 20 000. */
  expireSliceSize?: number;
}

export class Databases implements ExpiryScheduler {
  readonly clock: Clock;
  readonly count: number;
  /** Called when a key is removed by expiry, active or lazy (keyspace events, WATCH). */
  onExpired: ((db: number, key: string) => void) | null = null;
  /** Keys removed by expiry so far (INFO `expired_keys`). */
  expiredKeys = 0;
  /** See ExpiryScheduler.touch. */
  touch = 0;
  /** See ExpiryScheduler.onNewKey. */
  onNewKey: ((db: number, key: string) => void) | null = null;
  /** See ExpiryScheduler.lookupMode. */
  lookupMode = LOOKUP_WRITE;
  /** INFO `keyspace_hits` / `keyspace_misses` (see ExpiryScheduler). */
  keyspaceHits = 0;
  keyspaceMisses = 0;
  /** See ExpiryScheduler.onKeyMiss. */
  onKeyMiss: ((db: number, key: string) => void) | null = null;
  /**
   * While a script's code runs: its start time, which lazy expiry takes for "now" (Redis's
   * scriptTimeSnapshot), so a key cannot expire in the middle of a script. Null otherwise.
   */
  scriptNow: number | null = null;

  private readonly dbs: Keyspace[];
  private readonly wheel: TimerWheel<ExpiryItem>;
  private readonly sliceSize: number;
  private readonly batch: TimerNode<ExpiryItem>[] = [];
  private wake: TimerHandle | null = null;
  private wakeAt = Number.POSITIVE_INFINITY;
  private continuation: ReturnType<typeof setImmediate> | null = null;
  private closed = false;
  /** Timer callbacks waiting for releaseTimers (see holdTimers); null when not held. */
  private held: (() => void)[] | null = null;

  constructor(opts: DatabasesOptions) {
    this.clock = opts.clock;
    this.count = opts.count ?? 16;
    if (!Number.isInteger(this.count) || this.count < 1) {
      throw new RangeError(`databases: count must be a positive integer, got ${this.count}`);
    }
    this.sliceSize = Math.max(1, opts.expireSliceSize ?? 20_000);
    this.wheel = new TimerWheel(this.clock.now());
    this.dbs = Array.from({ length: this.count }, (_, i) => new Keyspace(i, this));
  }

  /** The keyspace of SELECT `index` (0..count-1). */
  db(index: number): Keyspace {
    const ks = this.dbs[index];
    if (ks === undefined) throw new RangeError(`databases: no db ${index} (count ${this.count})`);
    return ks;
  }

  /** SWAPDB: the contents (and deadlines) of two databases trade places. */
  swap(a: number, b: number): void {
    if (a === b) return;
    this.db(a).swapWith(this.db(b));
  }

  /** FLUSHALL. */
  flushAll(): void {
    for (const ks of this.dbs) ks.flush();
  }

  /** True while a burst of due keys is being deleted slice by slice. */
  get expiryPending(): boolean {
    return this.continuation !== null;
  }

  /** Stop active expiry (cancel the wake-up and any pending slice). Lazy expiry still works. */
  close(): void {
    this.closed = true;
    this.wake?.cancel();
    this.wake = null;
    this.wakeAt = Number.POSITIVE_INFINITY;
    if (this.continuation !== null) clearImmediate(this.continuation);
    this.continuation = null;
  }

  /**
   * A script past busy-reply-threshold lets the event loop turn (so other clients get -BUSY),
   * but Redis runs no active expiry and no blocking timeout until the script ends: from here
   * to releaseTimers, those that come due wait (see afterHeld), then run in the order they came.
   */
  holdTimers(): void {
    this.held ??= [];
  }

  releaseTimers(): void {
    const held = this.held;
    if (held === null) return;
    this.held = null;
    for (const fn of held) fn();
  }

  /** Run `fn` now, or at releaseTimers while timers are held: for timer callbacks. */
  afterHeld(fn: () => void): void {
    if (this.held !== null) this.held.push(fn);
    else fn();
  }

  // ExpiryScheduler, for the keyspaces.

  now(): number {
    const t = this.scriptNow;
    return t === null ? this.clock.now() : t;
  }

  schedule(item: ExpiryItem, dueAt: number): TimerNode<ExpiryItem> {
    const node = this.wheel.schedule(dueAt, item);
    if (dueAt < this.wakeAt) this.arm();
    return node;
  }

  reschedule(node: TimerNode<ExpiryItem>, dueAt: number): void {
    this.wheel.reschedule(node, dueAt);
    if (dueAt < this.wakeAt) this.arm();
  }

  cancel(node: TimerNode<ExpiryItem>): void {
    // The wake-up stays armed: if it finds nothing due it just re-arms (cheaper than a scan).
    this.wheel.cancel(node);
  }

  expired(db: number, key: string): void {
    this.expiredKeys++;
    this.onExpired?.(db, key);
  }

  /** (Re)arm the one clock wake-up at the wheel's next event, unless a slice is pending. */
  private arm(): void {
    if (this.closed || this.continuation !== null) return;
    const at = this.wheel.nextWakeup();
    if (at === this.wakeAt) return;
    this.wake?.cancel();
    this.wake = null;
    this.wakeAt = at;
    if (at !== Number.POSITIVE_INFINITY) this.wake = this.clock.setTimer(at, this.onWake);
  }

  private readonly onWake = (): void => {
    this.wake = null;
    this.wakeAt = Number.POSITIVE_INFINITY;
    this.afterHeld(this.slice);
  };

  private readonly onContinue = (): void => {
    this.continuation = null;
    this.afterHeld(this.slice);
  };

  private readonly slice = (): void => this.runSlice();

  /** Delete up to one slice of due keys, then re-arm, or come back next turn if more are due. */
  private runSlice(): void {
    if (this.closed) return;
    const now = this.clock.now();
    const batch = this.batch;
    this.wheel.advance(now, batch, this.sliceSize);
    const full = batch.length >= this.sliceSize;
    try {
      for (const node of batch) this.dbs[node.item.db]!.expireNode(node.item.key, node, now);
    } finally {
      batch.length = 0;
      if (full && !this.closed) this.continuation = setImmediate(this.onContinue);
      else this.arm();
    }
  }
}
