/**
 * The set value type: members as binary strings (one char per byte).
 *
 * Why an array plus a Map and not a JS Set: SPOP and SRANDMEMBER need a uniformly random
 * member in O(1), as Redis's dict gives them, and a JS Set has no random access (picking the
 * i-th member is a walk). Here `list` holds the members densely and `index` maps each member to
 * its position, so membership, add, remove (swap the last member into the hole) and a random
 * pick are all O(1). The array costs one 8-byte slot per member on top of the Map; the member
 * strings themselves are shared by both.
 *
 * Small sets (up to SMALL_MAX members) have no Map at all: `has` is a scan of the array, as
 * Redis scans a small listpack. A Map costs about 250 bytes even for three members, so this
 * halves the size of the many-small-sets case; the Map is built once the set grows past
 * SMALL_MAX and kept if it shrinks again (Redis does not convert back either).
 *
 * Iteration order is the array's: insertion order until a removal moves the last member into
 * the removed one's place.
 *
 * For a cursor scan (SSCAN): walk positions from the top down (`at(size - 1)` to `at(0)`).
 * A removal only ever moves the member at the top position down into the hole, so a member
 * present for the whole scan never moves from a position not yet visited to one already
 * visited, and an addition lands above the cursor: every member present throughout is
 * returned at least once, as Redis's SCAN guarantees.
 *
 * @example
 * const s = new RedisSet();
 * s.add("a"); s.add("b");
 * s.random(); // "a" or "b"
 * s.pop();    // removes and returns one at random
 */

/** Largest set kept without an index Map (a scan of 16 short strings beats a Map's memory). */
export const SMALL_MAX = 16;

export class RedisSet {
  /** Member → its position in `list`; null while the set is small. */
  private index: Map<string, number> | null = null;
  /** The members, densely packed. */
  private list: string[] = [];

  /** A set holding `members` (duplicates collapse). */
  static of(members: Iterable<string>): RedisSet {
    const s = new RedisSet();
    for (const m of members) s.add(m);
    return s;
  }

  get size(): number {
    return this.list.length;
  }

  has(member: string): boolean {
    return this.index !== null ? this.index.has(member) : this.list.indexOf(member) >= 0;
  }

  /** Add a member; true when it was not there yet. */
  add(member: string): boolean {
    const list = this.list;
    if (this.index !== null) {
      if (this.index.has(member)) return false;
      this.index.set(member, list.length);
    } else {
      if (list.indexOf(member) >= 0) return false;
      if (list.length === SMALL_MAX) {
        const index = new Map<string, number>();
        for (let i = 0; i < list.length; i++) index.set(list[i]!, i);
        index.set(member, list.length);
        this.index = index;
      }
    }
    list.push(member);
    return true;
  }

  /** Remove a member; true when it was there. O(1): the last member fills the hole. */
  delete(member: string): boolean {
    const i = this.index !== null ? this.index.get(member) : this.list.indexOf(member);
    if (i === undefined || i < 0) return false;
    this.removeAt(i);
    return true;
  }

  /** The member at position `i` (0 <= i < size), in iteration order. */
  at(i: number): string {
    return this.list[i]!;
  }

  /** A uniformly random member; the set must not be empty. */
  random(): string {
    return this.list[(Math.random() * this.list.length) | 0]!;
  }

  /** Remove and return a uniformly random member; the set must not be empty. */
  pop(): string {
    const i = (Math.random() * this.list.length) | 0;
    const m = this.list[i]!;
    this.removeAt(i);
    return m;
  }

  /**
   * `count` distinct random members (0 < count < size), uniformly chosen, in random order.
   * O(count): positions are drawn with rejection from whichever side is smaller, the chosen
   * ones or the ones left out (when count > size/2, the left-out ones are fewer than count).
   */
  sample(count: number): string[] {
    const n = this.list.length;
    const out: string[] = [];
    if (count * 2 <= n) {
      const picked = new Set<number>();
      while (picked.size < count) {
        const i = (Math.random() * n) | 0;
        if (picked.has(i)) continue;
        picked.add(i);
        out.push(this.list[i]!);
      }
      return out;
    }
    const skipped = new Set<number>();
    while (skipped.size < n - count) skipped.add((Math.random() * n) | 0);
    for (let i = 0; i < n; i++) if (!skipped.has(i)) out.push(this.list[i]!);
    // Shuffle, so the order is as random as the choice (Fisher–Yates).
    for (let i = out.length - 1; i > 0; i--) {
      const j = (Math.random() * (i + 1)) | 0;
      const t = out[i]!;
      out[i] = out[j]!;
      out[j] = t;
    }
    return out;
  }

  /** The members, in iteration order. Do not change the set while iterating. */
  values(): IterableIterator<string> {
    return this.list.values();
  }

  [Symbol.iterator](): IterableIterator<string> {
    return this.list.values();
  }

  /** An independent copy (COPY, SINTERSTORE of one key). */
  clone(): RedisSet {
    const s = new RedisSet();
    s.list = this.list.slice();
    if (this.index !== null) s.index = new Map(this.index);
    return s;
  }

  /** Whether the set has outgrown the small (Map-less) form. For OBJECT ENCODING and tests. */
  get indexed(): boolean {
    return this.index !== null;
  }

  private removeAt(i: number): void {
    const list = this.list;
    const removed = list[i]!;
    const last = list.pop()!;
    if (i < list.length) list[i] = last;
    const index = this.index;
    if (index === null) return;
    index.delete(removed);
    if (removed !== last) index.set(last, i);
  }
}
