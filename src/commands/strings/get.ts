/** GET key — the value of key, or nil. */
import { ERR, ReplyError } from "../../errors.ts";
import type { Handler } from "../types.ts";

// Looked up by the request bytes and written from the Db's slab into the reply: no key string,
// no view, nothing allocated. The lookup counts the hit or miss (a read lookup, see Keyspace).
export const get: Handler = (ctx, args) => {
  const db = ctx.db;
  const id = db.lookup(args.src[1]!, args.starts[1]!, args.ends[1]!);
  if (id < 0) return ctx.out.nil();
  if (db.inlineString(id)) return ctx.out.bulkRange(db.valueSlab(id), db.valueStart(id), db.valueEnd(id));
  const v = db.valueOf(id);
  if (!(v instanceof Uint8Array)) throw new ReplyError(ERR.wrongType);
  ctx.out.bulk(v);
};
