/**
 * The hash value type: field (binary string) → value bytes. A Map keeps insertion order and
 * O(1) access; the hash commands (issue #3) build on it.
 */
export class RedisHash {
  readonly fields = new Map<string, Uint8Array>();

  get size(): number {
    return this.fields.size;
  }
}
