/**
 * The hash value type: field (binary string) → value bytes.
 *
 * Two views of the same entries:
 * - `slots`, a Map field → slot number. Its insertion order is the order HGETALL, HKEYS and
 *   HVALS answer in: Redis's small (listpack) hashes keep insertion order too, an updated
 *   field keeps its place, and a deleted then re-added field moves to the end.
 * - `names`/`values`, dense arrays indexed by slot, for O(1) random access (HRANDFIELD
 *   picks slot numbers; a Map alone would need an O(n) walk per pick). A delete moves the
 *   last slot into the hole (one `Map.set` on an existing key, which keeps the Map order).
 *
 * Scanning by slot from the highest down returns every field present for the whole scan at
 * least once even while fields are added (they go to the end, above the cursor) or deleted
 * (the field moved into a hole comes from the end, i.e. from slots already visited).
 *
 * @example
 * const h = new RedisHash();
 * h.set("f", value);  // true: a new field
 * h.get("f");         // value
 * h.fieldAt(0);       // "f" (slot order, not reply order)
 */
export class RedisHash {
  private readonly slots = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly values: Uint8Array[] = [];

  get size(): number {
    return this.names.length;
  }

  get(field: string): Uint8Array | undefined {
    const slot = this.slots.get(field);
    return slot === undefined ? undefined : this.values[slot];
  }

  has(field: string): boolean {
    return this.slots.has(field);
  }

  /** Store `value` (kept as is: copy request bytes first). True when the field is new. */
  set(field: string, value: Uint8Array): boolean {
    const slot = this.slots.get(field);
    if (slot !== undefined) {
      this.values[slot] = value;
      return false;
    }
    this.slots.set(field, this.names.length);
    this.names.push(field);
    this.values.push(value);
    return true;
  }

  /** Remove a field in O(1); false when it was not there. */
  delete(field: string): boolean {
    const slot = this.slots.get(field);
    if (slot === undefined) return false;
    this.slots.delete(field);
    const last = this.names.length - 1;
    const lastName = this.names.pop()!;
    const lastValue = this.values.pop()!;
    if (slot !== last) {
      this.names[slot] = lastName;
      this.values[slot] = lastValue;
      this.slots.set(lastName, slot);
    }
    return true;
  }

  /** Every field and value, in reply order (insertion order). */
  forEach(fn: (field: string, value: Uint8Array) => void): void {
    const values = this.values;
    for (const [field, slot] of this.slots) fn(field, values[slot]!);
  }

  /** Fields in reply order. */
  fields(): IterableIterator<string> {
    return this.slots.keys();
  }

  /** The field in slot `i` (0 <= i < size): for random picks and slot-order scans. */
  fieldAt(i: number): string {
    return this.names[i]!;
  }

  /** The value in slot `i` (0 <= i < size). */
  valueAt(i: number): Uint8Array {
    return this.values[i]!;
  }
}
