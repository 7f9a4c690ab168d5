/**
 * The sorted-set value type: members (binary strings) ordered by score, then by member bytes.
 *
 * Like Redis, two structures: a dict member → score (ZSCORE, ZMSCORE, membership in O(1)) and
 * an ordered index of (score, member) pairs. Redis's index is a skip list with spans; ours is
 * a B+tree whose inner nodes keep the size of each child (an order-statistics tree):
 *
 * - The dict is a `KeyTable` keyed by the member's bytes, with the scores in a Float64Array
 *   indexed by the table's entry id. Why not a `Map<string, number>`: at 100k members each
 *   lookup of a freshly decoded member string costs 300-600 ns of cache misses, and every
 *   young-generation GC rescans the big, constantly mutated Map. The KeyTable is typed arrays
 *   and byte slabs the GC never looks into, and the commands look members up straight from
 *   the request bytes (`scoreBytes`, `addBytes`, ...), so a ZSCORE or a ZADD of an existing
 *   member builds no string at all.
 * - Memory of the index. A skip-list node in JS is an object plus a per-node array of forward
 *   pointers and spans, well over 100 bytes per member. A B+tree leaf holds up to 128 members
 *   in two plain arrays (a member string and an unboxed double each), so the index costs ~20
 *   bytes per member of GC heap (~32 of RSS) plus the member string. Inner nodes are ~1/64 of
 *   the leaves (numbers in the header of test/db/types/zset.test.ts).
 * - Speed. Searches scan short contiguous arrays instead of chasing pointers, and there is no
 *   random level generator. Every operation is O(log n): a binary search per level, plus
 *   O(node size) array shifts in the one leaf touched (and summing child sizes for a rank).
 *   A descent compares scores first and needs the member only on a score tie; a member given
 *   as bytes becomes a string only then (see `Probe`).
 *
 * Order is exactly Redis's zslInsert order: score ascending (doubles compared with `<`, so -0
 * and 0 tie), then member bytes as memcmp with the shorter first on a common prefix. Members
 * are binary strings (one UTF-16 code unit 0–255 per byte, `bytesToKey`), as keys are in the
 * Db: JS's `<` on strings compares code units lexicographically, shorter first, which for
 * units 0–255 *is* unsigned-byte memcmp order.
 * NaN is never stored (`add` throws; the caller answers "ERR resulting score is not a number").
 *
 * Ranges use Redis's conventions so the commands stay thin:
 * - `byRank`/`removeRangeByRank` take ZRANGE indices as given by the client (negative ones
 *   count from the end, out-of-range ones are clamped, start > stop is empty); with `reverse`
 *   index 0 is the highest element (ZREVRANGE).
 * - `byScore`/`byLex` always take (min, max) in that order; `reverse` returns the range from
 *   the top (the caller of ZREVRANGEBYSCORE swaps its max/min arguments). `offset`/`count` are
 *   LIMIT's: a negative offset gives nothing, a negative count means "all the rest". Offsets
 *   are skipped by rank in O(log n), not walked as Redis does.
 * - `removeRangeBy*` and `popMin`/`popMax` find the range in O(log n), then delete its m
 *   members one by one by rank: O(m log n) (a whole-set range is a clear).
 * - Lex ranges assume every member has the same score, as Redis documents; with mixed scores
 *   the answer is some contiguous run found by a member-only binary search, like Redis's own
 *   skip-list search, but not necessarily the same run.
 *
 * Iterating while mutating the set is not supported (results are unspecified).
 *
 * @example
 * const z = new RedisZSet();
 * z.add("a", 1); z.add("b", 2); z.add("c", 2);
 * z.rank("c");                                         // 2
 * z.byScore({ value: 1, exclusive: true }, { value: Infinity, exclusive: false });
 * // [["b", 2], ["c", 2]]
 * const names = new RedisZSet(); // lex ranges: every score equal
 * names.add("ann", 0); names.add("bob", 0); names.add("cy", 0);
 * names.byLex({ value: "b", exclusive: false }, { kind: "+inf" }); // [["bob", 0], ["cy", 0]]
 */
import { binaryString } from "../binary-string.ts";
import { KeyTable } from "../key-table.ts";

/** A ZRANGEBYSCORE bound: `1.5`, `(1.5`, `-inf`, `+inf`. */
export type ScoreBound = { value: number; exclusive: boolean };

/** A ZRANGEBYLEX bound: `-`, `+`, `[member`, `(member` (member as a binary string). */
export type LexBound = { kind: "-inf" | "+inf" } | { value: string; exclusive: boolean };

/** LIMIT and direction for score and lex ranges. */
export interface RangeOptions {
  reverse?: boolean;
  offset?: number;
  count?: number;
}

export type ZEntry = [member: string, score: number];

export type AddOutcome = "added" | "updated" | "unchanged";

/*
 * Node sizes. Leaves split above LEAF_MAX and are merged with (or refilled from) a neighbour
 * below LEAF_MIN, so they stay 25–100% full; 128 keeps the per-leaf overhead (~150 bytes of
 * object and array headers) near 1 byte per member while an insert shifts at most 128 slots.
 */
const LEAF_MAX = 128;
const NO_SCORES = new Float64Array(0);
const LEAF_MIN = 32;
const INNER_MAX = 64;
const INNER_MIN = 16;

class Leaf {
  members: string[];
  scores: number[];
  prev: Leaf | null = null;
  next: Leaf | null = null;
  constructor(members: string[], scores: number[]) {
    this.members = members;
    this.scores = scores;
  }
}

/**
 * `seps[i]` (i ≥ 1) is a lower bound of child i: every key in child i is ≥ it and every key in
 * child i-1 is < it. It may be a key since deleted, which keeps deletes from having to update
 * ancestors. Slot 0 is a lower bound of the whole node (only read when nodes are merged).
 */
class Inner {
  children: Node[];
  counts: number[];
  sepScores: number[];
  sepMembers: string[];
  constructor(children: Node[], counts: number[], sepScores: number[], sepMembers: string[]) {
    this.children = children;
    this.counts = counts;
    this.sepScores = sepScores;
    this.sepMembers = sepMembers;
  }
}

type Node = Leaf | Inner;

/** (s1, m1) < (s2, m2) in zset order. */
function keyLess(s1: number, m1: string, s2: number, m2: string): boolean {
  return s1 < s2 || (s1 === s2 && m1 < m2);
}

/** A predicate true on a prefix of the order (all elements "before" some point). */
type Before = (score: number, member: string) => boolean;

function sumTo(counts: number[], end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) n += counts[i]!;
  return n;
}

const NO_BYTES = new Uint8Array(0);

/** memcmp of src[start..end) against the binary string `m`, shorter first on a common prefix. */
function compareBytes(src: Uint8Array, start: number, end: number, m: string): number {
  const n = end - start;
  const k = Math.min(n, m.length);
  for (let i = 0; i < k; i++) {
    const d = src[start + i]! - m.charCodeAt(i);
    if (d !== 0) return d;
  }
  return n - m.length;
}

/**
 * The key a descent looks for: a score and a member given either as bytes (a request
 * argument) or as a string. Members are compared only on a score tie, and a member given as
 * bytes is compared as bytes: finding an existing member (ZADD/ZINCRBY of a new score, ZREM,
 * ZRANK) decodes nothing. Its string is built only to be stored (a new member). One per set,
 * reused by every operation.
 */
class Probe {
  score = 0;
  private src: Uint8Array = NO_BYTES;
  private start = 0;
  private end = 0;
  /** Whether the member is given as bytes (then `str` is a cache of them, or null). */
  private bytes = false;
  private str: string | null = null;

  fromBytes(score: number, src: Uint8Array, start: number, end: number): this {
    this.score = score;
    this.src = src;
    this.start = start;
    this.end = end;
    this.bytes = true;
    this.str = null;
    return this;
  }

  fromString(score: number, member: string): this {
    this.score = score;
    this.src = NO_BYTES;
    this.bytes = false;
    this.str = member;
    return this;
  }

  member(): string {
    if (this.str === null) this.str = binaryString(this.src, this.start, this.end);
    return this.str;
  }

  /** `member` < `m`, in memcmp order (a binary string's `<`). */
  before(m: string): boolean {
    if (!this.bytes) return this.str! < m;
    return compareBytes(this.src, this.start, this.end, m) < 0;
  }

  /** `m` < `member`. */
  after(m: string): boolean {
    if (!this.bytes) return m < this.str!;
    return compareBytes(this.src, this.start, this.end, m) > 0;
  }

  /** Whether `m` is the probe's member, without building a string for it. */
  is(m: string): boolean {
    if (!this.bytes) return m === this.str;
    const n = this.end - this.start;
    if (m.length !== n) return false;
    const src = this.src;
    const start = this.start;
    for (let i = 0; i < n; i++) if (m.charCodeAt(i) !== src[start + i]) return false;
    return true;
  }

  /** The member's id in `dict`, or -1 (by bytes when there are bytes: no copy). */
  find(dict: KeyTable): number {
    return this.bytes ? dict.find(this.src, this.start, this.end) : dict.findKey(this.str!);
  }

  /** Add the (absent) member to `dict`; its new id. */
  insertInto(dict: KeyTable): number {
    return this.bytes ? dict.insert(this.src, this.start, this.end) : dict.insertKey(this.str!);
  }
}

/**
 * Up to this many members there is no dict: the index is then a single leaf (LEAF_MAX), and a
 * member is found by scanning it, as Redis scans a small listpack. A KeyTable and its arrays
 * cost ~2 KB, ten times a 10-member set's own data. Past it the dict is built, and kept.
 */
const SMALL_MAX = LEAF_MAX;

const PROBE = new Probe();

export class RedisZSet {
  /**
   * Member bytes → entry id; the id indexes `scoreById`. Null while small: "ids" are then
   * positions in the root leaf (valid until the next change, which is all the id API needs).
   */
  private dict: KeyTable | null = null;
  private scoreById: Float64Array = NO_SCORES;
  /** One probe for every set: each operation uses it from start to end, and none nests. */
  private readonly probe = PROBE;
  private root: Node = new Leaf([], []);
  /** Inner levels above the leaves. */
  private height = 0;
  /** The score of the element `deleteRankFrom` removed last (saves a tuple per pop). */
  private lastScore = 0;
  /**
   * The encoding Redis would give this set (OBJECT ENCODING): "listpack" while small, then
   * "skiplist". The structure is the same either way; the commands keep this field the way
   * Redis converts (src/commands/sorted-sets/zset-value.ts), because one reply depends on it:
   * a listpack stores scores as text and turns -0 into 0, a skiplist keeps -0.
   */
  encoding: "listpack" | "skiplist" = "listpack";

  get size(): number {
    return this.dict !== null ? this.dict.size : (this.root as Leaf).members.length;
  }

  /** The score of `member`, or undefined (ZSCORE). */
  score(member: string): number | undefined {
    const id = this.findId(this.probe.fromString(0, member));
    return id < 0 ? undefined : this.scoreOf(id);
  }

  /** `score` of the member given by bytes [start, end) of `src` (builds no string). */
  scoreBytes(src: Uint8Array, start: number, end: number): number | undefined {
    const id = this.findBytes(src, start, end);
    return id < 0 ? undefined : this.scoreOf(id);
  }

  has(member: string): boolean {
    return this.findId(this.probe.fromString(0, member)) >= 0;
  }

  /**
   * Set `member`'s score. "unchanged" when it already had exactly this score (0 and -0 count
   * as equal and the old one is kept, as Redis's `score != curscore`): ZADD CH counts only
   * "added" and "updated".
   */
  add(member: string, score: number): AddOutcome {
    return this.addProbe(this.probe.fromString(score, member));
  }

  /** `add` of the member given by bytes [start, end) of `src` (copied when added). */
  addBytes(src: Uint8Array, start: number, end: number, score: number): AddOutcome {
    return this.addProbe(this.probe.fromBytes(score, src, start, end));
  }

  /*
   * The same by entry id, for ZADD's flags (NX, GT, INCR, ...), which read the current score
   * before deciding: one dict lookup per member instead of two. An id stays valid until its
   * member is removed.
   */

  /** The entry id of the member given by bytes, or -1. */
  findBytes(src: Uint8Array, start: number, end: number): number {
    if (this.dict !== null) return this.dict.find(src, start, end);
    return this.findId(this.probe.fromBytes(0, src, start, end));
  }

  /** The score of the member with entry id `id`. */
  scoreOf(id: number): number {
    return this.dict !== null ? this.scoreById[id]! : (this.root as Leaf).scores[id]!;
  }

  /** `add` of a present member: its entry id, and its bytes (for the index). */
  rescoreBytes(id: number, src: Uint8Array, start: number, end: number, score: number): AddOutcome {
    return this.rescore(id, this.probe.fromBytes(score, src, start, end));
  }

  /** `add` of a member known to be absent, given by bytes. */
  insertBytes(src: Uint8Array, start: number, end: number, score: number): void {
    this.addNew(this.probe.fromBytes(score, src, start, end));
  }

  /** ZREM of one member; false when it was not there. */
  remove(member: string): boolean {
    return this.removeProbe(this.probe.fromString(0, member));
  }

  /** `remove` of the member given by bytes. */
  removeBytes(src: Uint8Array, start: number, end: number): boolean {
    return this.removeProbe(this.probe.fromBytes(0, src, start, end));
  }

  /** 0-based position of `member` from the lowest (or, `reverse`, the highest), or undefined. */
  rank(member: string, reverse = false): number | undefined {
    return this.rankProbe(this.probe.fromString(0, member), reverse);
  }

  /** `rank` of the member given by bytes. */
  rankBytes(src: Uint8Array, start: number, end: number, reverse = false): number | undefined {
    return this.rankProbe(this.probe.fromBytes(0, src, start, end), reverse);
  }

  /** The element at 0-based `rank` from the lowest (ZRANDMEMBER, cursors), or undefined. */
  at(rank: number): ZEntry | undefined {
    if (rank < 0 || rank >= this.size) return undefined;
    const [leaf, i] = this.seek(rank);
    return [leaf.members[i]!, leaf.scores[i]!];
  }

  /** ZRANGE start stop [REV] with Redis index semantics (see the header). */
  byRank(start: number, stop: number, reverse = false): ZEntry[] {
    const r = this.rankRange(start, stop, reverse);
    return r === null ? [] : this.collect(r[0], r[1], reverse);
  }

  /** ZRANGEBYSCORE min max [LIMIT offset count], or from the top with `reverse`. */
  byScore(min: ScoreBound, max: ScoreBound, opts?: RangeOptions): ZEntry[] {
    return this.rangeOf(this.scoreSpan(min, max), opts);
  }

  /** ZRANGEBYLEX min max [LIMIT offset count], or from the top with `reverse`. */
  byLex(min: LexBound, max: LexBound, opts?: RangeOptions): ZEntry[] {
    return this.rangeOf(this.lexSpan(min, max), opts);
  }

  /** ZCOUNT in O(log n). */
  countByScore(min: ScoreBound, max: ScoreBound): number {
    const [lo, hi] = this.scoreSpan(min, max);
    return hi > lo ? hi - lo : 0;
  }

  /** ZLEXCOUNT in O(log n). */
  countByLex(min: LexBound, max: LexBound): number {
    const [lo, hi] = this.lexSpan(min, max);
    return hi > lo ? hi - lo : 0;
  }

  /** ZREMRANGEBYRANK with Redis index semantics; the number removed. */
  removeRangeByRank(start: number, stop: number): number {
    const r = this.rankRange(start, stop, false);
    return r === null ? 0 : this.removeSpan(r[0], r[1]);
  }

  /** ZREMRANGEBYSCORE; the number removed. */
  removeRangeByScore(min: ScoreBound, max: ScoreBound): number {
    const [lo, hi] = this.scoreSpan(min, max);
    return this.removeSpan(lo, hi);
  }

  /** ZREMRANGEBYLEX; the number removed. */
  removeRangeByLex(min: LexBound, max: LexBound): number {
    const [lo, hi] = this.lexSpan(min, max);
    return this.removeSpan(lo, hi);
  }

  /** ZPOPMIN: remove and return up to `count` lowest elements, lowest first. */
  popMin(count = 1): ZEntry[] {
    const n = Math.min(count, this.size);
    const out: ZEntry[] = [];
    for (let k = 0; k < n; k++) out.push([this.dropRank(0), this.lastScore]);
    return out;
  }

  /** ZPOPMAX: remove and return up to `count` highest elements, highest first. */
  popMax(count = 1): ZEntry[] {
    const n = Math.min(count, this.size);
    const out: ZEntry[] = [];
    for (let k = 0; k < n; k++) out.push([this.dropRank(this.size - 1), this.lastScore]);
    return out;
  }

  /** Remove every member. */
  clear(): void {
    this.dict = null;
    this.scoreById = NO_SCORES;
    this.root = new Leaf([], []);
    this.height = 0;
  }

  /** Members and scores in order, lowest first. */
  *[Symbol.iterator](): IterableIterator<ZEntry> {
    for (let leaf: Leaf | null = this.firstLeaf(); leaf !== null; leaf = leaf.next) {
      for (let i = 0; i < leaf.members.length; i++) yield [leaf.members[i]!, leaf.scores[i]!];
    }
  }

  /**
   * Every (member, score), for readers that do not care about order (ZUNION inputs, SORT):
   * the index's order, lowest first, which reuses its member strings (the dict holds bytes).
   */
  entries(): IterableIterator<[string, number]> {
    return this[Symbol.iterator]();
  }

  /**
   * For tests: check every invariant (order, child sizes, separators, fill, leaf links, the
   * dict) and throw on the first broken one.
   */
  validate(): void {
    const leaves: Leaf[] = [];
    const walk = (node: Node, h: number, isRoot: boolean): number => {
      if (h === 0) {
        const leaf = node as Leaf;
        if (!(leaf instanceof Leaf)) throw new Error("leaf expected at height 0");
        if (leaf.members.length !== leaf.scores.length) throw new Error("leaf arrays differ");
        // Below LEAF_MIN is fine after an appending split; deletes merge such leaves.
        if (!isRoot && (leaf.members.length === 0 || leaf.members.length > LEAF_MAX))
          throw new Error(`leaf size ${leaf.members.length}`);
        leaves.push(leaf);
        return leaf.members.length;
      }
      const inner = node as Inner;
      if (!(inner instanceof Inner)) throw new Error("inner node expected");
      const n = inner.children.length;
      if (n > INNER_MAX || n < (isRoot ? 2 : INNER_MIN)) throw new Error(`inner size ${n}`);
      let total = 0;
      for (let i = 0; i < n; i++) {
        const c = walk(inner.children[i]!, h - 1, false);
        if (c !== inner.counts[i]) throw new Error("child count mismatch");
        total += c;
        const first = firstKey(inner.children[i]!);
        const lastPrev = i > 0 ? lastKey(inner.children[i - 1]!) : null;
        if (i > 0) {
          const ss = inner.sepScores[i]!;
          const sm = inner.sepMembers[i]!;
          if (keyLess(first[0], first[1], ss, sm)) throw new Error("separator above child");
          if (lastPrev !== null && !keyLess(lastPrev[0], lastPrev[1], ss, sm))
            throw new Error("separator not above left sibling");
        }
      }
      return total;
    };
    const total = walk(this.root, this.height, true);
    if (total !== this.size) throw new Error(`tree holds ${total}, dict ${this.size}`);
    let prevS = Number.NEGATIVE_INFINITY;
    let prevM: string | null = null;
    for (let k = 0; k < leaves.length; k++) {
      const leaf = leaves[k]!;
      if (leaf.prev !== (k > 0 ? leaves[k - 1] : null)) throw new Error("bad prev link");
      if (leaf.next !== (k + 1 < leaves.length ? leaves[k + 1] : null)) throw new Error("bad next link");
      for (let i = 0; i < leaf.members.length; i++) {
        const s = leaf.scores[i]!;
        const m = leaf.members[i]!;
        if (prevM !== null && !keyLess(prevS, prevM, s, m)) throw new Error("order broken");
        if (!Object.is(this.score(m), s)) throw new Error("dict and tree disagree");
        prevS = s;
        prevM = m;
      }
    }
  }

  // ---- the dict and the index together ----

  /** The probe's member id (see `dict`), or -1. */
  private findId(p: Probe): number {
    if (this.dict !== null) return p.find(this.dict);
    const members = (this.root as Leaf).members;
    for (let i = 0; i < members.length; i++) if (p.is(members[i]!)) return i;
    return -1;
  }

  /** Leave the small form: index every member in a dict. */
  private buildDict(): void {
    const dict = new KeyTable();
    const leaf = this.root as Leaf;
    this.scoreById = new Float64Array(leaf.members.length * 2);
    for (let i = 0; i < leaf.members.length; i++)
      this.scoreById[dict.insertKey(leaf.members[i]!)] = leaf.scores[i]!;
    this.dict = dict;
  }

  private addProbe(p: Probe): AddOutcome {
    const id = this.findId(p);
    if (id >= 0) return this.rescore(id, p);
    this.addNew(p);
    return "added";
  }

  private addNew(p: Probe): void {
    const score = p.score;
    if (Number.isNaN(score)) throw new RangeError("a sorted-set score cannot be NaN");
    if (this.dict === null && this.size >= SMALL_MAX) this.buildDict();
    if (this.dict !== null) {
      const id = p.insertInto(this.dict);
      if (id >= this.scoreById.length) this.growScores(id);
      this.scoreById[id] = score;
    }
    this.insert(p);
  }

  private rescore(id: number, p: Probe): AddOutcome {
    const score = p.score;
    if (Number.isNaN(score)) throw new RangeError("a sorted-set score cannot be NaN");
    const old = this.scoreOf(id);
    if (old === score) return "unchanged";
    if (this.dict !== null) this.scoreById[id] = score;
    // One descent removes the old key (or just rewrites its score when it stays between its
    // neighbours); a second inserts the new one, found by the member string the first one met.
    p.score = old;
    const member = this.deleteFrom(this.root, this.height, p, score);
    if (member === null) return "updated";
    this.shrinkRoot();
    this.insert(p.fromString(score, member));
    return "updated";
  }

  private removeProbe(p: Probe): boolean {
    const id = this.findId(p);
    if (id < 0) return false;
    p.score = this.scoreOf(id);
    this.dict?.remove(id);
    this.deleteFrom(this.root, this.height, p, Number.NaN);
    this.shrinkRoot();
    return true;
  }

  private rankProbe(p: Probe, reverse: boolean): number | undefined {
    const id = this.findId(p);
    if (id < 0) return undefined;
    p.score = this.scoreOf(id);
    const r = this.rankOf(p);
    return reverse ? this.size - 1 - r : r;
  }

  /** Remove the element of rank `rank` from both structures; its member (score: `lastScore`). */
  private dropRank(rank: number): string {
    const member = this.deleteRankFrom(this.root, this.height, rank);
    this.shrinkRoot();
    this.dict?.remove(this.dict.findKey(member));
    return member;
  }

  private growScores(id: number): void {
    const grown = new Float64Array(Math.max(id + 1, this.scoreById.length * 2));
    grown.set(this.scoreById);
    this.scoreById = grown;
  }

  // ---- ranks and spans ----

  /** Number of elements before the probe's key. */
  private rankOf(p: Probe): number {
    let node = this.root;
    let rank = 0;
    for (let h = this.height; h > 0; h--) {
      const inner = node as Inner;
      const j = route(inner, p);
      rank += sumTo(inner.counts, j);
      node = inner.children[j]!;
    }
    const leaf = node as Leaf;
    return rank + leafLowerBound(leaf, p);
  }

  /** Number of leading elements for which `before` holds (it must hold on a prefix). */
  private countBefore(before: Before): number {
    let node = this.root;
    let rank = 0;
    for (let h = this.height; h > 0; h--) {
      const inner = node as Inner;
      // Separators are increasing, so `before` holds on a prefix of them too.
      let lo = 1;
      let hi = inner.children.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (before(inner.sepScores[mid]!, inner.sepMembers[mid]!)) lo = mid + 1;
        else hi = mid;
      }
      const j = lo - 1;
      rank += sumTo(inner.counts, j);
      node = inner.children[j]!;
    }
    const leaf = node as Leaf;
    let lo = 0;
    let hi = leaf.members.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(leaf.scores[mid]!, leaf.members[mid]!)) lo = mid + 1;
      else hi = mid;
    }
    return rank + lo;
  }

  /** Ranks [lo, hi) of the elements within a score range (hi <= lo when empty). */
  private scoreSpan(min: ScoreBound, max: ScoreBound): [number, number] {
    const a = min.value;
    const b = max.value;
    const lo = min.exclusive ? this.countBefore((s) => s <= a) : this.countBefore((s) => s < a);
    const hi = max.exclusive ? this.countBefore((s) => s < b) : this.countBefore((s) => s <= b);
    return [lo, hi];
  }

  private lexSpan(min: LexBound, max: LexBound): [number, number] {
    const n = this.size;
    let lo: number;
    if ("kind" in min) lo = min.kind === "-inf" ? 0 : n;
    else {
      const v = min.value;
      lo = min.exclusive ? this.countBefore((_, m) => m <= v) : this.countBefore((_, m) => m < v);
    }
    let hi: number;
    if ("kind" in max) hi = max.kind === "+inf" ? n : 0;
    else {
      const v = max.value;
      hi = max.exclusive ? this.countBefore((_, m) => m < v) : this.countBefore((_, m) => m <= v);
    }
    return [lo, hi];
  }

  /** ZRANGE's index normalisation → ranks [from, to) from the lowest, or null when empty. */
  private rankRange(start: number, stop: number, reverse: boolean): [number, number] | null {
    const n = this.size;
    if (start < 0) start += n;
    if (stop < 0) stop += n;
    if (start < 0) start = 0;
    if (start > stop || start >= n) return null;
    if (stop >= n) stop = n - 1;
    return reverse ? [n - 1 - stop, n - start] : [start, stop + 1];
  }

  private rangeOf([lo, hi]: [number, number], opts?: RangeOptions): ZEntry[] {
    const offset = opts?.offset ?? 0;
    const count = opts?.count ?? -1;
    if (hi <= lo || offset < 0 || count === 0) return [];
    const avail = hi - lo - offset;
    if (avail <= 0) return [];
    const take = count < 0 || count > avail ? avail : count;
    return opts?.reverse
      ? this.collect(hi - offset - take, hi - offset, true)
      : this.collect(lo + offset, lo + offset + take, false);
  }

  /** Elements of ranks [from, to), ascending, or descending with `reverse`. */
  private collect(from: number, to: number, reverse: boolean): ZEntry[] {
    const out: ZEntry[] = [];
    if (to <= from) return out;
    let left = to - from;
    let [leaf, i] = this.seek(reverse ? to - 1 : from);
    if (!reverse) {
      for (;;) {
        const ms = leaf.members;
        const ss = leaf.scores;
        for (; i < ms.length && left > 0; i++, left--) out.push([ms[i]!, ss[i]!]);
        if (left === 0 || leaf.next === null) return out;
        leaf = leaf.next;
        i = 0;
      }
    }
    for (;;) {
      const ms = leaf.members;
      const ss = leaf.scores;
      for (; i >= 0 && left > 0; i--, left--) out.push([ms[i]!, ss[i]!]);
      if (left === 0 || leaf.prev === null) return out;
      leaf = leaf.prev;
      i = leaf.members.length - 1;
    }
  }

  /** Remove ranks [lo, hi); m deletes of O(log n) each, or O(1) when it is everything. */
  private removeSpan(lo: number, hi: number): number {
    if (hi <= lo) return 0;
    const n = hi - lo;
    if (n === this.size) {
      this.clear();
      return n;
    }
    for (let k = 0; k < n; k++) this.dropRank(lo);
    return n;
  }

  /** The leaf and index holding rank `rank` (0 <= rank < size). */
  private seek(rank: number): [Leaf, number] {
    let node = this.root;
    for (let h = this.height; h > 0; h--) {
      const inner = node as Inner;
      const counts = inner.counts;
      let j = 0;
      while (rank >= counts[j]!) rank -= counts[j++]!;
      node = inner.children[j]!;
    }
    return [node as Leaf, rank];
  }

  private firstLeaf(): Leaf {
    let node = this.root;
    for (let h = this.height; h > 0; h--) node = (node as Inner).children[0]!;
    return node as Leaf;
  }

  // ---- structural updates ----

  /** Insert the probe's key (absent from the index). */
  private insert(p: Probe): void {
    const split = this.insertInto(this.root, this.height, p);
    if (split === null) return;
    const old = this.root;
    const [ls, lm] = firstKey(old);
    const [rs, rm] = firstKey(split);
    this.root = new Inner([old, split], [nodeSize(old), nodeSize(split)], [ls, rs], [lm, rm]);
    this.height++;
  }

  /** Insert below `node`; returns the new right sibling when `node` had to split. */
  private insertInto(node: Node, h: number, p: Probe): Node | null {
    if (h === 0) {
      const leaf = node as Leaf;
      const i = leafLowerBound(leaf, p);
      insertAt(leaf.members, i, p.member());
      insertAt(leaf.scores, i, p.score);
      if (leaf.members.length <= LEAF_MAX) return null;
      // Appending past the last element (rising scores, timestamps, a bulk load in order):
      // leave this leaf full instead of half empty forever.
      return splitLeaf(leaf, i === LEAF_MAX && leaf.next === null ? LEAF_MAX : leaf.members.length >>> 1);
    }
    const inner = node as Inner;
    const j = route(inner, p);
    const split = this.insertInto(inner.children[j]!, h - 1, p);
    if (split === null) {
      inner.counts[j]!++;
      return null;
    }
    const rightCount = nodeSize(split);
    inner.counts[j] = inner.counts[j]! + 1 - rightCount;
    const [ss, sm] = firstKey(split);
    insertAt(inner.children, j + 1, split);
    insertAt(inner.counts, j + 1, rightCount);
    insertAt(inner.sepScores, j + 1, ss);
    insertAt(inner.sepMembers, j + 1, sm);
    if (inner.children.length <= INNER_MAX) return null;
    const half = inner.children.length >>> 1;
    return new Inner(
      inner.children.splice(half),
      inner.counts.splice(half),
      inner.sepScores.splice(half),
      inner.sepMembers.splice(half),
    );
  }

  /** After a delete: a root left with one child gives way to it. */
  private shrinkRoot(): void {
    if (this.height > 0 && (this.root as Inner).children.length === 1) {
      this.root = (this.root as Inner).children[0]!;
      this.height--;
    }
  }

  /**
   * Remove the probe's key (present) below `node` and return its member string. With a
   * `moveTo` score (not NaN), first try ZADD/ZINCRBY's cheap case: the new key still falls
   * strictly between its leaf neighbours and is not the leaf's first key (which may be an
   * ancestor's separator), so only the score changes; then nothing is removed and the result
   * is null.
   */
  private deleteFrom(node: Node, h: number, p: Probe, moveTo: number): string | null {
    if (h === 0) {
      const leaf = node as Leaf;
      const ms = leaf.members;
      const ss = leaf.scores;
      const i = leafLowerBound(leaf, p);
      const member = ms[i];
      if (member === undefined || ss[i] !== p.score || !p.is(member))
        throw new Error("zset index lost a member");
      if (
        i > 0 &&
        i + 1 < ms.length &&
        keyLess(ss[i - 1]!, ms[i - 1]!, moveTo, member) &&
        keyLess(moveTo, member, ss[i + 1]!, ms[i + 1]!)
      ) {
        ss[i] = moveTo;
        return null;
      }
      removeAt(ms, i);
      removeAt(ss, i);
      return member;
    }
    const inner = node as Inner;
    const j = route(inner, p);
    const member = this.deleteFrom(inner.children[j]!, h - 1, p, moveTo);
    if (member !== null) afterChildDelete(inner, j, h);
    return member;
  }

  /** Remove the element of rank `rank` below `node`: its member, its score in `lastScore`. */
  private deleteRankFrom(node: Node, h: number, rank: number): string {
    if (h === 0) {
      const leaf = node as Leaf;
      const member = leaf.members[rank]!;
      this.lastScore = leaf.scores[rank]!;
      removeAt(leaf.members, rank);
      removeAt(leaf.scores, rank);
      return member;
    }
    const inner = node as Inner;
    const counts = inner.counts;
    let j = 0;
    while (rank >= counts[j]!) rank -= counts[j++]!;
    const member = this.deleteRankFrom(inner.children[j]!, h - 1, rank);
    afterChildDelete(inner, j, h);
    return member;
  }
}

// ---- node helpers ----

/** Child j of `inner` (at height h) lost an element: count it, and refill it when too small. */
function afterChildDelete(inner: Inner, j: number, h: number): void {
  inner.counts[j]!--;
  const child = inner.children[j]!;
  const under =
    h === 1 ? (child as Leaf).members.length < LEAF_MIN : (child as Inner).children.length < INNER_MIN;
  if (under && inner.children.length > 1) rebalance(inner, j === inner.children.length - 1 ? j - 1 : j, h);
}

/** The child of `inner` whose key range holds the probe's key. */
function route(inner: Inner, p: Probe): number {
  const ss = inner.sepScores;
  const sm = inner.sepMembers;
  // Largest j >= 1 with sep[j] <= key, else 0.
  const score = p.score;
  let lo = 1;
  let hi = inner.children.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    // Scores decide but on a tie; only then is the member (a separate array) read.
    const s = ss[mid]!;
    if (score < s || (score === s && p.before(sm[mid]!))) hi = mid;
    else lo = mid + 1;
  }
  return lo - 1;
}

/** First index in `leaf` whose key is >= the probe's. */
function leafLowerBound(leaf: Leaf, p: Probe): number {
  const ss = leaf.scores;
  const ms = leaf.members;
  const score = p.score;
  let lo = 0;
  let hi = ms.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const s = ss[mid]!;
    if (s < score || (s === score && p.after(ms[mid]!))) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function nodeSize(node: Node): number {
  return node instanceof Leaf ? node.members.length : sumTo(node.counts, node.counts.length);
}

function firstKey(node: Node): [number, string] {
  while (node instanceof Inner) node = node.children[0]!;
  return [node.scores[0]!, node.members[0]!];
}

function lastKey(node: Node): [number, string] {
  while (node instanceof Inner) node = node.children[node.children.length - 1]!;
  const n = node.members.length - 1;
  return [node.scores[n]!, node.members[n]!];
}

function splitLeaf(leaf: Leaf, at: number): Leaf {
  const right = new Leaf(leaf.members.splice(at), leaf.scores.splice(at));
  if (at === LEAF_MAX) {
    // A full leaf left behind by an append: copy it to drop the arrays' growth slack.
    leaf.members = leaf.members.slice();
    leaf.scores = leaf.scores.slice();
  }
  right.next = leaf.next;
  if (right.next !== null) right.next.prev = right;
  right.prev = leaf;
  leaf.next = right;
  return right;
}

/**
 * Children i and i+1 of `parent` (at height h - 1) hold too few entries between them in one
 * of them: pour them together, then either keep one node (it fits) or split evenly again.
 */
function rebalance(parent: Inner, i: number, h: number): void {
  const a = parent.children[i]!;
  const b = parent.children[i + 1]!;
  const total = parent.counts[i]! + parent.counts[i + 1]!;
  if (h === 1) {
    const l = a as Leaf;
    const r = b as Leaf;
    const ms = l.members.concat(r.members);
    const ss = l.scores.concat(r.scores);
    if (ms.length <= LEAF_MAX) {
      l.members = ms;
      l.scores = ss;
      l.next = r.next;
      if (l.next !== null) l.next.prev = l;
      removeChild(parent, i + 1);
      parent.counts[i] = total;
      return;
    }
    const half = ms.length >>> 1;
    l.members = ms.slice(0, half);
    l.scores = ss.slice(0, half);
    r.members = ms.slice(half);
    r.scores = ss.slice(half);
    parent.counts[i] = half;
    parent.counts[i + 1] = total - half;
    parent.sepScores[i + 1] = r.scores[0]!;
    parent.sepMembers[i + 1] = r.members[0]!;
    return;
  }
  const l = a as Inner;
  const r = b as Inner;
  // r's own slot 0 becomes a real separator inside the merged node: use the parent's bound.
  r.sepScores[0] = parent.sepScores[i + 1]!;
  r.sepMembers[0] = parent.sepMembers[i + 1]!;
  const children = l.children.concat(r.children);
  const counts = l.counts.concat(r.counts);
  const sepScores = l.sepScores.concat(r.sepScores);
  const sepMembers = l.sepMembers.concat(r.sepMembers);
  if (children.length <= INNER_MAX) {
    l.children = children;
    l.counts = counts;
    l.sepScores = sepScores;
    l.sepMembers = sepMembers;
    removeChild(parent, i + 1);
    parent.counts[i] = total;
    return;
  }
  const half = children.length >>> 1;
  l.children = children.slice(0, half);
  l.counts = counts.slice(0, half);
  l.sepScores = sepScores.slice(0, half);
  l.sepMembers = sepMembers.slice(0, half);
  r.children = children.slice(half);
  r.counts = counts.slice(half);
  r.sepScores = sepScores.slice(half);
  r.sepMembers = sepMembers.slice(half);
  const leftCount = sumTo(l.counts, l.counts.length);
  parent.counts[i] = leftCount;
  parent.counts[i + 1] = total - leftCount;
  parent.sepScores[i + 1] = r.sepScores[0]!;
  parent.sepMembers[i + 1] = r.sepMembers[0]!;
}

function removeChild(parent: Inner, i: number): void {
  removeAt(parent.children, i);
  removeAt(parent.counts, i);
  removeAt(parent.sepScores, i);
  removeAt(parent.sepMembers, i);
}

/*
 * Shifts by hand rather than `splice`, which allocates an array of removed elements on every
 * call: garbage the GC must collect and, at a million inserts, RSS that is not given back.
 */
function insertAt<T>(a: T[], i: number, v: T): void {
  for (let k = a.length; k > i; k--) a[k] = a[k - 1]!;
  a[i] = v;
}

function removeAt<T>(a: T[], i: number): void {
  const n = a.length - 1;
  for (let k = i; k < n; k++) a[k] = a[k + 1]!;
  a.pop();
}

// ---- argument parsing (Redis's strtod-based rules, byte for byte) ----

/*
 * Each parser reads bytes [start, end) of `b`, so a command can pass `args.src[i]`,
 * `args.starts[i]`, `args.ends[i]` without making a view; `parseScore(bytes)` reads all of it.
 */

/**
 * A ZADD/ZINCRBY score, as Redis's string2d: the whole argument must be a strtod number —
 * decimal (`1`, `-.5`, `1.`, `2e-3`), C99 hex (`0x1p-3`), `inf`/`infinity` in any case with a
 * sign — with no leading or trailing space, not NaN, and not out of range (`1e400` and
 * `1e-400` are rejected; subnormals like `4e-320` are kept). Null → "ERR value is not a valid
 * float".
 */
export function parseScore(b: Uint8Array, start = 0, end = b.length): number | null {
  const fast = plainDecimal(b, start, end);
  if (!Number.isNaN(fast)) return fast; // a plain form, whose value is exact
  return parseScoreSlow(b, start, end);
}

/** parseScore without its fast path: the reference `plainDecimal` is tested against. */
export function parseScoreSlow(b: Uint8Array, start = 0, end = b.length): number | null {
  if (start >= end || isSpace(b[start]!)) return null;
  const r = strtod(b, start, end);
  if (r.end !== end || r.range || Number.isNaN(r.value)) return null;
  return r.value;
}

/**
 * A ZRANGEBYSCORE/ZCOUNT bound, as Redis's zslParseRange: an optional `(`, then C strtod of
 * the rest, which must stop at the end of the argument (or at a NUL byte, where Redis's C
 * string ends). That makes some odd forms valid exactly as in Redis: leading spaces (` 1`), an
 * empty argument or a bare `(` (strtod parses nothing: 0), overflow to ±inf (`1e400`).
 * Null → "ERR min or max is not a float".
 */
export function parseScoreBound(b: Uint8Array, start = 0, end = b.length): ScoreBound | null {
  const exclusive = start < end && b[start] === 40; // "("
  const from = exclusive ? start + 1 : start;
  const fast = plainDecimal(b, from, end);
  if (!Number.isNaN(fast)) return { value: fast, exclusive };
  const r = strtod(b, from, end);
  if (r.end < end && b[r.end] !== 0) return null;
  if (Number.isNaN(r.value)) return null;
  return { value: r.value, exclusive };
}

/**
 * A ZRANGEBYLEX bound, as Redis's zslParseLexRangeItem: `-` or `+` alone (Redis only checks
 * the next C char, so `+` followed by a NUL byte counts too), or `[`/`(` then the member bytes.
 * Null → "ERR min or max not valid string range item".
 */
export function parseLexBound(b: Uint8Array, start = 0, end = b.length): LexBound | null {
  if (start >= end) return null;
  const c = b[start];
  if (c === 43 || c === 45) {
    if (end - start > 1 && b[start + 1] !== 0) return null;
    return { kind: c === 43 ? "+inf" : "-inf" };
  }
  if (c !== 40 && c !== 91) return null;
  let value = "";
  for (let i = start + 1; i < end; i++) value += String.fromCharCode(b[i]!);
  return { value, exclusive: c === 40 };
}

/** 10^0 .. 10^22: every one exactly representable as a double. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const TWO_53 = 2 ** 53;

/**
 * The plain forms almost every score takes — an optional sign, digits, optionally a dot and
 * more digits (`12`, `-3.25`, `.5`, `7.`) — computed without building a string for
 * `Number()`; NaN for anything else (the caller takes the strtod path). Exact by the classic
 * fast-path argument: the digits without the dot form an integer below 2^53 (exact as a
 * double) and 10^f for f <= 22 is exact, so the one division rounds correctly, just as
 * strtod's result is the correctly rounded value of the text.
 */
function plainDecimal(b: Uint8Array, start: number, end: number): number {
  let i = start;
  let c = i < end ? b[i]! : -1;
  const neg = c === 45;
  if (c === 43 || c === 45) i++;
  let n = 0;
  let digits = 0;
  let frac = -1; // digits after the dot, once one is seen
  for (; i < end; i++) {
    c = b[i]!;
    if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      digits++;
      if (frac >= 0) frac++;
    } else if (c === 46 && frac < 0) frac = 0;
    else return Number.NaN;
  }
  if (digits === 0 || n >= TWO_53 || frac > 22) return Number.NaN;
  const v = frac > 0 ? n / POW10[frac]! : n;
  return neg ? -v : v;
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

interface Strtod {
  value: number;
  /** Index after the last byte used; `start` when nothing was converted (value 0). */
  end: number;
  /** strtod's ERANGE with a ±HUGE_VAL or zero result: overflow, or underflow to zero. */
  range: boolean;
}

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

function matchWord(b: Uint8Array, i: number, end: number, word: string): boolean {
  if (i + word.length > end) return false;
  for (let k = 0; k < word.length; k++) if (lower(b[i + k]!) !== word.charCodeAt(k)) return false;
  return true;
}

/** Byte i, or -1 past `end` (the buffer may hold the next argument there). */
function byteAt(b: Uint8Array, i: number, end: number): number {
  return i < end ? b[i]! : -1;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  c = lower(c);
  return c >= 97 && c <= 102 ? c - 87 : -1;
}

/** glibc strtod over [start, end): skips leading space, then takes the longest number prefix. */
function strtod(b: Uint8Array, start: number, end: number): Strtod {
  let i = start;
  while (i < end && isSpace(b[i]!)) i++;
  let neg = false;
  let c = byteAt(b, i, end);
  if (c === 43 || c === 45) {
    neg = c === 45;
    i++;
  }
  const sign = neg ? -1 : 1;
  if (matchWord(b, i, end, "inf")) {
    const stop = matchWord(b, i, end, "infinity") ? i + 8 : i + 3;
    return { value: sign * Number.POSITIVE_INFINITY, end: stop, range: false };
  }
  if (matchWord(b, i, end, "nan")) return { value: Number.NaN, end: i + 3, range: false };
  c = byteAt(b, i + 1, end);
  if (byteAt(b, i, end) === 48 && (c === 120 || c === 88)) {
    // "0x" with no hex digit after it: strtod takes the "0" alone.
    return parseHex(b, i + 2, end, sign) ?? { value: sign * 0, end: i + 1, range: false };
  }
  const from = i;
  let digits = 0;
  let nonZero = false;
  for (; isDigit(byteAt(b, i, end)); i++, digits++) if (b[i] !== 48) nonZero = true;
  if (byteAt(b, i, end) === 46) {
    for (i++; isDigit(byteAt(b, i, end)); i++, digits++) if (b[i] !== 48) nonZero = true;
  }
  if (digits === 0) return { value: 0, end: start, range: false };
  c = byteAt(b, i, end);
  if (c === 101 || c === 69) {
    let k = i + 1;
    c = byteAt(b, k, end);
    if (c === 43 || c === 45) k++;
    if (isDigit(byteAt(b, k, end))) {
      while (isDigit(byteAt(b, k, end))) k++;
      i = k;
    }
  }
  // The accepted text is a valid JS numeric literal, and Number() rounds correctly like glibc.
  let text = "";
  for (let k = from; k < i; k++) text += String.fromCharCode(b[k]!);
  const value = sign * Number(text);
  const range = !Number.isFinite(value) || (value === 0 && nonZero);
  return { value, end: i, range };
}

/**
 * The hex float after "0x": hex digits, an optional fraction, an optional binary exponent
 * `p[+-]digits`. Null when there is no hex digit. Rounding is exact except for mantissas over
 * 53 bits whose result is subnormal (rounded twice; glibc rounds once).
 */
function parseHex(b: Uint8Array, i: number, end: number, sign: number): Strtod | null {
  let mant = 0n;
  let digits = 0;
  let exp = 0;
  for (let d = hexDigit(byteAt(b, i, end)); d >= 0; d = hexDigit(byteAt(b, ++i, end))) {
    mant = (mant << 4n) | BigInt(d);
    digits++;
  }
  if (byteAt(b, i, end) === 46) {
    let k = i + 1;
    for (let d = hexDigit(byteAt(b, k, end)); d >= 0; d = hexDigit(byteAt(b, ++k, end))) {
      mant = (mant << 4n) | BigInt(d);
      digits++;
      exp -= 4;
    }
    if (digits > 0) i = k;
  }
  if (digits === 0) return null;
  let c = byteAt(b, i, end);
  if (c === 112 || c === 80) {
    let k = i + 1;
    c = byteAt(b, k, end);
    const eneg = c === 45;
    if (c === 43 || c === 45) k++;
    if (isDigit(byteAt(b, k, end))) {
      let e = 0;
      for (; isDigit(byteAt(b, k, end)); k++) {
        if (e < 1e6) e = e * 10 + (b[k]! - 48); // beyond ±1e6 the result is 0 or inf anyway
      }
      exp += eneg ? -e : e;
      i = k;
    }
  }
  // Keep at most 64 significant bits (plus a sticky bit for what is dropped), so Number()
  // rounds once and the scaling below stays in range.
  const bits = mant.toString(2).length;
  if (bits > 64) {
    const drop = BigInt(bits - 64);
    const sticky = mant & ((1n << drop) - 1n) ? 1n : 0n;
    mant = (mant >> drop) | sticky;
    exp += bits - 64;
  }
  let value = Number(mant);
  if (value !== 0) {
    // value is in [1, 2^64): one exact pre-scale, then one rounding multiplication.
    if (exp < -1000) {
      value *= 2 ** -1000;
      exp += 1000;
      if (exp < -1000) value = 0;
    } else if (exp > 1000) {
      value *= 2 ** 1000;
      exp -= 1000;
      if (exp > 1000) value = Number.POSITIVE_INFINITY;
    }
    value *= 2 ** exp;
  }
  const range = !Number.isFinite(value) || (value === 0 && mant !== 0n);
  return { value: sign * value, end: i, range };
}
