/**
 * Time, injected. The Db reads "now" and arms wake-ups only through a `Clock`, so tests can run
 * expiry with a `ManualClock` instead of waiting on the wall clock.
 *
 * @example
 * const clock = new ManualClock(0);
 * clock.setTimer(100, () => console.log("due"));
 * clock.advance(100); // logs "due"
 */

export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Unix time in ms (an integer). */
  now(): number;
  /**
   * Run `fn` once, when `now() >= at`. A `chore` (periodic housekeeping that re-arms itself)
   * runs once at the end of a jump of a controlled clock rather than once per period passed:
   * a test that jumps a year ahead must not replay 31 million one-second ticks.
   */
  setTimer(at: number, fn: () => void, chore?: boolean): TimerHandle;
}

/** setTimeout's delay is a signed 32-bit int; longer delays fire at once, so we re-arm in steps. */
const MAX_DELAY = 2 ** 31 - 1;

/** The wall clock. Its timers are unref'd: a pending expiry never keeps the process alive. */
export class RealClock implements Clock {
  now(): number {
    return Date.now();
  }

  setTimer(at: number, fn: () => void): TimerHandle {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = (): void => {
      timer = setTimeout(fire, Math.min(Math.max(at - Date.now(), 0), MAX_DELAY));
      timer.unref?.();
    };
    // setTimeout runs on a monotonic clock and may fire a little before Date.now() reaches
    // `at` (or a capped delay may have run out): check and re-arm rather than run early.
    const fire = (): void => {
      timer = undefined;
      if (Date.now() < at) arm();
      else fn();
    };
    arm();
    return {
      cancel(): void {
        if (timer !== undefined) clearTimeout(timer);
        timer = undefined;
      },
    };
  }
}

interface PendingTimer {
  at: number;
  seq: number;
  fn: () => void;
  chore: boolean;
}

export type ClockMode = "real" | "manual";

/**
 * The clock a test controls. In "manual" mode time stands still until `advance` or `set`
 * moves it; in "real" mode it runs with the wall clock, shifted by however far it was moved.
 * Switching modes keeps the current time, so a test can freeze a running server, jump a TTL
 * forward, and let it run again.
 *
 * Timers are kept here rather than handed to setTimeout, so moving time runs every timer that
 * came due, synchronously and earliest first; in "real" mode one unref'd setTimeout stands for
 * the earliest pending timer. bun:test's fake timers would freeze the server's sockets too,
 * which is why the server's time goes through this instead.
 *
 * @example
 * const clock = new ControlledClock("manual", Date.parse("2030-01-01"));
 * clock.setTimer(clock.now() + 60_000, () => console.log("a minute later"));
 * clock.advance("1m"); // logs
 * clock.mode = "real"; // time runs on from 2030-01-01T00:01:00Z
 */
export class ControlledClock implements Clock {
  #mode: ClockMode;
  /** Manual mode: the time. Real mode: the offset added to Date.now(). */
  #base: number;
  /** While `set` runs a timer: its deadline, which now() reads. */
  #pinned: number | null = null;
  #seq = 0;
  /** Pending timers; few in practice (one wake-up per `Databases`, blocked clients), so an array. */
  #timers: PendingTimer[] = [];
  #wallTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(mode: ClockMode = "real", start: number = Date.now()) {
    this.#mode = mode;
    this.#base = mode === "manual" ? start : start - Date.now();
  }

  now(): number {
    if (this.#pinned !== null) return this.#pinned;
    return this.#mode === "manual" ? this.#base : Date.now() + this.#base;
  }

  get mode(): ClockMode {
    return this.#mode;
  }

  /** Switch between frozen and running time; the current time carries over. */
  set mode(mode: ClockMode) {
    if (mode !== "real" && mode !== "manual") throw new RangeError(`clock mode must be "real" or "manual"`);
    if (mode === this.#mode) return;
    const now = this.now();
    this.#mode = mode;
    this.#base = mode === "manual" ? now : now - Date.now();
    this.#arm();
  }

  setTimer(at: number, fn: () => void, chore = false): TimerHandle {
    const timer: PendingTimer = { at, seq: this.#seq++, fn, chore };
    this.#timers.push(timer);
    this.#arm();
    return {
      cancel: (): void => {
        const i = this.#timers.indexOf(timer);
        if (i >= 0) this.#timers.splice(i, 1);
      },
    };
  }

  /** Move time forward by a duration (`5000`, `"250ms"`, `"10s"`, `"5m"`, `"1h"`, `"2d"`), running every timer that comes due. */
  advance(d: number | string): void {
    const ms = typeof d === "number" && !(d >= 0) ? Number.NaN : parseDuration(d);
    if (Number.isNaN(ms)) throw new RangeError(`advance: ${d} is not a non-negative duration`);
    this.set(this.now() + ms);
  }

  /**
   * Jump to a time (a Date or Unix ms; forward or back) and run the timers due by then, earliest
   * first. While a timer runs, `now()` reads its deadline (never less than the time before the
   * jump), so code it calls sees time move in the same steps as under a real clock. Timers that
   * timers set run too, if due.
   */
  set(to: number | Date): void {
    const ms = typeof to === "number" ? to : to.getTime();
    if (!Number.isFinite(ms)) throw new RangeError(`set: ${String(to)} is not a time`);
    const before = this.now();
    try {
      this.#runDue(ms, before);
    } finally {
      this.#pinned = null;
    }
    this.#base = this.#mode === "manual" ? ms : ms - Date.now();
    this.#arm();
  }

  /** How many timers are pending (for tests). */
  get pendingTimers(): number {
    return this.#timers.length;
  }

  #runDue(limit: number, floor: number): void {
    let time = floor;
    for (;;) {
      const next = this.#nextDue(limit);
      if (next === undefined) return;
      this.#timers.splice(this.#timers.indexOf(next), 1);
      if (next.at > time) time = next.at;
      if (next.chore) time = Math.max(time, limit);
      this.#pinned = time;
      next.fn();
    }
  }

  /** The earliest timer due by `limit`; chores only once no other timer is due (they run last). */
  #nextDue(limit: number): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const t of this.#timers) {
      if (t.at > limit) continue;
      if (
        best === undefined ||
        (best.chore && !t.chore) ||
        (best.chore === t.chore && (t.at < best.at || (t.at === best.at && t.seq < best.seq)))
      ) {
        best = t;
      }
    }
    return best;
  }

  /** Real mode: one wall-clock timeout for the earliest pending timer. Manual mode: none. */
  #arm(): void {
    if (this.#wallTimer !== undefined) clearTimeout(this.#wallTimer);
    this.#wallTimer = undefined;
    if (this.#mode !== "real" || this.#timers.length === 0) return;
    let at = Number.POSITIVE_INFINITY;
    for (const t of this.#timers) if (t.at < at) at = t.at;
    this.#wallTimer = setTimeout(this.#onWall, Math.min(Math.max(at - this.now(), 0), MAX_DELAY));
    this.#wallTimer.unref?.();
  }

  readonly #onWall = (): void => {
    this.#wallTimer = undefined;
    const now = this.now();
    try {
      this.#runDue(now, now);
    } finally {
      this.#pinned = null;
    }
    this.#arm();
  };
}

/** A clock that only moves when told to: a ControlledClock in manual mode. */
export class ManualClock extends ControlledClock {
  constructor(start: number = Date.now()) {
    super("manual", start);
  }
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A duration in ms from `"250ms"`, `"10s"`, `"5m"`, `"1h"`, `"2d"` (a bare number string or a
 * number is ms). Fractions are allowed (`"1.5s"`); the result is rounded to whole ms.
 */
export function parseDuration(d: string | number): number {
  if (typeof d === "number") {
    if (!Number.isFinite(d) || d < 0) throw new RangeError(`invalid duration: ${d}`);
    return Math.round(d);
  }
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(d);
  if (m === null) throw new RangeError(`invalid duration: ${JSON.stringify(d)}`);
  return Math.round(Number(m[1]) * UNIT_MS[(m[2] ?? "ms").toLowerCase()]!);
}
