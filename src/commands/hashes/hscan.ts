/**
 * HSCAN key cursor [MATCH pattern] [COUNT count].
 *
 * Like SSCAN: the cursor walks the hash's dense slots from the top down (cursor = next slot + 1).
 * New fields are appended on top and a delete moves the top slot into the hole, so a field
 * present for the whole scan is returned at least once. A small hash (Redis's listpack encoding)
 * comes back whole in insertion order, as Redis answers it.
 */
import { globMatch } from "../../db/glob.ts";
import { encodingOf } from "../keys/encoding.ts";
import { parseCursor, parseScanOptions } from "../keys/scan.ts";
import type { Handler } from "../types.ts";
import { getHash } from "./hash-value.ts";

export const hscan: Handler = (ctx, args) => {
  const cursor = parseCursor(args.bytes(2));
  const o = parseScanOptions(args, 3, false);
  const hash = getHash(ctx.db, args.key(1));
  const found: number[] = [];
  let next = 0;
  if (hash !== undefined && encodingOf(hash) === "listpack") {
    // Redis answers a small (listpack) hash whole, in insertion order, with cursor 0.
    for (let i = 0; i < hash.size; i++)
      if (o.match === null || globMatch(o.match, hash.fieldAt(i))) found.push(i);
  } else if (hash !== undefined) {
    let p = cursor === 0 ? hash.size - 1 : Math.min(cursor - 1, hash.size - 1);
    for (let seen = 0; p >= 0 && seen < o.count; p--, seen++) {
      if (o.match === null || globMatch(o.match, hash.fieldAt(p))) found.push(p);
    }
    next = p < 0 ? 0 : p + 1;
  }
  ctx.out.array(2);
  ctx.out.bulkKey(String(next));
  ctx.out.array(found.length * 2);
  for (const i of found) {
    ctx.out.bulkKey(hash!.fieldAt(i));
    ctx.out.bulk(hash!.valueAt(i));
  }
};
