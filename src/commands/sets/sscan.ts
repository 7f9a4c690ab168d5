/**
 * SSCAN key cursor [MATCH pattern] [COUNT count].
 *
 * The cursor walks the set's positions from the top down (cursor = next position + 1). A
 * delete moves only the top member into the gap, so a member present for the whole scan keeps
 * or lowers its position and is returned at least once; members added meanwhile go on top and
 * may be missed, as Redis allows.
 */
import { globMatch } from "../../db/glob.ts";
import { parseCursor, parseScanOptions } from "../keys/scan.ts";
import type { Handler } from "../types.ts";
import { getSetArg } from "./set-value.ts";

export const sscan: Handler = (ctx, args) => {
  const cursor = parseCursor(args.bytes(2));
  const o = parseScanOptions(args, 3, false);
  const set = getSetArg(ctx.db, args, 1);
  // Positions, written from the members' bytes; a member string is built only to match a pattern.
  const found: number[] = [];
  let next = 0;
  if (set !== undefined) {
    let p = cursor === 0 ? set.size - 1 : Math.min(cursor - 1, set.size - 1);
    for (let seen = 0; p >= 0 && seen < o.count; p--, seen++) {
      if (o.match === null || globMatch(o.match, set.at(p))) found.push(p);
    }
    next = p < 0 ? 0 : p + 1;
  }
  ctx.out.array(2);
  ctx.out.bulkKey(String(next));
  ctx.out.array(found.length);
  for (const p of found) set!.writeMember(p, ctx.out);
};
