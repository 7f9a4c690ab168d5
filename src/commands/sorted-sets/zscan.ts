/**
 * ZSCAN key cursor [MATCH pattern] [COUNT count].
 *
 * Member order in the tree shifts with every insert and delete, so a position cursor could
 * skip members; instead the whole set is returned in one call with cursor 0, which Redis itself
 * does for every sorted set in its compact (listpack) encoding. COUNT is a hint, as in Redis.
 * Scores are bulk strings in both protocols, as in Redis.
 */
import { globMatch } from "../../db/glob.ts";
import { formatDouble } from "../../protocol/number-format.ts";
import { parseCursor, parseScanOptions } from "../keys/scan.ts";
import type { Handler } from "../types.ts";
import { getZSet } from "./zset-value.ts";

export const zscan: Handler = (ctx, args) => {
  parseCursor(args.bytes(2));
  const o = parseScanOptions(args, 3, false);
  const z = getZSet(ctx.db, args.key(1));
  const found: [string, number][] = [];
  if (z !== undefined) {
    // In score order, as Redis walks a small (listpack) sorted set.
    for (const [member, score] of z)
      if (o.match === null || globMatch(o.match, member)) found.push([member, score]);
  }
  ctx.out.array(2);
  ctx.out.bulkKey("0");
  ctx.out.array(found.length * 2);
  for (const [member, score] of found) {
    ctx.out.bulkKey(member);
    ctx.out.bulkKey(formatDouble(score));
  }
};
