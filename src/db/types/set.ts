/**
 * The set value type: members as binary strings (one char per byte) in a JS Set, so membership,
 * add and remove are O(1). The set commands (issue #3) build on it.
 */
export class RedisSet {
  readonly members = new Set<string>();

  get size(): number {
    return this.members.size;
  }
}
