/**
 * A hierarchical timing wheel with millisecond resolution: O(1) schedule, cancel and
 * reschedule, so a million keys with a TTL cost no more per SET than a few without.
 *
 * Layout: LEVELS levels of 32 slots. Level L slot s holds nodes whose deadline agrees with the
 * wheel's time on every base-32 digit above L and has digit s at L (always > the time's digit
 * at L). Level 0 slots therefore hold one exact deadline each; a higher slot is "cascaded"
 * (its nodes re-placed one or more levels down) when the wheel's time reaches its start.
 * 11 levels cover 2^55 ms (about a million years); later deadlines wait in an overflow list.
 *
 * Lists are circular and doubly linked through a sentinel per slot, so unlinking a node needs
 * no knowledge of where it lives. The per-level occupancy bitmaps are cleared lazily (when a
 * scan finds a marked slot empty), which keeps `cancel` a pure unlink.
 *
 * @example
 * const wheel = new TimerWheel<string>(clock.now());
 * const node = wheel.schedule(clock.now() + 5000, "key");
 * const due: TimerNode<string>[] = [];
 * wheel.advance(clock.now(), due, 1000);
 */

const BITS = 5;
const SLOTS = 1 << BITS;
const LEVELS = 11;
/** SCALE[L] = 32^L, the span of one slot at level L (exact as doubles up to 2^55). */
const SCALE: readonly number[] = Array.from({ length: LEVELS + 1 }, (_, l) => 2 ** (BITS * l));
const TOP = SCALE[LEVELS]!;

/** The links every list member has; the per-slot sentinels are bare `Link`s. */
class Link {
  next: Link = this;
  prev: Link = this;
}

export class TimerNode<T> extends Link {
  readonly item: T;
  /** The time (ms) at which the node comes due. Written only by the wheel. */
  deadline: number;

  constructor(deadline: number, item: T) {
    super();
    this.deadline = deadline;
    this.item = item;
  }

  /** Whether the node is in a wheel (scheduled and not yet cancelled or returned as due). */
  get scheduled(): boolean {
    return this.next !== this;
  }
}

function append(list: Link, node: Link): void {
  const last = list.prev;
  node.prev = last;
  node.next = list;
  last.next = node;
  list.prev = node;
}

function unlink(node: Link): void {
  node.prev.next = node.next;
  node.next.prev = node.prev;
  node.next = node;
  node.prev = node;
}

export class TimerWheel<T> {
  /** The wheel's notion of now: every node in a level or the overflow is due strictly later. */
  private time = 0;
  /** timeHigh[L] = floor(time / 32^(L+1)): the time's digits above level L, cached for `place`. */
  private readonly timeHigh = new Float64Array(LEVELS);
  private count = 0;
  private readonly slots: Link[] = Array.from({ length: LEVELS * SLOTS }, () => new Link());
  /** Bit s of occupied[L]: slot L*32+s may be non-empty (never clear while it is non-empty). */
  private readonly occupied = new Int32Array(LEVELS);
  /** Nodes already due (deadline <= time), in the order they came due. */
  private readonly due = new Link();
  /** A lower bound of the deadlines in `due` (reset when it empties). */
  private dueMin = Number.POSITIVE_INFINITY;
  private readonly overflow = new Link();

  constructor(now: number) {
    this.setTime(now);
  }

  get size(): number {
    return this.count;
  }

  schedule(deadline: number, item: T): TimerNode<T> {
    const node = new TimerNode(deadline, item);
    this.reschedule(node, deadline);
    return node;
  }

  /** Remove a node; a no-op when it is not scheduled (already due, cancelled, never added). */
  cancel(node: TimerNode<T>): void {
    if (node.next === node) return;
    unlink(node);
    this.count--;
  }

  /** Move a node to a new deadline (or schedule it again after it came due or was cancelled). */
  reschedule(node: TimerNode<T>, deadline: number): void {
    if (Number.isNaN(deadline)) throw new RangeError("TimerWheel: deadline is NaN");
    if (node.next !== node) unlink(node);
    else this.count++;
    node.deadline = deadline;
    this.place(node);
  }

  /**
   * Advance the wheel's time to `now`, cascading higher levels, and push every node with
   * deadline <= now into `out`, at most `limit` of them: the rest stay due for the next call
   * (the wheel's time then stops where it got to). Pushed nodes are no longer scheduled.
   */
  advance(now: number, out: TimerNode<T>[], limit: number): void {
    let room = limit;
    for (;;) {
      room = this.drainDue(out, room);
      if (room <= 0) return;
      const at = this.nextEvent();
      if (at > now) break;
      this.setTime(at);
      this.fire();
    }
    if (now > this.time) this.setTime(now);
  }

  /**
   * A time at or before the earliest deadline, or Infinity when the wheel is empty: the
   * earliest deadline already due, else the start of the first occupied slot of the lowest
   * occupied level. O(LEVELS) plus stale bits.
   */
  nextWakeup(): number {
    return this.due.next !== this.due ? this.dueMin : this.nextEvent();
  }

  private setTime(t: number): void {
    this.time = t;
    for (let l = 0; l < LEVELS; l++) this.timeHigh[l] = Math.floor(t / SCALE[l + 1]!);
  }

  private place(node: TimerNode<T>): void {
    const d = node.deadline;
    const t = this.time;
    if (d <= t) {
      if (this.due.next === this.due || d < this.dueMin) this.dueMin = d;
      append(this.due, node);
      return;
    }
    // The level is the highest base-32 digit where d and t differ; slot is d's digit there.
    // It is at least the level whose slots span the delta (a carry can push it higher), so
    // start there: a TTL of minutes skips three levels.
    const delta = d - t;
    let l = delta < 2 ** 31 ? Math.floor((31 - Math.clz32(delta)) / BITS) : 6;
    for (; l < LEVELS; l++) {
      if (Math.floor(d / SCALE[l + 1]!) === this.timeHigh[l]) {
        const s = Math.floor(d / SCALE[l]!) % SLOTS;
        this.occupied[l]! |= 1 << s;
        append(this.slots[l * SLOTS + s]!, node);
        return;
      }
    }
    append(this.overflow, node);
  }

  private drainDue(out: TimerNode<T>[], room: number): number {
    const due = this.due;
    while (room > 0 && due.next !== due) {
      const node = due.next as TimerNode<T>;
      unlink(node);
      this.count--;
      out.push(node);
      room--;
    }
    return room;
  }

  /**
   * The start of the earliest occupied slot, or Infinity. Any slot of level L ends before the
   * first slot of level L+1 begins, so the lowest occupied level holds the earliest event.
   */
  private nextEvent(): number {
    for (let l = 0; l < LEVELS; l++) {
      let bits = this.occupied[l]!;
      while (bits !== 0) {
        const s = 31 - Math.clz32(bits & -bits);
        const sentinel = this.slots[l * SLOTS + s]!;
        if (sentinel.next !== sentinel) {
          const span = SCALE[l + 1]!;
          return Math.floor(this.time / span) * span + s * SCALE[l]!;
        }
        bits &= bits - 1;
        this.occupied[l] = bits;
      }
    }
    if (this.overflow.next !== this.overflow) return (Math.floor(this.time / TOP) + 1) * TOP;
    return Number.POSITIVE_INFINITY;
  }

  /** Empty the slot that `nextEvent` found (the wheel's time is now its start). */
  private fire(): void {
    let list = this.overflow;
    for (let l = 0; l < LEVELS; l++) {
      const bits = this.occupied[l]!;
      if (bits !== 0) {
        const s = 31 - Math.clz32(bits & -bits);
        this.occupied[l] = bits & ~(1 << s);
        list = this.slots[l * SLOTS + s]!;
        break;
      }
    }
    // Detach the whole chain, then re-place each node against the new time: level 0 nodes
    // (and any node whose deadline is exactly now) land in `due`, the rest a level lower.
    let node = list.next;
    list.next = list;
    list.prev = list;
    while (node !== list) {
      const next = node.next;
      this.place(node as TimerNode<T>);
      node = next;
    }
  }
}
