/**
 * The set value type: members are binary strings (one char per byte) in the public API, and
 * raw bytes in the large form's storage.
 *
 * Why positions: SPOP and SRANDMEMBER need a uniformly random member in O(1), as Redis's dict
 * gives them, so members are kept densely by position (0..size-1) and each member knows its
 * position: membership, add, remove (swap the last member into the hole) and a random pick are
 * all O(1).
 *
 * Two forms:
 * - Small (up to SMALL_MAX members): a plain array of member strings, and `has` is a scan of
 *   it, as Redis scans a small listpack. An index costs far more than 16 short strings.
 * - Large: the member bytes are the keys of a KeyTable (src/db/key-table.ts), which gives each
 *   a stable integer id; `ids` holds the ids by position and `posOf` the position by id, both
 *   Int32Arrays. Why not a `Map<string, number>` plus a string array, as before: at 100k members
 *   a Map lookup with a fresh member string misses the cache through every pointer it follows,
 *   every eden GC rescans the big mutated Map and array, and each member costs a string object
 *   (about 170 bytes a member in all). Here a member costs its bytes in a slab plus a few
 *   typed-array slots, no GC object at all, and the hot commands (SADD, SREM, SISMEMBER, SPOP,
 *   SMEMBERS) go from request bytes to table and from table to reply bytes without building a
 *   member string (`addBytes`, `hasBytes`, `deleteBytes`, `writeMember`).
 *   A set becomes large past SMALL_MAX and stays large if it shrinks again (Redis does not
 *   convert back either).
 *
 * Iteration order is by position: insertion order until a removal moves the last member into
 * the removed one's place. Going large keeps every position.
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
import { binaryString } from "../binary-string.ts";
import { KeyTable } from "../key-table.ts";

/** Largest set kept as a scanned array of strings (a scan of 16 short strings beats an index). */
export const SMALL_MAX = 16;

/** Where a member is written: the reply writer's two bulk forms (kept structural: db/ does not import protocol/). */
export interface MemberSink {
  bulkKey(s: string): void;
  bulkRange(src: Uint8Array, start: number, end: number): void;
}

const NONE = new Int32Array(0);

export class RedisSet {
  /** The small form's members by position; null once the set is large. */
  private list: string[] | null = [];
  /** The large form's members (keys, no values); null while small. */
  private table: KeyTable | null = null;
  /** Large form: member id by position (0..n-1 used). */
  private ids: Int32Array = NONE;
  /** Large form: position by member id. */
  private posOf: Int32Array = NONE;
  /** Large form: number of members. */
  private n = 0;

  /** A set holding `members` (duplicates collapse). */
  static of(members: Iterable<string>): RedisSet {
    const s = new RedisSet();
    for (const m of members) s.add(m);
    return s;
  }

  get size(): number {
    return this.list !== null ? this.list.length : this.n;
  }

  /** Whether the set has outgrown the small (scanned) form. For OBJECT ENCODING and tests. */
  get indexed(): boolean {
    return this.table !== null;
  }

  // --- by member string --------------------------------------------------------------------

  has(member: string): boolean {
    return this.list !== null ? this.list.indexOf(member) >= 0 : this.table!.findKey(member) >= 0;
  }

  /** Add a member; true when it was not there yet. */
  add(member: string): boolean {
    const list = this.list;
    if (list !== null) {
      if (list.indexOf(member) >= 0) return false;
      if (list.length < SMALL_MAX) {
        list.push(member);
        return true;
      }
      this.goLarge();
    }
    const table = this.table!;
    if (table.findKey(member) >= 0) return false;
    this.placeLarge(table.insertKey(member));
    return true;
  }

  /** Remove a member; true when it was there. O(1): the last member fills the hole. */
  delete(member: string): boolean {
    const i = this.list !== null ? this.list.indexOf(member) : this.positionOfId(this.table!.findKey(member));
    if (i < 0) return false;
    this.removeAt(i);
    return true;
  }

  /** The member at position `i` (0 <= i < size), in iteration order. */
  at(i: number): string {
    return this.list !== null ? this.list[i]! : this.table!.keyOf(this.ids[i]!);
  }

  /** A uniformly random member; the set must not be empty. */
  random(): string {
    return this.at(this.randomIndex());
  }

  /** Remove and return a uniformly random member; the set must not be empty. */
  pop(): string {
    const i = this.randomIndex();
    const m = this.at(i);
    this.removeAt(i);
    return m;
  }

  /** `count` distinct random members (0 < count < size), uniformly chosen, in random order. */
  sample(count: number): string[] {
    return this.samplePositions(count).map((i) => this.at(i));
  }

  /** The members, in iteration order. Do not change the set while iterating. */
  values(): IterableIterator<string> {
    return this.list !== null ? this.list.values() : this.largeValues();
  }

  [Symbol.iterator](): IterableIterator<string> {
    return this.values();
  }

  /** An independent copy with the same iteration order (COPY, SINTERSTORE of one key). */
  clone(): RedisSet {
    const s = new RedisSet();
    if (this.list !== null) {
      s.list = this.list.slice();
      return s;
    }
    s.goLarge();
    const to = s.table!;
    for (let i = 0; i < this.n; i++) {
      const slab = this.memberSlab(i);
      const id =
        slab === null ? to.insertKey(this.at(i)) : to.insert(slab, this.memberStart(i), this.memberEnd(i));
      s.placeLarge(id);
    }
    return s;
  }

  // --- by member bytes (the hot commands: no member string) ---------------------------------

  /** Whether src[start..end) is a member. */
  hasBytes(src: Uint8Array, start: number, end: number): boolean {
    return this.list !== null
      ? this.smallIndexOf(src, start, end) >= 0
      : this.table!.find(src, start, end) >= 0;
  }

  /** Add src[start..end) (copied); true when it was not there yet. */
  addBytes(src: Uint8Array, start: number, end: number): boolean {
    const list = this.list;
    if (list !== null) {
      if (this.smallIndexOf(src, start, end) >= 0) return false;
      if (list.length < SMALL_MAX) {
        list.push(binaryString(src, start, end));
        return true;
      }
      this.goLarge();
    }
    const table = this.table!;
    if (table.find(src, start, end) >= 0) return false;
    this.placeLarge(table.insert(src, start, end));
    return true;
  }

  /** Remove src[start..end); true when it was there. */
  deleteBytes(src: Uint8Array, start: number, end: number): boolean {
    const i =
      this.list !== null
        ? this.smallIndexOf(src, start, end)
        : this.positionOfId(this.table!.find(src, start, end));
    if (i < 0) return false;
    this.removeAt(i);
    return true;
  }

  /**
   * Where the bytes of the member at position `i` lie: a slab (read memberStart / memberEnd),
   * or null when the member is only a string (small sets: use `at(i)`). Valid
   * until the set is next changed.
   */
  memberSlab(i: number): Uint8Array | null {
    return this.list !== null ? null : this.table!.keySlab(this.ids[i]!);
  }

  memberStart(i: number): number {
    return this.table!.keyStart(this.ids[i]!);
  }

  memberEnd(i: number): number {
    return this.table!.keyEnd(this.ids[i]!);
  }

  /** Write the member at position `i` as a bulk string, from its bytes where they are kept. */
  writeMember(i: number, out: MemberSink): void {
    const slab = this.memberSlab(i);
    if (slab === null) out.bulkKey(this.at(i));
    else out.bulkRange(slab, this.memberStart(i), this.memberEnd(i));
  }

  /** Remove a uniformly random member, writing it as a bulk string (SPOP); the set must not be empty. */
  popInto(out: MemberSink): void {
    const i = this.randomIndex();
    // Written before the removal, while the member's id still leads to its bytes.
    this.writeMember(i, out);
    this.removeAt(i);
  }

  // --- by position --------------------------------------------------------------------------

  /** A uniformly random position; the set must not be empty. */
  randomIndex(): number {
    return (Math.random() * this.size) | 0;
  }

  /**
   * `count` distinct random positions (0 < count < size), uniformly chosen, in random order.
   * O(count): positions are drawn with rejection from whichever side is smaller, the chosen
   * ones or the ones left out (when count > size/2, the left-out ones are fewer than count).
   */
  samplePositions(count: number): number[] {
    const n = this.size;
    const out: number[] = [];
    if (count * 2 <= n) {
      const picked = new Set<number>();
      while (picked.size < count) {
        const i = (Math.random() * n) | 0;
        if (picked.has(i)) continue;
        picked.add(i);
        out.push(i);
      }
      return out;
    }
    const skipped = new Set<number>();
    while (skipped.size < n - count) skipped.add((Math.random() * n) | 0);
    for (let i = 0; i < n; i++) if (!skipped.has(i)) out.push(i);
    // Shuffle, so the order is as random as the choice (Fisher–Yates).
    for (let i = out.length - 1; i > 0; i--) {
      const j = (Math.random() * (i + 1)) | 0;
      const t = out[i]!;
      out[i] = out[j]!;
      out[j] = t;
    }
    return out;
  }

  /** Remove the member at position `i`. O(1): the last member fills the hole. */
  removeAt(i: number): void {
    const list = this.list;
    if (list !== null) {
      const last = list.pop()!;
      if (i < list.length) list[i] = last;
      return;
    }
    const ids = this.ids;
    this.table!.remove(ids[i]!);
    const top = --this.n;
    if (i < top) {
      const moved = ids[top]!;
      ids[i] = moved;
      this.posOf[moved] = i;
    }
  }

  // --- internals ----------------------------------------------------------------------------

  /** The small form's position of src[start..end), or -1. */
  private smallIndexOf(src: Uint8Array, start: number, end: number): number {
    const list = this.list!;
    const len = end - start;
    for (let i = 0; i < list.length; i++) {
      const m = list[i]!;
      if (m.length !== len) continue;
      let k = 0;
      while (k < len && m.charCodeAt(k) === src[start + k]) k++;
      if (k === len) return i;
    }
    return -1;
  }

  private positionOfId(id: number): number {
    return id < 0 ? -1 : this.posOf[id]!;
  }

  /** Switch to the large form, keeping every member's position. */
  private goLarge(): void {
    const members = this.list!;
    this.list = null;
    this.table = new KeyTable();
    this.n = 0;
    const cap = Math.max(SMALL_MAX * 2, members.length * 2);
    this.ids = new Int32Array(cap);
    this.posOf = new Int32Array(cap);
    for (const m of members) this.placeLarge(this.table.insertKey(m));
  }

  /** Put a freshly inserted member id at the top position. */
  private placeLarge(id: number): void {
    const top = this.n;
    if (top === this.ids.length) this.ids = grown(this.ids, top * 2);
    if (id >= this.posOf.length) {
      const cap = Math.max(this.posOf.length * 2, id + 1);
      this.posOf = grown(this.posOf, cap);
    }
    this.ids[top] = id;
    this.posOf[id] = top;
    this.n = top + 1;
  }

  private *largeValues(): IterableIterator<string> {
    for (let i = 0; i < this.n; i++) yield this.table!.keyOf(this.ids[i]!);
  }
}

/** A copy of `a` with room for `size` entries. */
function grown(a: Int32Array, size: number): Int32Array {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}
