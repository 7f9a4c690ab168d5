/**
 * KeyTable: where one database keeps its keys and string values.
 *
 * Why not a `Map<string, Uint8Array>`: with a million keys that costs ~240 bytes per key and
 * three live GC objects each (the key string, the Uint8Array and its backing store), and every
 * GET first builds a key string from the request bytes only to hash it. Here keys are looked up
 * by their bytes, straight from the socket buffer, and small records (key bytes followed by the
 * value bytes of a string) live in shared 1 MiB slabs, so a key costs about 90 bytes and no GC
 * object at all; a GET allocates nothing.
 *
 * - Index: open addressing with linear probing over a power-of-two table of (entry id + 1, hash)
 *   pairs, kept at most 3/4 full; deletion shifts the rest of the probe run back (no tombstones).
 * - Entries: parallel typed arrays indexed by a stable entry id (ids are reused after delete but
 *   never move while the key lives, which is what SCAN's cursor walks).
 * - Records: `key | value` in a slab. A string value of the same length is overwritten in place;
 *   otherwise a new record is appended and the old one counted dead. When dead bytes outgrow live
 *   ones, live records are copied into fresh slabs (amortised O(1) per write).
 * - Keys or values too big for a slab record, and every non-string value, are kept aside
 *   (`bigKeys`, `objects`).
 *
 * Values read through `stringView` are views into a slab: valid until the next write to that key.
 */

/**
 * Slabs start small and double up to SLAB_MAX, so a table holding a few dozen entries (a
 * set's or a hash's members) costs a few hundred bytes, not a megabyte.
 */
const SLAB_MIN = 256;
const SLAB_MAX = 1 << 20;
/** Key plus inline value larger than this go out of line (their own arrays). */
const INLINE_MAX = 512;
const MIN_CAPACITY = 8;
/** Compaction waits for at least this many dead bytes (and more dead than live ones). */
const COMPACT_MIN_DEAD = 4096;

interface Latin1Slicing {
  latin1Slice(start: number, end: number): string;
}

/** A fresh copy of src[start..end). Not `slice`: on a Buffer that is a view. */
function copyOf(src: Uint8Array, start: number, end: number): Uint8Array {
  const out = new Uint8Array(end - start);
  out.set(src.subarray(start, end));
  return out;
}

let scratch = Buffer.alloc(64);

/** FNV-1a over bytes, 32 bits. */
export function hashBytes(src: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ src[i]!, 0x01000193);
  return h | 0;
}

export class KeyTable {
  /** Live keys. */
  size = 0;

  // Index: [id + 1, hash] pairs; 0 in the first word is an empty slot.
  private index = new Int32Array(MIN_CAPACITY * 2);
  private mask = MIN_CAPACITY - 1;

  // Entries (by id).
  private slabOf = new Int32Array(MIN_CAPACITY); // -1: key out of line
  private offOf = new Int32Array(MIN_CAPACITY);
  private klenOf = new Int32Array(MIN_CAPACITY);
  /** Inline string value length, or -1 when the value is in `objects`. */
  private vlenOf = new Int32Array(MIN_CAPACITY);
  /** Whether the id is in use. */
  private usedOf = new Uint8Array(MIN_CAPACITY);
  /** Per-entry deadline (Unix ms; 0 = none), kept here for the keyspace's expiry checks. */
  private deadlineOf = new Float64Array(MIN_CAPACITY);
  /** Per-entry last access (Unix seconds), Redis's LRU clock: OBJECT IDLETIME. */
  private accessOf = new Uint32Array(MIN_CAPACITY);
  private objects: unknown[] = [];
  private bigKeys: (Uint8Array | undefined)[] = [];
  private nextId = 0;
  private freeIds: number[] = [];

  // Slabs.
  private slabs: Buffer[] = [];
  private slabTop: number[] = [];
  private current = -1;
  private liveBytes = 0;
  private deadBytes = 0;

  /** Number of entry ids handed out so far (SCAN walks 0..idLimit-1). */
  get idLimit(): number {
    return this.nextId;
  }

  /** The entry id of a key given as bytes, or -1. */
  find(src: Uint8Array, start: number, end: number): number {
    const h = hashBytes(src, start, end);
    const index = this.index;
    const mask = this.mask;
    const len = end - start;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const slot = index[s * 2]!;
      if (slot === 0) return -1;
      if (index[s * 2 + 1] === h) {
        const id = slot - 1;
        if (this.klenOf[id] === len && this.keyEquals(id, src, start, len)) return id;
      }
    }
  }

  /** The entry id of a key given as a binary string, or -1. */
  findKey(key: string): number {
    const b = this.scratchFor(key);
    return this.find(b, 0, key.length);
  }

  /** Add a key known to be absent; returns its new id (the value is set separately). */
  insert(src: Uint8Array, start: number, end: number): number {
    return this.add(src, start, end, null, 0, 0);
  }

  /**
   * `insert` then `setString`, writing the key and its value as one record: a new key's SET
   * (or a new hash field) copies its bytes once and leaves no dead record behind.
   */
  insertString(
    src: Uint8Array,
    start: number,
    end: number,
    vsrc: Uint8Array,
    vstart: number,
    vend: number,
  ): number {
    if (end - start + (vend - vstart) > INLINE_MAX) {
      const id = this.add(src, start, end, null, 0, 0);
      this.setString(id, vsrc, vstart, vend);
      return id;
    }
    return this.add(src, start, end, vsrc, vstart, vend);
  }

  private add(
    src: Uint8Array,
    start: number,
    end: number,
    vsrc: Uint8Array | null,
    vstart: number,
    vend: number,
  ): number {
    this.maybeCompact();
    if ((this.size + 1) * 4 > (this.mask + 1) * 3) this.growIndex();
    const id = this.freeIds.length > 0 ? this.freeIds.pop()! : this.nextId++;
    if (id >= this.usedOf.length) this.growEntries();
    const len = end - start;
    this.klenOf[id] = len;
    this.vlenOf[id] = vsrc === null ? -1 : vend - vstart;
    this.usedOf[id] = 1;
    this.deadlineOf[id] = 0;
    // objects[id] is already undefined: never set for a new id, cleared by remove() for a reused one.
    if (len > INLINE_MAX) {
      this.slabOf[id] = -1;
      this.bigKeys[id] = copyOf(src, start, end);
    } else {
      this.writeRecord(id, src, start, len, vsrc, vstart, vend - vstart);
    }
    this.place(id, hashBytes(src, start, end));
    this.size++;
    return id;
  }

  insertKey(key: string): number {
    const b = this.scratchFor(key);
    return this.insert(b, 0, key.length);
  }

  /** Remove an entry (its id becomes free). */
  remove(id: number): void {
    const len = this.klenOf[id]!;
    let h: number;
    if (this.slabOf[id] === -1) {
      const k = this.bigKeys[id]!;
      h = hashBytes(k, 0, k.length);
      this.bigKeys[id] = undefined;
    } else {
      const slab = this.slabs[this.slabOf[id]!]!;
      const off = this.offOf[id]!;
      h = hashBytes(slab, off, off + len);
      this.kill(id);
    }
    this.unplace(id, h);
    this.objects[id] = undefined;
    this.usedOf[id] = 0;
    this.deadlineOf[id] = 0;
    this.freeIds.push(id);
    this.size--;
  }

  /** When the entry was last read or written (Unix seconds). */
  access(id: number): number {
    return this.accessOf[id]!;
  }

  setAccess(id: number, seconds: number): void {
    this.accessOf[id] = seconds;
  }

  deadline(id: number): number {
    return this.deadlineOf[id]!;
  }

  setDeadline(id: number, at: number): void {
    this.deadlineOf[id] = at;
  }

  isUsed(id: number): boolean {
    return id < this.nextId && this.usedOf[id] === 1;
  }

  /** The key of an entry as a binary string. */
  keyOf(id: number): string {
    const slab = this.slabOf[id]!;
    if (slab === -1) {
      const k = this.bigKeys[id]!;
      return Buffer.from(k.buffer, k.byteOffset, k.length).toString("latin1");
    }
    const off = this.offOf[id]!;
    return (this.slabs[slab] as unknown as Latin1Slicing).latin1Slice(off, off + this.klenOf[id]!);
  }

  /**
   * Where a key's bytes lie: its slab (or its own array, for a key too long for a slab), from
   * keyStart to keyEnd. Valid until the entry is next written. Lets a caller copy or reply with
   * a key (a set member, a hash field) without building a string.
   */
  keySlab(id: number): Uint8Array {
    const slab = this.slabOf[id]!;
    return slab === -1 ? this.bigKeys[id]! : this.slabs[slab]!;
  }

  keyStart(id: number): number {
    return this.slabOf[id] === -1 ? 0 : this.offOf[id]!;
  }

  keyEnd(id: number): number {
    return this.keyStart(id) + this.klenOf[id]!;
  }

  // --- values -------------------------------------------------------------------------------

  /** True when the entry holds a string value kept inline (read it with stringView / copyString). */
  hasInlineString(id: number): boolean {
    return this.vlenOf[id]! >= 0;
  }

  /** The non-inline value (a large string or a collection), or undefined. */
  object(id: number): unknown {
    return this.objects[id];
  }

  /** Where an inline string value lies: its slab; use valueStart / valueEnd for the bounds. */
  valueSlab(id: number): Buffer {
    return this.slabs[this.slabOf[id]!]!;
  }

  valueStart(id: number): number {
    return this.offOf[id]! + this.klenOf[id]!;
  }

  valueEnd(id: number): number {
    return this.offOf[id]! + this.klenOf[id]! + this.vlenOf[id]!;
  }

  /** A view of an inline string value (valid until the next write to this key). */
  stringView(id: number): Uint8Array {
    const start = this.valueStart(id);
    return this.valueSlab(id).subarray(start, start + this.vlenOf[id]!);
  }

  /** Store a string value (copied) for an entry. */
  setString(id: number, src: Uint8Array, start: number, end: number): void {
    this.maybeCompact();
    const vlen = end - start;
    const klen = this.klenOf[id]!;
    const slab = this.slabOf[id]!;
    if (slab !== -1 && klen + vlen <= INLINE_MAX) {
      if (this.vlenOf[id] === vlen) {
        // Same length: overwrite in place, the common case of SET on an existing key.
        const buf = this.slabs[slab]!;
        const at = this.offOf[id]! + klen;
        if (vlen <= 64) for (let k = 0; k < vlen; k++) buf[at + k] = src[start + k]!;
        else buf.set(src.subarray(start, end), at);
      } else {
        const old = this.slabs[slab]!;
        const off = this.offOf[id]!;
        this.kill(id);
        this.writeRecord(id, old, off, klen, src, start, vlen);
      }
      this.vlenOf[id] = vlen;
      // Only a key that held a collection or a big string has something to drop: the common
      // SET leaves the (million-slot) array alone.
      if (this.objects[id] !== undefined) this.objects[id] = undefined;
      return;
    }
    // Too big to keep inline: the key stays where it is, the value goes aside.
    this.dropInlineValue(id);
    this.objects[id] = copyOf(src, start, end);
  }

  /** Store a non-inline value (a collection, or a string array kept as is). */
  setObject(id: number, value: unknown): void {
    this.maybeCompact();
    this.dropInlineValue(id);
    this.objects[id] = value;
  }

  /** Bytes held in slabs and how many are dead (for compaction tests and INFO). */
  get slabBytes(): { live: number; dead: number } {
    return { live: this.liveBytes, dead: this.deadBytes };
  }

  /** Drop everything. */
  clear(): void {
    Object.assign(this, new KeyTable());
  }

  // --- internals ----------------------------------------------------------------------------

  /**
   * The bytes of a binary string in a buffer shared by every table (a table per large set or
   * hash must not carry its own): valid until the next call, which no caller outlives.
   */
  private scratchFor(key: string): Buffer {
    const n = key.length;
    if (n > scratch.length) scratch = Buffer.alloc(Math.max(n, scratch.length * 2));
    const b = scratch;
    if (n <= 32) for (let i = 0; i < n; i++) b[i] = key.charCodeAt(i);
    else b.write(key, 0, "latin1");
    return b;
  }

  private keyEquals(id: number, src: Uint8Array, start: number, len: number): boolean {
    const slab = this.slabOf[id]!;
    let buf: Uint8Array;
    let off: number;
    if (slab === -1) {
      buf = this.bigKeys[id]!;
      off = 0;
    } else {
      buf = this.slabs[slab]!;
      off = this.offOf[id]!;
    }
    for (let i = 0; i < len; i++) if (buf[off + i] !== src[start + i]) return false;
    return true;
  }

  /** Move an inline string value out (the key record keeps only the key). */
  private dropInlineValue(id: number): void {
    const vlen = this.vlenOf[id]!;
    if (vlen < 0) return;
    if (vlen > 0) {
      // Rewrite the record as the key alone so the value bytes count as dead.
      const old = this.slabs[this.slabOf[id]!]!;
      const off = this.offOf[id]!;
      this.kill(id);
      this.writeRecord(id, old, off, this.klenOf[id]!, null, 0, 0);
    }
    this.vlenOf[id] = -1;
  }

  /** Count an entry's record as dead. */
  private kill(id: number): void {
    const bytes = this.klenOf[id]! + Math.max(0, this.vlenOf[id]!);
    this.liveBytes -= bytes;
    this.deadBytes += bytes;
  }

  /** Append `key | value` for an entry into the current slab (a new one when full). */
  private writeRecord(
    id: number,
    ksrc: Uint8Array,
    kstart: number,
    klen: number,
    vsrc: Uint8Array | null,
    vstart: number,
    vlen: number,
  ): void {
    const size = klen + vlen;
    let cur = this.current;
    if (cur === -1 || this.slabTop[cur]! + size > this.slabs[cur]!.length) {
      const last = cur === -1 ? 0 : this.slabs[cur]!.length;
      this.slabs.push(Buffer.alloc(Math.min(SLAB_MAX, Math.max(SLAB_MIN, last * 2, size))));
      this.slabTop.push(0);
      cur = this.current = this.slabs.length - 1;
    }
    const buf = this.slabs[cur]!;
    const at = this.slabTop[cur]!;
    // ksrc may be this very slab (a record being moved): copy before anything overwrites it.
    if (klen <= 64) for (let k = 0; k < klen; k++) buf[at + k] = ksrc[kstart + k]!;
    else buf.set(ksrc.subarray(kstart, kstart + klen), at);
    if (vsrc !== null) {
      if (vlen <= 64) for (let k = 0; k < vlen; k++) buf[at + klen + k] = vsrc[vstart + k]!;
      else buf.set(vsrc.subarray(vstart, vstart + vlen), at + klen);
    }
    this.slabTop[cur] = at + size;
    this.slabOf[id] = cur;
    this.offOf[id] = at;
    this.liveBytes += size;
  }

  /**
   * Compact when dead bytes outgrow live ones (and are worth a copy). Called at the start of a
   * mutation, never in the middle of one, so no record is half moved.
   */
  private maybeCompact(): void {
    if (this.deadBytes > COMPACT_MIN_DEAD && this.deadBytes > this.liveBytes) this.compact();
  }

  /** Copy every live record into fresh slabs; old slabs are dropped (views into them stay valid). */
  private compact(): void {
    const oldSlabs = this.slabs;
    this.slabs = [];
    this.slabTop = [];
    this.current = -1;
    this.liveBytes = 0;
    this.deadBytes = 0;
    for (let id = 0; id < this.nextId; id++) {
      if (this.usedOf[id] !== 1 || this.slabOf[id] === -1) continue;
      const vlen = Math.max(0, this.vlenOf[id]!);
      const src = oldSlabs[this.slabOf[id]!]!;
      const off = this.offOf[id]!;
      const klen = this.klenOf[id]!;
      this.writeRecord(id, src, off, klen, src, off + klen, vlen);
    }
  }

  private place(id: number, h: number): void {
    const index = this.index;
    const mask = this.mask;
    let s = h & mask;
    while (index[s * 2] !== 0) s = (s + 1) & mask;
    index[s * 2] = id + 1;
    index[s * 2 + 1] = h;
  }

  /** Remove an id from the index, shifting the rest of its probe run back (no tombstones). */
  private unplace(id: number, h: number): void {
    const index = this.index;
    const mask = this.mask;
    let s = h & mask;
    while (index[s * 2] !== id + 1) s = (s + 1) & mask;
    // Backward-shift deletion for linear probing.
    let hole = s;
    for (let j = (s + 1) & mask; index[j * 2] !== 0; j = (j + 1) & mask) {
      const home = index[j * 2 + 1]! & mask;
      // Move j into the hole when its home is not between hole (exclusive) and j (inclusive).
      const between = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (!between) {
        index[hole * 2] = index[j * 2]!;
        index[hole * 2 + 1] = index[j * 2 + 1]!;
        hole = j;
      }
    }
    index[hole * 2] = 0;
    index[hole * 2 + 1] = 0;
  }

  private growIndex(): void {
    const old = this.index;
    const capacity = (this.mask + 1) * 2;
    this.index = new Int32Array(capacity * 2);
    this.mask = capacity - 1;
    for (let s = 0; s < old.length; s += 2) {
      const slot = old[s]!;
      if (slot !== 0) this.place(slot - 1, old[s + 1]!);
    }
  }

  private growEntries(): void {
    const n = this.usedOf.length * 2;
    const grow = <T extends Int32Array | Uint8Array | Uint32Array | Float64Array>(
      a: T,
      make: (n: number) => T,
    ): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.slabOf = grow(this.slabOf, (k) => new Int32Array(k));
    this.offOf = grow(this.offOf, (k) => new Int32Array(k));
    this.klenOf = grow(this.klenOf, (k) => new Int32Array(k));
    this.vlenOf = grow(this.vlenOf, (k) => new Int32Array(k));
    this.usedOf = grow(this.usedOf, (k) => new Uint8Array(k));
    this.deadlineOf = grow(this.deadlineOf, (k) => new Float64Array(k));
    this.accessOf = grow(this.accessOf, (k) => new Uint32Array(k));
  }
}
