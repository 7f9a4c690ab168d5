/** TimerWheel against a naive model, from 0 ms to years ahead, plus O(1) sanity. */

import { describe, expect, test } from "bun:test";
import { type TimerNode, TimerWheel } from "../../src/db/timer-wheel.ts";

/** Small deterministic PRNG (mulberry32) so a failure replays. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const YEAR = 365 * 86_400_000;
const T0 = 1_700_000_000_123; // a realistic Unix ms start

function drain(wheel: TimerWheel<number>, now: number, limit = Number.POSITIVE_INFINITY): number[] {
  const out: TimerNode<number>[] = [];
  wheel.advance(now, out, limit);
  return out.map((n) => n.item);
}

describe("TimerWheel", () => {
  test("fires at the deadline, not before, and nodes leave the wheel", () => {
    const w = new TimerWheel<number>(T0);
    const a = w.schedule(T0 + 10, 1);
    w.schedule(T0 + 10, 2);
    w.schedule(T0 + 11, 3);
    expect(w.size).toBe(3);
    expect(drain(w, T0 + 9)).toEqual([]);
    expect(drain(w, T0 + 10)).toEqual([1, 2]);
    expect(a.scheduled).toBe(false);
    expect(w.size).toBe(1);
    expect(drain(w, T0 + 10)).toEqual([]);
    expect(drain(w, T0 + 11)).toEqual([3]);
    expect(w.size).toBe(0);
    expect(w.nextWakeup()).toBe(Number.POSITIVE_INFINITY);
  });

  test("past deadlines fire on the next advance", () => {
    const w = new TimerWheel<string>(T0);
    w.schedule(T0 - 5000, "past");
    w.schedule(T0, "now");
    const out: TimerNode<string>[] = [];
    w.advance(T0, out, 10);
    expect(out.map((n) => n.item).sort()).toEqual(["now", "past"]);
  });

  test("cancel is idempotent and reschedule moves a node either way", () => {
    const w = new TimerWheel<number>(T0);
    const n = w.schedule(T0 + 1000, 1);
    w.cancel(n);
    w.cancel(n);
    expect(w.size).toBe(0);
    expect(drain(w, T0 + 2000)).toEqual([]);
    w.reschedule(n, T0 + 5000); // scheduling a cancelled node again
    expect(w.size).toBe(1);
    w.reschedule(n, T0 + 3000); // earlier
    expect(drain(w, T0 + 2999)).toEqual([]);
    expect(drain(w, T0 + 3000)).toEqual([1]);
    w.reschedule(n, T0 + 9 * YEAR); // far later
    expect(drain(w, T0 + 9 * YEAR - 1)).toEqual([]);
    expect(drain(w, T0 + 9 * YEAR)).toEqual([1]);
  });

  test("limit leaves the rest due for the next call", () => {
    const w = new TimerWheel<number>(T0);
    for (let i = 0; i < 10; i++) w.schedule(T0 + 100, i);
    w.schedule(T0 + 50, 99);
    expect(drain(w, T0 + 200, 4)).toEqual([99, 0, 1, 2]);
    expect(w.size).toBe(7);
    expect(w.nextWakeup()).toBeLessThanOrEqual(T0 + 100);
    expect(drain(w, T0 + 200, 4)).toEqual([3, 4, 5, 6]);
    expect(drain(w, T0 + 200, 4)).toEqual([7, 8, 9]);
    expect(w.size).toBe(0);
  });

  test("deadlines beyond the levels (overflow) still fire", () => {
    const w = new TimerWheel<number>(0);
    const far = 2 ** 55 + 2 ** 20; // past 11 levels of 32 slots (doubles step by 8 up here)
    w.schedule(far, 1);
    w.schedule(5, 2);
    expect(drain(w, 2 ** 55)).toEqual([2]);
    expect(drain(w, far - 64)).toEqual([]);
    expect(drain(w, far)).toEqual([1]);
  });

  for (const seed of [1, 2, 3, 4]) {
    test(`randomized against a naive model (seed ${seed})`, () => {
      const rnd = prng(seed);
      let now = seed === 4 ? 0 : T0;
      const w = new TimerWheel<number>(now);
      const model = new Map<number, number>(); // id -> deadline
      const nodes = new Map<number, TimerNode<number>>();
      let nextId = 0;
      const ranges = [1, 40, 1100, 40_000, 3_600_000, 86_400_000 * 40, 5 * YEAR];
      const span = () => Math.floor(rnd() * ranges[Math.floor(rnd() * ranges.length)]!);
      for (let step = 0; step < 3000; step++) {
        const op = rnd();
        if (op < 0.4) {
          const id = nextId++;
          const d = now + span() - (rnd() < 0.05 ? 100 : 0);
          nodes.set(id, w.schedule(d, id));
          model.set(id, d);
        } else if (op < 0.55 && model.size > 0) {
          const id = [...model.keys()][Math.floor(rnd() * model.size)]!;
          w.cancel(nodes.get(id)!);
          model.delete(id);
        } else if (op < 0.7 && nodes.size > 0) {
          const id = Math.floor(rnd() * nextId);
          const node = nodes.get(id);
          if (node === undefined) continue;
          const d = now + span();
          w.reschedule(node, d);
          model.set(id, d);
        } else {
          now += rnd() < 0.5 ? Math.floor(rnd() * 50) : span();
          const limit = rnd() < 0.2 ? 1 + Math.floor(rnd() * 3) : Number.POSITIVE_INFINITY;
          const fired = drain(w, now, limit);
          const due = [...model].filter(([, d]) => d <= now).map(([id]) => id);
          expect(fired.length).toBe(Math.min(limit, due.length));
          for (const id of fired) {
            expect(model.get(id)!).toBeLessThanOrEqual(now);
            model.delete(id);
          }
          if (limit === Number.POSITIVE_INFINITY) {
            expect(fired.sort((a, b) => a - b)).toEqual(due.sort((a, b) => a - b));
          }
        }
        expect(w.size).toBe(model.size);
        let min = Number.POSITIVE_INFINITY;
        for (const d of model.values()) if (d < min) min = d;
        expect(w.nextWakeup()).toBeLessThanOrEqual(min);
      }
      // Everything left fires exactly once, in the end.
      const rest = drain(w, now + 10 * YEAR).sort((a, b) => a - b);
      expect(rest).toEqual([...model.keys()].sort((a, b) => a - b));
      expect(w.size).toBe(0);
    });
  }

  test("1M schedules and cancels run in O(1) each", () => {
    const w = new TimerWheel<number>(T0);
    const nodes: TimerNode<number>[] = new Array(1_000_000);
    const start = performance.now();
    for (let i = 0; i < nodes.length; i++)
      nodes[i] = w.schedule(T0 + 1 + ((i * 7919) % (30 * 86_400_000)), i);
    expect(w.size).toBe(1_000_000);
    for (let i = 0; i < nodes.length; i++) w.cancel(nodes[i]!);
    const elapsed = performance.now() - start;
    expect(w.size).toBe(0);
    expect(w.nextWakeup()).toBe(Number.POSITIVE_INFINITY);
    expect(elapsed).toBeLessThan(3000);
  });

  test("1M nodes sharing one deadline drain in slices", () => {
    const w = new TimerWheel<number>(T0);
    for (let i = 0; i < 1_000_000; i++) w.schedule(T0 + 60_000, i);
    const out: TimerNode<number>[] = [];
    let calls = 0;
    while (w.size > 0) {
      out.length = 0;
      w.advance(T0 + 60_000, out, 300_000);
      calls++;
      expect(out.length).toBeLessThanOrEqual(300_000);
    }
    expect(calls).toBe(4);
  });
});
