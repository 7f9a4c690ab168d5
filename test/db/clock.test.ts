/** ManualClock ordering, RealClock basics, parseDuration. */

import { describe, expect, test } from "bun:test";
import { ManualClock, parseDuration, RealClock } from "../../src/db/clock.ts";

describe("ManualClock", () => {
  test("runs due timers in deadline order, with now() at each deadline", () => {
    const clock = new ManualClock(1000);
    const log: string[] = [];
    clock.setTimer(1300, () => log.push(`c@${clock.now()}`));
    clock.setTimer(1100, () => log.push(`a@${clock.now()}`));
    clock.setTimer(1200, () => {
      log.push(`b@${clock.now()}`);
      // Timers set by timers run in the same advance when due.
      clock.setTimer(1250, () => log.push(`b2@${clock.now()}`));
      clock.setTimer(5000, () => log.push("late"));
    });
    clock.advance(500);
    expect(log).toEqual(["a@1100", "b@1200", "b2@1250", "c@1300"]);
    expect(clock.now()).toBe(1500);
    expect(clock.pendingTimers).toBe(1);
  });

  test("cancel, equal deadlines in order of setting, past deadlines, set() backwards", () => {
    const clock = new ManualClock(0);
    const log: number[] = [];
    const h = clock.setTimer(10, () => log.push(0));
    clock.setTimer(10, () => log.push(1));
    clock.setTimer(10, () => log.push(2));
    h.cancel();
    h.cancel();
    clock.advance(9);
    expect(log).toEqual([]);
    clock.advance(1);
    expect(log).toEqual([1, 2]);
    clock.set(3);
    expect(clock.now()).toBe(3);
    clock.setTimer(1, () => log.push(clock.now()));
    clock.advance(0);
    expect(log).toEqual([1, 2, 3]);
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });

  test("defaults to the wall clock at construction", () => {
    const before = Date.now();
    const now = new ManualClock().now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});

describe("RealClock", () => {
  test("now() is Date.now() and a timer fires once, not before its time", async () => {
    const clock = new RealClock();
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(5);
    const at = clock.now() + 20;
    const firedAt = await new Promise<number>((resolve) => clock.setTimer(at, () => resolve(Date.now())));
    expect(firedAt).toBeGreaterThanOrEqual(at);
  });

  test("a cancelled timer does not fire; far deadlines do not fire early", async () => {
    const clock = new RealClock();
    let fired = 0;
    const h = clock.setTimer(clock.now() + 5, () => fired++);
    h.cancel();
    // Beyond setTimeout's 2^31-1 ms limit: must not wrap around to an immediate fire.
    const far = clock.setTimer(clock.now() + 2 ** 33, () => fired++);
    await new Promise<void>((resolve) => clock.setTimer(clock.now() + 30, resolve));
    far.cancel();
    expect(fired).toBe(0);
  });
});

describe("parseDuration", () => {
  test.each([
    ["250ms", 250],
    ["10s", 10_000],
    ["5m", 300_000],
    ["1h", 3_600_000],
    ["2d", 172_800_000],
    ["1.5s", 1500],
    ["42", 42],
    [" 3 S ", 3000],
    [1234, 1234],
    [0, 0],
  ] as const)("%p is %p ms", (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  test.each(["", "s", "-1s", "1w", "1e3", "abc", "1 2s", Number.NaN, -5, Number.POSITIVE_INFINITY])(
    "%p is rejected",
    (input) => {
      expect(() => parseDuration(input)).toThrow(RangeError);
    },
  );
});

describe("ControlledClock chores", () => {
  test("a self re-arming chore runs once at the end of a long jump, after the other timers", () => {
    const clock = new ManualClock(0);
    const log: string[] = [];
    const tick = (): void => {
      log.push(`tick@${clock.now()}`);
      clock.setTimer(clock.now() + 1000, tick, true);
    };
    clock.setTimer(1000, tick, true);
    clock.setTimer(5000, () => log.push(`expiry@${clock.now()}`));
    clock.advance(365 * 86_400_000);
    expect(log).toEqual(["expiry@5000", `tick@${365 * 86_400_000}`]);
    clock.advance(1000);
    expect(log.at(-1)).toBe(`tick@${365 * 86_400_000 + 1000}`);
  });
});
