/**
 * The hash value type: field bytes → value bytes, kept in one of Redis's two encodings.
 *
 * Why not a `Map<string, Uint8Array>`: a Map costs ~250 bytes for three fields, each entry is
 * three GC objects, every eden GC rescans a big mutated Map, and every lookup first builds a
 * string from the request bytes only to hash it. Here a hash is bytes in typed arrays:
 *
 * - "listpack" (compact): while the hash has at most 512 fields and every field and value is at
 *   most 64 bytes (Redis 7.0's hash-max-listpack-entries / -value defaults, which
 *   `CONFIG GET` answers and OBJECT ENCODING follows), ONE buffer packs
 *   `[field length][field][value length][value]...` in insertion order, one length byte each
 *   (both are at most 64). A lookup scans it, as Redis scans a listpack; a delete closes the gap
 *   with copyWithin; an equal-length update writes in place, another length shifts the tail.
 *   Replies come in insertion order, as Redis's listpack answers.
 * - "hashtable": past either limit, once and for good (Redis never converts back), a KeyTable
 *   (field bytes → value bytes inline) plus a dense array of its entry ids (`FieldTable`).
 *
 * Slots: both forms number their fields densely, 0..size-1 (`handleAt`). In the compact form a
 * slot is the insertion rank; in the table a delete moves the last slot into the hole, so
 * HRANDFIELD picks a slot in O(1) and HSCAN, walking slots from the top down, returns every
 * field present for the whole scan at least once (new fields land on top, a field moved into a
 * hole comes from the top, i.e. from slots already visited).
 *
 * Two APIs on the same data. Commands use bytes: `find` gives a handle (a buffer offset in the
 * compact form, a table entry id in the other) whose value lies in
 * `valueSrc(h)[valueStart(h)..valueEnd(h))`, valid until the next write to the hash;
 * `setBytes`, `deleteBytes` and `forEachRange` take and give byte ranges. Other modules (SORT,
 * COPY, OBJECT ENCODING) keep the string API: `get`, `has`, `set`, `delete`, `forEach`, `fields`.
 *
 * @example
 * const h = new RedisHash();
 * h.set("f", value);          // true: a new field (the value is copied)
 * const at = h.findKey("f");  // a handle, or -1
 * out.bulkRange(h.valueSrc(at), h.valueStart(at), h.valueEnd(at));
 */
import { KeyTable } from "../key-table.ts";

/** Redis 7.0's hash-max-listpack-entries default. */
export const LISTPACK_MAX_ENTRIES = 512;
/** Redis 7.0's hash-max-listpack-value default (applies to fields and values). */
export const LISTPACK_MAX_VALUE = 64;

interface Latin1Slicing {
  latin1Slice(start: number, end: number): string;
}

/** Receives one field and its value as byte ranges (valid during the call only). */
export type RangeVisitor = (
  fsrc: Uint8Array,
  fstart: number,
  fend: number,
  vsrc: Uint8Array,
  vstart: number,
  vend: number,
) => void;

const EMPTY = Buffer.alloc(0);

/** Bytes of a binary string in a reused buffer (for the string API). */
let scratch = Buffer.alloc(64);
function bytesOf(s: string): Buffer {
  const n = s.length;
  if (n > scratch.length) scratch = Buffer.alloc(Math.max(n, scratch.length * 2));
  if (n <= 32) for (let i = 0; i < n; i++) scratch[i] = s.charCodeAt(i);
  else scratch.write(s, 0, "latin1");
  return scratch;
}

export class RedisHash {
  /** The compact form's entries (`used` bytes of it); null once the hash is a table. */
  private pack: Buffer | null = EMPTY;
  private used = 0;
  private count = 0;
  /** The table form; null while compact. */
  private big: FieldTable | null = null;

  get size(): number {
    return this.big === null ? this.count : this.big.table.size;
  }

  /** Redis's name for the current form (what OBJECT ENCODING answers in Redis). */
  get encoding(): "listpack" | "hashtable" {
    return this.big === null ? "listpack" : "hashtable";
  }

  // --- bytes ----------------------------------------------------------------------------------

  /** The handle of a field, or -1. Valid until the next write to this hash. */
  find(src: Uint8Array, start: number, end: number): number {
    if (this.big !== null) return this.big.table.find(src, start, end);
    const buf = this.pack!;
    const used = this.used;
    const len = end - start;
    let p = 0;
    while (p < used) {
      const flen = buf[p]!;
      if (flen === len) {
        let k = 0;
        while (k < len && buf[p + 1 + k] === src[start + k]) k++;
        if (k === len) return p;
      }
      const v = p + 1 + flen;
      p = v + 1 + buf[v]!;
    }
    return -1;
  }

  findKey(field: string): number {
    return this.find(bytesOf(field), 0, field.length);
  }

  /** The buffer holding the value of a handle (see valueStart / valueEnd). */
  valueSrc(h: number): Uint8Array {
    return this.big === null ? this.pack! : this.big.valueSrc(h);
  }

  valueStart(h: number): number {
    if (this.big !== null) return this.big.valueStart(h);
    return h + 2 + this.pack![h]!;
  }

  valueEnd(h: number): number {
    if (this.big !== null) return this.big.valueEnd(h);
    const v = h + 1 + this.pack![h]!;
    return v + 1 + this.pack![v]!;
  }

  /** The field of a handle as a binary string. */
  fieldOf(h: number): string {
    if (this.big !== null) return this.big.table.keyOf(h);
    return (this.pack as unknown as Latin1Slicing).latin1Slice(h + 1, h + 1 + this.pack![h]!);
  }

  /** The handle of slot `i` (0 <= i < size): O(1) in the table, a walk of i entries when compact. */
  handleAt(i: number): number {
    if (this.big !== null) return this.big.ids[i]!;
    const buf = this.pack!;
    let p = 0;
    for (; i > 0; i--) {
      const v = p + 1 + buf[p]!;
      p = v + 1 + buf[v]!;
    }
    return p;
  }

  /** Every slot's handle, in slot order: one O(size) walk for many random picks of a compact hash. */
  handles(): Int32Array {
    if (this.big !== null) return this.big.ids.slice(0, this.size);
    const out = new Int32Array(this.count);
    const buf = this.pack!;
    for (let p = 0, i = 0; p < this.used; i++) {
      out[i] = p;
      const v = p + 1 + buf[p]!;
      p = v + 1 + buf[v]!;
    }
    return out;
  }

  /**
   * Store a field's value (both copied; neither may be a view of this hash). True when the field
   * is new. Converts to the table form past the listpack limits, as Redis's hashTypeSet.
   */
  setBytes(fsrc: Uint8Array, fs: number, fe: number, vsrc: Uint8Array, vs: number, ve: number): boolean {
    if (this.big === null) {
      const flen = fe - fs;
      const vlen = ve - vs;
      if (flen <= LISTPACK_MAX_VALUE && vlen <= LISTPACK_MAX_VALUE) {
        const at = this.find(fsrc, fs, fe);
        if (at >= 0) {
          this.replaceValue(at + 1 + flen, vsrc, vs, vlen);
          return false;
        }
        if (this.count < LISTPACK_MAX_ENTRIES) {
          this.append(fsrc, fs, flen, vsrc, vs, vlen);
          return true;
        }
      }
      this.convert();
    }
    return this.big!.set(fsrc, fs, fe, vsrc, vs, ve);
  }

  /** Remove a field given as bytes; false when it was not there. */
  deleteBytes(src: Uint8Array, start: number, end: number): boolean {
    if (this.big !== null) return this.big.delete(src, start, end);
    const at = this.find(src, start, end);
    if (at < 0) return false;
    const buf = this.pack!;
    const v = at + 1 + buf[at]!;
    const next = v + 1 + buf[v]!;
    buf.copyWithin(at, next, this.used);
    this.used -= next - at;
    this.count--;
    return true;
  }

  /** Every field and value as byte ranges, in slot order (insertion order when compact). */
  forEachRange(fn: RangeVisitor): void {
    const big = this.big;
    if (big !== null) {
      big.forEachRange(fn);
      return;
    }
    const buf = this.pack!;
    const used = this.used;
    for (let p = 0; p < used; ) {
      const f = p + 1;
      const v = f + buf[p]!;
      const end = v + 1 + buf[v]!;
      fn(buf, f, v, buf, v + 1, end);
      p = end;
    }
  }

  // --- strings (SORT BY/GET, COPY, OBJECT ENCODING) -------------------------------------------

  /** A copy of a field's value, or undefined. */
  get(field: string): Uint8Array | undefined {
    const h = this.findKey(field);
    if (h < 0) return undefined;
    // Not slice(): the value may lie in a Buffer, whose slice() is a view.
    return new Uint8Array(this.valueSrc(h).subarray(this.valueStart(h), this.valueEnd(h)));
  }

  has(field: string): boolean {
    return this.findKey(field) >= 0;
  }

  /** Store a copy of `value`. True when the field is new. */
  set(field: string, value: Uint8Array): boolean {
    return this.setBytes(bytesOf(field), 0, field.length, value, 0, value.length);
  }

  /** Remove a field; false when it was not there. */
  delete(field: string): boolean {
    return this.deleteBytes(bytesOf(field), 0, field.length);
  }

  /** Every field and value in slot order; the value is a view, valid during the call only. */
  forEach(fn: (field: string, value: Uint8Array) => void): void {
    this.forEachRange((fsrc, fs, fe, vsrc, vs, ve) => {
      fn((fsrc as unknown as Latin1Slicing).latin1Slice(fs, fe), vsrc.subarray(vs, ve));
    });
  }

  /** Fields in slot order. */
  fields(): string[] {
    const out: string[] = [];
    this.forEachRange((fsrc, fs, fe) => {
      out.push((fsrc as unknown as Latin1Slicing).latin1Slice(fs, fe));
    });
    return out;
  }

  /** The field in slot `i` (0 <= i < size). */
  fieldAt(i: number): string {
    return this.fieldOf(this.handleAt(i));
  }

  /** The value in slot `i`: a view, valid until the next write. */
  valueAt(i: number): Uint8Array {
    const h = this.handleAt(i);
    return this.valueSrc(h).subarray(this.valueStart(h), this.valueEnd(h));
  }

  // --- compact form internals -----------------------------------------------------------------

  /** Room for `need` bytes; grows by half (a listpack is at most ~66 KB, so this stays cheap). */
  private reserve(need: number): Buffer {
    let buf = this.pack!;
    if (need > buf.length) {
      const grown = Buffer.alloc(Math.max(need, buf.length + (buf.length >> 1), 16));
      grown.set(buf.subarray(0, this.used));
      this.pack = buf = grown;
    }
    return buf;
  }

  private append(
    fsrc: Uint8Array,
    fs: number,
    flen: number,
    vsrc: Uint8Array,
    vs: number,
    vlen: number,
  ): void {
    const at = this.used;
    const buf = this.reserve(at + flen + vlen + 2);
    buf[at] = flen;
    for (let k = 0; k < flen; k++) buf[at + 1 + k] = fsrc[fs + k]!;
    const v = at + 1 + flen;
    buf[v] = vlen;
    for (let k = 0; k < vlen; k++) buf[v + 1 + k] = vsrc[vs + k]!;
    this.used = v + 1 + vlen;
    this.count++;
  }

  /** Overwrite the value whose length byte is at `v`: in place, or shifting the entries after it. */
  private replaceValue(v: number, vsrc: Uint8Array, vs: number, vlen: number): void {
    const old = this.pack![v]!;
    if (vlen !== old) {
      const tail = v + 1 + old;
      const buf = this.reserve(this.used + vlen - old);
      buf.copyWithin(v + 1 + vlen, tail, this.used);
      this.used += vlen - old;
      buf[v] = vlen;
    }
    const buf = this.pack!;
    for (let k = 0; k < vlen; k++) buf[v + 1 + k] = vsrc[vs + k]!;
  }

  /** Move every entry, in insertion order, into a table (Redis's hashTypeConvertListpack). */
  private convert(): void {
    const big = new FieldTable();
    this.forEachRange((fsrc, fs, fe, vsrc, vs, ve) => {
      big.set(fsrc, fs, fe, vsrc, vs, ve);
    });
    this.big = big;
    this.pack = null;
    this.used = 0;
    this.count = 0;
  }
}

/**
 * The "hashtable" form: a KeyTable keyed by field bytes holding each value inline, plus `ids`,
 * the table's entry ids in slot order (and `slotOf`, the inverse), for O(1) random picks and
 * swap-with-last deletes. Handles are entry ids.
 */
class FieldTable {
  readonly table = new KeyTable();
  /** Slot → entry id, dense over 0..size-1. */
  ids: Int32Array = new Int32Array(16);
  /** Entry id → slot. */
  private slotOf: Int32Array = new Int32Array(16);

  set(fsrc: Uint8Array, fs: number, fe: number, vsrc: Uint8Array, vs: number, ve: number): boolean {
    const table = this.table;
    let id = table.find(fsrc, fs, fe);
    if (id >= 0) {
      table.setString(id, vsrc, vs, ve);
      return false;
    }
    id = table.insertString(fsrc, fs, fe, vsrc, vs, ve);
    const slot = table.size - 1;
    if (slot >= this.ids.length) this.ids = grown(this.ids, slot + 1);
    if (id >= this.slotOf.length) this.slotOf = grown(this.slotOf, id + 1);
    this.ids[slot] = id;
    this.slotOf[id] = slot;
    return true;
  }

  delete(src: Uint8Array, start: number, end: number): boolean {
    const table = this.table;
    const id = table.find(src, start, end);
    if (id < 0) return false;
    const slot = this.slotOf[id]!;
    const moved = this.ids[table.size - 1]!;
    this.ids[slot] = moved;
    this.slotOf[moved] = slot;
    table.remove(id);
    return true;
  }

  // A value too long to sit inline with its field is kept aside by the KeyTable, as a Uint8Array.
  valueSrc(id: number): Uint8Array {
    const t = this.table;
    return t.hasInlineString(id) ? t.valueSlab(id) : (t.object(id) as Uint8Array);
  }

  valueStart(id: number): number {
    return this.table.hasInlineString(id) ? this.table.valueStart(id) : 0;
  }

  valueEnd(id: number): number {
    const t = this.table;
    return t.hasInlineString(id) ? t.valueEnd(id) : (t.object(id) as Uint8Array).length;
  }

  forEachRange(fn: RangeVisitor): void {
    const t = this.table;
    const ids = this.ids;
    for (let slot = 0, n = t.size; slot < n; slot++) {
      const id = ids[slot]!;
      fn(
        t.keySlab(id),
        t.keyStart(id),
        t.keyEnd(id),
        this.valueSrc(id),
        this.valueStart(id),
        this.valueEnd(id),
      );
    }
  }
}

/** A copy of `a` at least `need` long (doubling). */
function grown(a: Int32Array, need: number): Int32Array {
  const b = new Int32Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}
