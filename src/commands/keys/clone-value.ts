/**
 * Deep copies of stored values, for COPY: the copy shares nothing mutable with the original,
 * so changing one never shows in the other. O(n) in the elements (O(n log n) for a sorted
 * set, which is rebuilt by insertion as Redis's zsetDup does for a skip list).
 */
import type { Value } from "../../db/keyspace.ts";
import { RedisHash } from "../../db/types/hash.ts";
import { RedisList } from "../../db/types/list.ts";
import { RedisSet } from "../../db/types/set.ts";
import { RedisStream } from "../../db/types/stream.ts";
import { RedisZSet } from "../../db/types/zset.ts";
import { keep } from "../strings/string-value.ts";
import { copyEncoding } from "./encoding.ts";

export function cloneValue(v: Value): Value {
  let copy: Value;
  if (v instanceof Uint8Array) return keep(v);
  if (v instanceof RedisList) {
    const list = new RedisList();
    // range() returns views into the source's slabs; pushBack copies the bytes.
    for (const e of v.range(0, -1)) list.pushBack(e);
    copy = list;
  } else if (v instanceof RedisHash) {
    const hash = new RedisHash();
    v.forEach((field, value) => {
      hash.set(field, keep(value));
    });
    copy = hash;
  } else if (v instanceof RedisSet) {
    copy = v.clone();
  } else if (v instanceof RedisStream) {
    return v.clone();
  } else {
    const zset = new RedisZSet();
    for (const [member, score] of v) zset.add(member, score);
    copy = zset;
  }
  copyEncoding(v, copy);
  return copy;
}
