/**
 * HSCAN key cursor [MATCH pattern] [COUNT count].
 *
 * A compact hash (Redis's listpack encoding) comes back whole in insertion order with cursor 0,
 * as Redis answers it. A table-form hash is walked like SSCAN: its dense slots from the top down
 * (cursor = next slot + 1). New fields are appended on top and a delete moves the top slot into
 * the hole, so a field present for the whole scan is returned at least once.
 */
import { globMatch } from "../../db/glob.ts";
import { parseCursor, parseScanOptions } from "../keys/scan.ts";
import type { Handler } from "../types.ts";
import { getHash } from "./hash-value.ts";

export const hscan: Handler = (ctx, args) => {
  const cursor = parseCursor(args.bytes(2));
  const o = parseScanOptions(args, 3, false);
  const hash = getHash(ctx.db, args.key(1));
  /** Handles of the fields to answer (no write happens before they are read). */
  const found: number[] = [];
  let next = 0;
  const wanted = (h: number) => o.match === null || globMatch(o.match, hash!.fieldOf(h));
  if (hash !== undefined && hash.encoding === "listpack") {
    for (const h of hash.handles()) if (wanted(h)) found.push(h);
  } else if (hash !== undefined) {
    let p = cursor === 0 ? hash.size - 1 : Math.min(cursor - 1, hash.size - 1);
    for (let seen = 0; p >= 0 && seen < o.count; p--, seen++) {
      const h = hash.handleAt(p);
      if (wanted(h)) found.push(h);
    }
    next = p < 0 ? 0 : p + 1;
  }
  const out = ctx.out;
  out.array(2);
  out.bulkKey(String(next));
  out.array(found.length * 2);
  for (const h of found) {
    out.bulkKey(hash!.fieldOf(h));
    out.bulkRange(hash!.valueSrc(h), hash!.valueStart(h), hash!.valueEnd(h));
  }
};
