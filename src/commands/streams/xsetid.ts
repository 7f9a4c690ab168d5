/**
 * XSETID key last-id [ENTRIESADDED entries-added] [MAXDELETEDID max-deleted-id] — set a
 * stream's last generated ID (and counters), never below what the stream holds.
 */
import { cmpId, toU64, type U64 } from "../../db/types/stream.ts";
import { ERR, ReplyError } from "../../errors.ts";
import { changed, int64Arg } from "../args.ts";
import type { Handler } from "../types.ts";
import { getStream, newId, parseId } from "./stream-value.ts";

export const xsetid: Handler = (ctx, args) => {
  const id = parseId(args, 2, newId(), 0, true);
  let entriesAdded: U64 = -1;
  const maxDel = newId();
  let i = 3;
  while (i < args.length) {
    const more = args.length - 1 - i;
    if (args.is(i, "entriesadded") && more > 0) {
      const v = int64Arg(args.bytes(i + 1));
      if (v < 0) throw new ReplyError(ERR.xsetidEntriesAdded);
      entriesAdded = typeof v === "bigint" ? toU64(v) : v;
      i += 2;
    } else if (args.is(i, "maxdeletedid") && more > 0) {
      parseId(args, i + 1, maxDel, 0, true);
      if (cmpId(id.ms, id.seq, maxDel.ms, maxDel.seq) < 0)
        throw new ReplyError(ERR.xsetidBelowGivenMaxDeleted);
      i += 2;
    } else {
      throw new ReplyError(ERR.syntax);
    }
  }
  const key = args.key(1);
  const s = getStream(ctx.db, key);
  if (s === undefined) throw new ReplyError(ERR.noSuchKey);
  // Redis 7.0.15 has no check against the stream's current max-deleted ID (7.2 added one).
  if (s.length > 0) {
    let topMs: U64 = 0;
    let topSeq: U64 = 0;
    s.edgeEntry(true, (ms, seq) => {
      topMs = ms;
      topSeq = seq;
    });
    if (cmpId(id.ms, id.seq, topMs, topSeq) < 0) throw new ReplyError(ERR.xsetidBelowTop);
    if (entriesAdded !== -1 && s.length > entriesAdded) throw new ReplyError(ERR.xsetidEntriesBelowLength);
  }
  s.lastMs = id.ms;
  s.lastSeq = id.seq;
  if (entriesAdded !== -1) s.entriesAdded = entriesAdded;
  if (maxDel.ms !== 0 || maxDel.seq !== 0) {
    s.maxDeletedMs = maxDel.ms;
    s.maxDeletedSeq = maxDel.seq;
  }
  ctx.out.ok();
  changed(ctx, key, "xsetid");
};
