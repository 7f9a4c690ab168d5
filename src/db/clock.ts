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
  /** Run `fn` once, when `now() >= at`. */
  setTimer(at: number, fn: () => void): TimerHandle;
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

interface ManualTimer {
  at: number;
  seq: number;
  fn: () => void;
}

/** A clock that only moves when told to; timers run synchronously inside `advance`/`set`. */
export class ManualClock implements Clock {
  private time: number;
  private seq = 0;
  /** Pending timers; few in practice (one wake-up per `Databases`), so a plain array. */
  private timers: ManualTimer[] = [];

  constructor(start: number = Date.now()) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimer(at: number, fn: () => void): TimerHandle {
    const timer: ManualTimer = { at, seq: this.seq++, fn };
    this.timers.push(timer);
    return {
      cancel: (): void => {
        const i = this.timers.indexOf(timer);
        if (i >= 0) this.timers.splice(i, 1);
      },
    };
  }

  /** Move time forward by `ms`, running every timer that comes due, in deadline order. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`ManualClock.advance: ${ms} is not a non-negative number`);
    this.set(this.time + ms);
  }

  /**
   * Jump to `ms` (forward or back) and run the timers due by then, earliest first. While a
   * timer runs, `now()` reads its deadline (never less than the time before the jump), so
   * code it calls sees time move in the same steps as under a real clock. Timers that timers
   * set run too, if due.
   */
  set(ms: number): void {
    for (;;) {
      const next = this.nextDue(ms);
      if (next === undefined) break;
      this.timers.splice(this.timers.indexOf(next), 1);
      if (next.at > this.time) this.time = next.at;
      next.fn();
    }
    this.time = ms;
  }

  /** How many timers are pending (for tests). */
  get pendingTimers(): number {
    return this.timers.length;
  }

  private nextDue(limit: number): ManualTimer | undefined {
    let best: ManualTimer | undefined;
    for (const t of this.timers) {
      if (t.at > limit) continue;
      if (best === undefined || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
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
