/**
 * The stream value type (Redis's t_stream.c): entries ordered by ID, each a list of
 * field/value pairs, plus the stream's metadata (last generated ID, entries added, the largest
 * deleted ID, the first live entry).
 *
 * IDs are two unsigned 64-bit numbers, `ms-seq`. Each part is a `U64`: a plain number while it
 * fits 2^53 exactly and a bigint beyond (always normalised that way, so equal parts have equal
 * types). `<` and `>` compare a number with a bigint exactly, so the hot path stays on numbers
 * and only IDs near 2^64 pay for BigInt.
 *
 * Storage copies Redis's shape, because XADD/XTRIM with `~` (approximate trimming) remove
 * whole nodes and the counts they leave must match Redis's: entries live in nodes (Redis's
 * listpacks in a radix tree) of at most NODE_MAX_ENTRIES entries (stream-node-max-entries),
 * deleted entries included, and a new node starts when the next entry would push the node's
 * listpack past NODE_MAX_BYTES (stream-node-max-bytes). The listpack's size is modelled byte
 * for byte (`lp*Size` below) without building it. Nodes sit in an array sorted by their first
 * ("master") ID: finding an ID is a binary search over nodes then within one node, so a range
 * scan is O(log n + count). XDEL only flags an entry as deleted, as Redis does, and frees a
 * node once its last live entry goes.
 *
 * An entry's fields and values are packed in one Uint8Array (`packEntry`): a u32 count of
 * items, then per item a u32 length and its bytes. Entries are never changed once written, so
 * a copy of the stream (COPY) shares them.
 *
 * @example
 * const s = new RedisStream();
 * s.append(1, 0, packEntry([field, value]));
 * s.range(0, 0, U64_MAX, U64_MAX, 0, false, (ms, seq, data) => ...);
 */

/** One part of a stream ID: a number up to 2^53, a bigint above. */
export type U64 = number | bigint;

export const U64_MAX = 18446744073709551615n;

/** Redis 7.0's defaults for stream-node-max-entries and stream-node-max-bytes. */
export const NODE_MAX_ENTRIES = 100;
const NODE_MAX_BYTES = 4096;
/** STREAM_LISTPACK_MAX_SIZE: larger entries are refused ("Elements are too large to be stored"). */
export const ENTRY_MAX_BYTES = 1 << 30;

const SAFE = 9007199254740991n;

/** A bigint as a U64 (number when it fits exactly). */
export function toU64(v: bigint): U64 {
  return v <= SAFE ? Number(v) : v;
}

/** v + 1 (the caller makes sure v < 2^64 - 1). */
export function incU64(v: U64): U64 {
  if (typeof v === "number" && v < Number.MAX_SAFE_INTEGER) return v + 1;
  return toU64(BigInt(v) + 1n);
}

/** v - 1 (the caller makes sure v > 0). */
export function decU64(v: U64): U64 {
  if (typeof v === "number") return v - 1;
  return toU64(v - 1n);
}

/** Compare two IDs: negative, zero or positive. */
export function cmpId(ams: U64, aseq: U64, bms: U64, bseq: U64): number {
  if (ams < bms) return -1;
  if (ams > bms) return 1;
  if (aseq < bseq) return -1;
  if (aseq > bseq) return 1;
  return 0;
}

export function idText(ms: U64, seq: U64): string {
  return `${ms}-${seq}`;
}

// ---- entries ----------------------------------------------------------------------------

/** Pack field/value items into one buffer (see the module comment). */
export function packEntry(items: readonly Uint8Array[]): Uint8Array {
  let total = 4;
  for (const it of items) total += 4 + it.length;
  const out = new Uint8Array(total);
  writeU32(out, 0, items.length);
  let at = 4;
  for (const it of items) {
    writeU32(out, at, it.length);
    out.set(it, at + 4);
    at += 4 + it.length;
  }
  return out;
}

/** Pack items given as ranges of source buffers (XADD copies straight from the request). */
export function packRanges(
  src: readonly Uint8Array[],
  starts: ArrayLike<number>,
  ends: ArrayLike<number>,
  from: number,
  to: number,
): Uint8Array {
  let total = 4;
  for (let i = from; i < to; i++) total += 4 + ends[i]! - starts[i]!;
  const out = new Uint8Array(total);
  writeU32(out, 0, to - from);
  let at = 4;
  for (let i = from; i < to; i++) {
    const s = starts[i]!;
    const n = ends[i]! - s;
    writeU32(out, at, n);
    at += 4;
    const b = src[i]!;
    for (let k = 0; k < n; k++) out[at + k] = b[s + k]!;
    at += n;
  }
  return out;
}

function writeU32(b: Uint8Array, at: number, v: number): void {
  b[at] = v >>> 24;
  b[at + 1] = (v >>> 16) & 255;
  b[at + 2] = (v >>> 8) & 255;
  b[at + 3] = v & 255;
}

export function readU32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!;
}

/** Number of items (fields and values) in a packed entry. */
export function entryItems(data: Uint8Array): number {
  return readU32(data, 0);
}

/** Where a packed entry's items go: the reply writer's bulkRange. */
export interface ItemSink {
  bulkRange(src: Uint8Array, start: number, end: number): void;
}

/** Write each item of a packed entry as a bulk string. */
export function writeItems(data: Uint8Array, out: ItemSink): void {
  const n = readU32(data, 0);
  let at = 4;
  for (let i = 0; i < n; i++) {
    const len = readU32(data, at);
    out.bulkRange(data, at + 4, at + 4 + len);
    at += 4 + len;
  }
}

/** True when the two entries have the same fields in the same order (Redis's SAMEFIELDS). */
function sameFields(a: Uint8Array, b: Uint8Array): boolean {
  const n = readU32(a, 0);
  if (readU32(b, 0) !== n) return false;
  let pa = 4;
  let pb = 4;
  for (let i = 0; i < n; i++) {
    const la = readU32(a, pa);
    const lb = readU32(b, pb);
    if (i % 2 === 0) {
      if (la !== lb) return false;
      for (let k = 0; k < la; k++) if (a[pa + 4 + k] !== b[pb + 4 + k]) return false;
    }
    pa += 4 + la;
    pb += 4 + lb;
  }
  return true;
}

// ---- the listpack size model ------------------------------------------------------------

/** Bytes of a listpack integer element (encoding plus its one-byte back length). */
function lpIntSize(v: number | bigint): number {
  if (v >= 0 && v <= 127) return 2;
  if (v >= -4096 && v <= 4095) return 3;
  if (v >= -32768 && v <= 32767) return 4;
  if (v >= -8388608 && v <= 8388607) return 5;
  if (v >= -2147483648 && v <= 2147483647) return 6;
  return 10;
}

function lpBacklenSize(n: number): number {
  if (n <= 127) return 1;
  if (n < 16383) return 2;
  if (n < 2097151) return 3;
  if (n < 268435455) return 4;
  return 5;
}

/** Bytes of the listpack element for src[start..end): an integer when it reads as one (string2ll). */
function lpBytesSize(src: Uint8Array, start: number, end: number): number {
  const n = end - start;
  const v = int64Value(src, start, end);
  if (v !== null) return lpIntSize(v);
  const enc = n <= 63 ? 1 + n : n <= 4095 ? 2 + n : 5 + n;
  return enc + lpBacklenSize(enc);
}

const INT64_MIN = -9223372036854775808n;
const INT64_MAX = 9223372036854775807n;

/** Redis's lpStringToInt64: the value when the bytes are a canonical int64, else null. */
function int64Value(b: Uint8Array, start: number, end: number): number | bigint | null {
  const n = end - start;
  if (n === 0 || n > 20) return null;
  if (n === 1 && b[start] === 48) return 0;
  let i = start;
  const neg = b[i] === 45;
  if (neg) i++;
  if (i === end || b[i]! < 49 || b[i]! > 57) return null;
  let v = 0;
  for (let k = i; k < end; k++) {
    const c = b[k]!;
    if (c < 48 || c > 57) return null;
    v = v * 10 + (c - 48);
  }
  if (end - i < 16) return neg ? -v : v;
  let big = 0n;
  for (let k = i; k < end; k++) big = big * 10n + BigInt(b[k]! - 48);
  if (neg) big = -big;
  return big < INT64_MIN || big > INT64_MAX ? null : big;
}

/** Listpack bytes of every item of a packed entry from `first`, every `step`-th. */
function itemsSize(data: Uint8Array, first: number, step: number): number {
  const n = readU32(data, 0);
  let at = 4;
  let size = 0;
  for (let i = 0; i < n; i++) {
    const len = readU32(data, at);
    if (i >= first && (i - first) % step === 0) size += lpBytesSize(data, at + 4, at + 4 + len);
    at += 4 + len;
  }
  return size;
}

/** Bytes of an ID difference stored as an int64 (the C code casts the uint64 difference). */
function diffSize(a: U64, b: U64): number {
  if (typeof a === "number" && typeof b === "number") return lpIntSize(a - b);
  return lpIntSize(BigInt.asIntN(64, BigInt(a) - BigInt(b)));
}

// ---- nodes ------------------------------------------------------------------------------

/** One listpack of Redis's radix tree: up to NODE_MAX_ENTRIES entries, deleted ones included. */
class StreamNode {
  readonly ms: U64[] = [];
  readonly seq: U64[] = [];
  readonly data: Uint8Array[] = [];
  readonly deleted: boolean[] = [];
  /** Live and deleted entries (the master entry's two counters). */
  live = 0;
  dead = 0;
  /** The modelled listpack size in bytes. */
  bytes = 0;

  constructor(
    readonly masterMs: U64,
    readonly masterSeq: U64,
    /** The first entry added: its fields are the master fields. */
    readonly master: Uint8Array,
  ) {}

  clone(): StreamNode {
    const c = new StreamNode(this.masterMs, this.masterSeq, this.master);
    c.ms.push(...this.ms);
    c.seq.push(...this.seq);
    c.data.push(...this.data);
    c.deleted.push(...this.deleted);
    c.live = this.live;
    c.dead = this.dead;
    c.bytes = this.bytes;
    return c;
  }

  /** First index whose ID is >= (ms, seq), or the node's size. */
  lowerBound(ms: U64, seq: U64): number {
    let lo = 0;
    let hi = this.ms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmpId(this.ms[mid]!, this.seq[mid]!, ms, seq) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Called per entry of a range: ID parts and the packed items. */
export type EntryVisitor = (ms: U64, seq: U64, data: Uint8Array) => void;

export class RedisStream {
  /** The nodes, sorted by master ID. */
  private nodes: StreamNode[] = [];
  /** Live entries. */
  length = 0;
  lastMs: U64 = 0;
  lastSeq: U64 = 0;
  /** The first live entry's ID (0-0 when empty), as XINFO's recorded-first-entry-id. */
  firstMs: U64 = 0;
  firstSeq: U64 = 0;
  maxDeletedMs: U64 = 0;
  maxDeletedSeq: U64 = 0;
  entriesAdded: U64 = 0;
  /** Consumer groups by name (binary strings); null until the first XGROUP CREATE. */
  groups: Map<string, StreamGroup> | null = null;

  /** Nodes (XINFO's radix-tree-keys). */
  get nodeCount(): number {
    return this.nodes.length;
  }

  /**
   * Append an entry with an ID greater than the last one (the caller checks): into the last
   * node while it has room, as streamAppendItem decides, else into a new node.
   */
  append(ms: U64, seq: U64, data: Uint8Array): void {
    let node: StreamNode | undefined = this.nodes[this.nodes.length - 1];
    if (node !== undefined) {
      let itemBytes = 0;
      const n = readU32(data, 0);
      for (let i = 0, at = 4; i < n; i++) {
        const len = readU32(data, at);
        itemBytes += len;
        at += 4 + len;
      }
      if (node.bytes + itemBytes >= NODE_MAX_BYTES || node.live + node.dead >= NODE_MAX_ENTRIES) {
        node = undefined;
      }
    }
    const fields = readU32(data, 0) / 2;
    if (node === undefined) {
      node = new StreamNode(ms, seq, data);
      // Header and end byte, the counters (live, deleted, field count), fields, the 0 terminator.
      node.bytes = 7 + 2 + 2 + lpIntSize(fields) + itemsSize(data, 0, 2) + 2;
      this.nodes.push(node);
    }
    const same = sameFields(node.master, data);
    let size = 2 + diffSize(ms, node.masterMs) + diffSize(seq, node.masterSeq);
    let lpCount = fields + 3;
    if (same) {
      size += itemsSize(data, 1, 2);
    } else {
      size += lpIntSize(fields) + itemsSize(data, 0, 1);
      lpCount += fields + 1;
    }
    node.bytes += size + lpIntSize(lpCount);
    node.ms.push(ms);
    node.seq.push(seq);
    node.data.push(data);
    node.deleted.push(false);
    node.live++;
    this.length++;
    this.entriesAdded = incU64(this.entriesAdded);
    this.lastMs = ms;
    this.lastSeq = seq;
    if (this.length === 1) {
      this.firstMs = ms;
      this.firstSeq = seq;
    }
  }

  /** Index of the last node whose master ID is <= (ms, seq), or -1. */
  private nodeAtOrBefore(ms: U64, seq: U64): number {
    let lo = 0;
    let hi = this.nodes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const n = this.nodes[mid]!;
      if (cmpId(n.masterMs, n.masterSeq, ms, seq) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /**
   * XDEL of one ID: flag the entry deleted (its node goes when it was the node's last live
   * entry). False when there is no live entry with that ID. The stream's first ID and
   * max-deleted ID are the caller's to update (XDEL does it once for all its IDs).
   */
  delete(ms: U64, seq: U64): boolean {
    const ni = this.nodeAtOrBefore(ms, seq);
    if (ni < 0) return false;
    const node = this.nodes[ni]!;
    const k = node.lowerBound(ms, seq);
    if (k >= node.ms.length || node.deleted[k] || cmpId(node.ms[k]!, node.seq[k]!, ms, seq) !== 0)
      return false;
    if (node.live === 1) {
      this.nodes.splice(ni, 1);
    } else {
      node.deleted[k] = true;
      node.live--;
      node.dead++;
    }
    this.length--;
    return true;
  }

  /**
   * Redis's streamTrim: MAXLEN (`maxlen` >= 0) or MINID (`maxlen` -1, entries below
   * minMs-minSeq go), exact or approximate (whole nodes only), doing at most `limit` entries'
   * work (0: no limit). Returns the number of entries removed.
   */
  trim(maxlen: number, minMs: U64, minSeq: U64, approx: boolean, limit: number): number {
    const byLen = maxlen >= 0;
    const nodes = this.nodes;
    let deleted = 0;
    let i = 0;
    for (; i < nodes.length; i++) {
      if (byLen && this.length <= maxlen) break;
      const node = nodes[i]!;
      const entries = node.live;
      if (limit > 0 && deleted + entries > limit) break;
      const last = node.ms.length - 1;
      const removeNode = byLen
        ? this.length - entries >= maxlen
        : cmpId(node.ms[last]!, node.seq[last]!, minMs, minSeq) < 0;
      if (removeNode) {
        this.length -= entries;
        deleted += entries;
        continue;
      }
      if (approx) break;
      // Flag entries inside this node, then stop: it still has what the threshold keeps.
      for (let k = 0; k <= last; k++) {
        const stop = byLen ? this.length <= maxlen : cmpId(node.ms[k]!, node.seq[k]!, minMs, minSeq) >= 0;
        if (stop) break;
        if (!node.deleted[k]) {
          node.deleted[k] = true;
          node.live--;
          node.dead++;
          this.length--;
          deleted++;
        }
      }
      break;
    }
    if (i > 0) nodes.splice(0, i);
    this.refreshFirst();
    return deleted;
  }

  /** Recompute the first live ID (0-0 when empty). */
  refreshFirst(): void {
    const first = this.edge(false);
    if (first === null) {
      this.firstMs = 0;
      this.firstSeq = 0;
    } else {
      this.firstMs = first.ms[first.k]!;
      this.firstSeq = first.seq[first.k]!;
    }
  }

  /** The first (or with `last`, the last) live entry's node and index, or null. */
  private edge(last: boolean): { ms: U64[]; seq: U64[]; data: Uint8Array[]; k: number } | null {
    const nodes = this.nodes;
    if (this.length === 0) return null;
    for (let j = 0; j < nodes.length; j++) {
      const node = nodes[last ? nodes.length - 1 - j : j]!;
      if (node.live === 0) continue;
      const n = node.ms.length;
      for (let i = 0; i < n; i++) {
        const k = last ? n - 1 - i : i;
        if (!node.deleted[k]) return { ms: node.ms, seq: node.seq, data: node.data, k };
      }
    }
    return null;
  }

  /** Visit the first (or last) live entry; false when the stream is empty. */
  edgeEntry(last: boolean, fn: EntryVisitor): boolean {
    const e = this.edge(last);
    if (e === null) return false;
    fn(e.ms[e.k]!, e.seq[e.k]!, e.data[e.k]!);
    return true;
  }

  /**
   * Visit live entries with start <= ID <= end, in ID order (or reversed), at most `count`
   * (0: all). O(log n + visited).
   */
  range(
    startMs: U64,
    startSeq: U64,
    endMs: U64,
    endSeq: U64,
    count: number,
    rev: boolean,
    fn: EntryVisitor,
  ): number {
    if (cmpId(startMs, startSeq, endMs, endSeq) > 0) return 0;
    const nodes = this.nodes;
    let seen = 0;
    if (!rev) {
      let ni = Math.max(0, this.nodeAtOrBefore(startMs, startSeq));
      let k = ni < nodes.length ? nodes[ni]!.lowerBound(startMs, startSeq) : 0;
      for (; ni < nodes.length; ni++, k = 0) {
        const node = nodes[ni]!;
        for (; k < node.ms.length; k++) {
          if (node.deleted[k]) continue;
          const ms = node.ms[k]!;
          const seq = node.seq[k]!;
          if (cmpId(ms, seq, endMs, endSeq) > 0) return seen;
          fn(ms, seq, node.data[k]!);
          if (++seen === count) return seen;
        }
      }
      return seen;
    }
    let ni = this.nodeAtOrBefore(endMs, endSeq);
    if (ni < 0) return 0;
    let k = nodes[ni]!.lowerBound(endMs, endSeq);
    {
      const node = nodes[ni]!;
      // lowerBound gives the first >= end: step back unless it is end itself.
      if (k >= node.ms.length || cmpId(node.ms[k]!, node.seq[k]!, endMs, endSeq) > 0) k--;
    }
    for (; ni >= 0; ni--, k = ni >= 0 ? nodes[ni]!.ms.length - 1 : 0) {
      const node = nodes[ni]!;
      for (; k >= 0; k--) {
        if (node.deleted[k]) continue;
        const ms = node.ms[k]!;
        const seq = node.seq[k]!;
        if (cmpId(ms, seq, startMs, startSeq) < 0) return seen;
        fn(ms, seq, node.data[k]!);
        if (++seen === count) return seen;
      }
    }
    return seen;
  }

  /** A copy sharing only the (immutable) entry buffers. */
  clone(): RedisStream {
    const c = new RedisStream();
    c.nodes = this.nodes.map((n) => n.clone());
    c.length = this.length;
    c.lastMs = this.lastMs;
    c.lastSeq = this.lastSeq;
    c.firstMs = this.firstMs;
    c.firstSeq = this.firstSeq;
    c.maxDeletedMs = this.maxDeletedMs;
    c.maxDeletedSeq = this.maxDeletedSeq;
    c.entriesAdded = this.entriesAdded;
    if (this.groups !== null) {
      c.groups = new Map();
      for (const [name, g] of this.groups) c.groups.set(name, g.clone());
    }
    return c;
  }

  /** The groups in Redis's order (its radix tree: byte order of the names). */
  sortedGroups(): [string, StreamGroup][] {
    if (this.groups === null) return [];
    return [...this.groups].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  /** Whether a live entry has this ID (streamEntryExists). */
  has(ms: U64, seq: U64): boolean {
    return this.range(ms, seq, ms, seq, 1, false, noop) === 1;
  }

  /**
   * Redis 7.0's streamRangeHasTombstones(start, +inf): whether a deleted entry may sit at or
   * after `ms-seq`, judged from the largest deleted ID alone.
   */
  tombstonesFrom(ms: U64, seq: U64): boolean {
    if (this.length === 0 || (this.maxDeletedMs === 0 && this.maxDeletedSeq === 0)) return false;
    if (cmpId(this.firstMs, this.firstSeq, this.maxDeletedMs, this.maxDeletedSeq) > 0) return false;
    return cmpId(ms, seq, this.maxDeletedMs, this.maxDeletedSeq) <= 0;
  }

  /**
   * Redis 7.0.15's streamEstimateDistanceFromFirstEverEntry: the read counter of ID `ms-seq`
   * (entries from the first ever added up to it), or -1 when the stream cannot tell.
   */
  estimateEntriesRead(ms: U64, seq: U64): I64 {
    if (this.entriesAdded === 0) return 0;
    const cmpLast = cmpId(ms, seq, this.lastMs, this.lastSeq);
    if (this.length === 0 && cmpLast <= 0) return this.entriesAdded;
    if (cmpLast === 0) return this.entriesAdded;
    if (cmpLast > 0) return ENTRIES_READ_UNKNOWN;
    const noDeleted = this.maxDeletedMs === 0 && this.maxDeletedSeq === 0;
    if (noDeleted || cmpId(this.maxDeletedMs, this.maxDeletedSeq, this.firstMs, this.firstSeq) < 0) {
      const cmpFirst = cmpId(ms, seq, this.firstMs, this.firstSeq);
      if (cmpFirst < 0) return subI64(this.entriesAdded, this.length);
      if (cmpFirst === 0) return incI64(subI64(this.entriesAdded, this.length));
    }
    return ENTRIES_READ_UNKNOWN;
  }

  /** Redis's streamReplyWithCGLag: the group's lag, or null when it cannot be known. */
  lag(g: StreamGroup): I64 | null {
    if (this.entriesAdded === 0) return 0;
    if (g.entriesRead !== ENTRIES_READ_UNKNOWN && !this.tombstonesFrom(g.lastMs, g.lastSeq)) {
      return subI64(this.entriesAdded, g.entriesRead);
    }
    const read = this.estimateEntriesRead(g.lastMs, g.lastSeq);
    return read === ENTRIES_READ_UNKNOWN ? null : subI64(this.entriesAdded, read);
  }

  /**
   * A group is delivered entry `ms-seq`, above its last delivered ID: move that ID and keep the
   * read counter (incremented while valid and no tombstone lies ahead, re-estimated otherwise),
   * as streamReplyWithRange does.
   */
  advanceGroup(g: StreamGroup, ms: U64, seq: U64): void {
    if (g.entriesRead !== ENTRIES_READ_UNKNOWN && !this.tombstonesFrom(ms, seq)) {
      g.entriesRead = incI64(g.entriesRead);
    } else if (this.entriesAdded !== 0) {
      g.entriesRead = this.estimateEntriesRead(ms, seq);
    }
    g.lastMs = ms;
    g.lastSeq = seq;
  }

  /**
   * XINFO's radix-tree-nodes: the nodes of the radix tree that would hold the node keys
   * (16-byte big-endian master IDs), counted in its canonical compressed form: one node per
   * branching point, per run of non-branching bytes, and per key end. O(nodes * 16).
   */
  radixTreeNodes(): number {
    const n = this.nodes.length;
    if (n === 0) return 1;
    const keys = new Uint8Array(n * 16);
    for (let i = 0; i < n; i++) {
      const node = this.nodes[i]!;
      putU64(keys, i * 16, node.masterMs);
      putU64(keys, i * 16 + 8, node.masterSeq);
    }
    return countRax(keys, 0, n, 0);
  }
}

const noop = (): void => {};

function putU64(b: Uint8Array, at: number, v: U64): void {
  let big = BigInt(v);
  for (let i = 7; i >= 0; i--) {
    b[at + i] = Number(big & 255n);
    big >>= 8n;
  }
}

/** Rax nodes below depth `d` for the sorted keys [from, to) (all 16 bytes, sharing d bytes). */
function countRax(keys: Uint8Array, from: number, to: number, d: number): number {
  if (d === 16) return 1;
  if (to - from === 1) return 2;
  // Sorted keys: the common prefix of all is that of the first and the last.
  let common = d;
  while (common < 16 && keys[from * 16 + common] === keys[(to - 1) * 16 + common]) common++;
  let count = common > d ? 1 : 0;
  count++; // the branching node at `common`
  let i = from;
  while (i < to) {
    const b = keys[i * 16 + common];
    let j = i + 1;
    while (j < to && keys[j * 16 + common] === b) j++;
    count += countRax(keys, i, j, common + 1);
    i = j;
  }
  return count;
}

// ---- consumer groups --------------------------------------------------------------------

/** A signed 64-bit counter (entries read, lag): a number while exact, a bigint beyond. */
export type I64 = number | bigint;

/** Redis's SCG_INVALID_ENTRIES_READ: the group's read counter is not known. */
export const ENTRIES_READ_UNKNOWN = -1;

const NEG_SAFE = -9007199254740991n;

/** A bigint as an I64 (number when exact). */
function toI64(v: bigint): I64 {
  return v >= NEG_SAFE && v <= SAFE ? Number(v) : v;
}

/** a - b in 64-bit arithmetic (the lag: entries_added - entries_read). */
export function subI64(a: I64, b: I64): I64 {
  if (typeof a === "number" && typeof b === "number") {
    const d = a - b;
    if (Number.isSafeInteger(d)) return d;
  }
  return toI64(BigInt.asIntN(64, BigInt(a) - BigInt(b)));
}

function incI64(v: I64): I64 {
  if (typeof v === "number" && v < Number.MAX_SAFE_INTEGER) return v + 1;
  return toI64(BigInt.asIntN(64, BigInt(v) + 1n));
}

/**
 * A pending entry (Redis's streamNACK): delivered to `consumer` and not acknowledged yet. The
 * group's PEL and the consumer's hold the same object.
 */
export class StreamNack {
  constructor(
    readonly ms: U64,
    readonly seq: U64,
    /** Server time (ms) of the last delivery. */
    public deliveryTime: number,
    public deliveryCount: number,
    public consumer: StreamConsumer | null,
  ) {}
}

/**
 * Pending entries in ID order (Redis keeps them in a radix tree keyed by the 128-bit ID): a
 * sorted array with binary search. Deliveries append at the end in the common case (new IDs
 * are above the group's last one), and acknowledgements are a memmove.
 */
export class Pel {
  readonly items: StreamNack[] = [];

  get size(): number {
    return this.items.length;
  }

  /** First index whose ID is >= (ms, seq). */
  lowerBound(ms: U64, seq: U64): number {
    const items = this.items;
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const n = items[mid]!;
      if (cmpId(n.ms, n.seq, ms, seq) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  find(ms: U64, seq: U64): StreamNack | undefined {
    const i = this.lowerBound(ms, seq);
    const n = this.items[i];
    return n !== undefined && cmpId(n.ms, n.seq, ms, seq) === 0 ? n : undefined;
  }

  /** Add `nack` unless its ID is there; false when it was. */
  insert(nack: StreamNack): boolean {
    const items = this.items;
    const last = items[items.length - 1];
    if (last === undefined || cmpId(last.ms, last.seq, nack.ms, nack.seq) < 0) {
      items.push(nack);
      return true;
    }
    const i = this.lowerBound(nack.ms, nack.seq);
    const n = items[i];
    if (n !== undefined && cmpId(n.ms, n.seq, nack.ms, nack.seq) === 0) return false;
    items.splice(i, 0, nack);
    return true;
  }

  remove(ms: U64, seq: U64): StreamNack | undefined {
    const i = this.lowerBound(ms, seq);
    const n = this.items[i];
    if (n === undefined || cmpId(n.ms, n.seq, ms, seq) !== 0) return undefined;
    this.items.splice(i, 1);
    return n;
  }
}

/** One consumer of a group (Redis's streamConsumer). */
export class StreamConsumer {
  readonly pel = new Pel();
  constructor(
    /** Binary string. */
    readonly name: string,
    /** Server time (ms) the consumer last read or claimed (XINFO's idle and seen-time). */
    public seenTime: number,
  ) {}
}

/** A consumer group (Redis's streamCG). */
export class StreamGroup {
  readonly pel = new Pel();
  readonly consumers = new Map<string, StreamConsumer>();

  constructor(
    public lastMs: U64,
    public lastSeq: U64,
    /** Entries the group has read, counting from the first entry ever added; -1 unknown. */
    public entriesRead: I64,
  ) {}

  /** The consumers in Redis's order (its radix tree: byte order of the names). */
  sortedConsumers(): StreamConsumer[] {
    return [...this.consumers.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Remove a consumer and its pending entries (XGROUP DELCONSUMER); returns how many it had. */
  deleteConsumer(consumer: StreamConsumer): number {
    const items = consumer.pel.items;
    for (const nack of items) this.pel.remove(nack.ms, nack.seq);
    this.consumers.delete(consumer.name);
    return items.length;
  }

  /** Acknowledge one ID (XACK): drop it from both PELs; false when it was not pending. */
  ack(ms: U64, seq: U64): boolean {
    const nack = this.pel.remove(ms, seq);
    if (nack === undefined) return false;
    nack.consumer?.pel.remove(ms, seq);
    return true;
  }

  clone(): StreamGroup {
    const g = new StreamGroup(this.lastMs, this.lastSeq, this.entriesRead);
    const copies = new Map<StreamConsumer, StreamConsumer>();
    for (const c of this.consumers.values()) {
      const copy = new StreamConsumer(c.name, c.seenTime);
      copies.set(c, copy);
      g.consumers.set(c.name, copy);
    }
    for (const n of this.pel.items) {
      const owner = n.consumer === null ? null : (copies.get(n.consumer) ?? null);
      const copy = new StreamNack(n.ms, n.seq, n.deliveryTime, n.deliveryCount, owner);
      g.pel.items.push(copy);
      owner?.pel.items.push(copy);
    }
    return g;
  }
}
