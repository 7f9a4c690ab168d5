/**
 * SCAN cursor [MATCH pattern] [COUNT count] [TYPE type].
 *
 * The cursor is a position in the keyspace's entry ids, which never move while a key lives
 * (see KeyTable): a key present for the whole iteration is returned exactly once, however the
 * keyspace grows, shrinks or rehashes meanwhile — stronger than Redis's "at least once". Keys
 * added during the scan may or may not be seen, as in Redis (new keys take free ids first, so
 * only a keyspace that keeps growing faster than it is scanned lengthens the iteration). COUNT is the number of entries
 * looked at per call, as in Redis, so a call may return fewer keys (or none) before the end.
 */
import { globMatch } from "../../db/glob.ts";
import { typeOf } from "../../db/keyspace.ts";
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import type { Handler } from "../types.ts";

export interface ScanOptions {
  cursor: number;
  match: string | null;
  count: number;
  type: string | null;
}

/**
 * Redis's cursor parsing (strtoul, then a check that everything was read and nothing overflowed).
 * A negative cursor wraps around in strtoul: like any cursor past the end, it finishes the scan.
 */
export function parseCursor(b: Uint8Array): number {
  const text = Buffer.from(b.buffer, b.byteOffset, b.length).toString("latin1");
  if (!/^[ \t\n\v\f\r]*[+-]?\d+$/.test(text)) throw new ReplyError(ERR.invalidCursor);
  const v = BigInt(text.trim());
  if (v >= 2n ** 64n || v <= -(2n ** 64n)) throw new ReplyError(ERR.invalidCursor);
  if (v < 0n || v > BigInt(Number.MAX_SAFE_INTEGER)) return Number.MAX_SAFE_INTEGER;
  return Number(v);
}

/** The options after the cursor (shared by SCAN, HSCAN, SSCAN, ZSCAN; TYPE only for SCAN). */
export function parseScanOptions(args: Args, from: number, allowType: boolean): Omit<ScanOptions, "cursor"> {
  const o: Omit<ScanOptions, "cursor"> = { match: null, count: 10, type: null };
  for (let j = from; j < args.length; j += 2) {
    if (j + 1 >= args.length) throw new ReplyError(ERR.syntax);
    if (args.is(j, "match")) {
      o.match = args.key(j + 1);
    } else if (args.is(j, "count")) {
      const n = args.int64(j + 1);
      if (n === null || typeof n === "bigint") throw new ReplyError(ERR.notInteger);
      if (n < 1) throw new ReplyError(ERR.syntax);
      o.count = n;
    } else if (allowType && args.is(j, "type")) {
      o.type = args.lower(j + 1);
    } else {
      throw new ReplyError(ERR.syntax);
    }
  }
  // A lone "*" matches everything: skip the matcher (and its "* does not match empty" corner).
  if (o.match === "*") o.match = null;
  return o;
}

export const scan: Handler = (ctx, args) => {
  const cursor = parseCursor(args.bytes(1));
  const o = parseScanOptions(args, 2, true);
  const db = ctx.db;
  const found: string[] = [];
  const next = db.scan(cursor, o.count, (key, id) => {
    if (o.match !== null && !globMatch(o.match, key)) return;
    // Redis checks the type with a read lookup (LOOKUP_NOTOUCH): a keyspace hit per key.
    if (o.type !== null && (db.lookupKey(key) < 0 || typeOf(db.valueOf(id)) !== o.type)) return;
    found.push(key);
  });
  ctx.out.array(2);
  ctx.out.bulkKey(String(next));
  ctx.out.array(found.length);
  for (const k of found) ctx.out.bulkKey(k);
};
