/**
 * XDEL key id [id ...] — delete entries by ID; replies how many existed. Every ID is checked
 * before any is deleted (a bad one deletes nothing), but only once the key is known to exist.
 */
import { cmpId, type U64 } from "../../db/types/stream.ts";
import { changed } from "../args.ts";
import type { Handler } from "../types.ts";
import { getStream, newId, parseId } from "./stream-value.ts";

export const xdel: Handler = (ctx, args) => {
  const key = args.key(1);
  const s = getStream(ctx.db, key);
  if (s === undefined) return ctx.out.integer(0);
  const ids: U64[] = [];
  const id = newId();
  for (let j = 2; j < args.length; j++) {
    parseId(args, j, id, 0, true);
    ids.push(id.ms, id.seq);
  }
  let deleted = 0;
  let first = false;
  for (let j = 0; j < ids.length; j += 2) {
    const ms = ids[j]!;
    const seq = ids[j + 1]!;
    if (!s.delete(ms, seq)) continue;
    if (cmpId(ms, seq, s.firstMs, s.firstSeq) === 0) first = true;
    if (cmpId(ms, seq, s.maxDeletedMs, s.maxDeletedSeq) > 0) {
      s.maxDeletedMs = ms;
      s.maxDeletedSeq = seq;
    }
    deleted++;
  }
  if (deleted > 0) {
    if (s.length === 0 || first) s.refreshFirst();
    changed(ctx, key, "xdel");
  }
  ctx.out.integer(deleted);
};
