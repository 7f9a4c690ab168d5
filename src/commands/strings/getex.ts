/** GETEX key [EX seconds | PX ms | EXAT unix-s | PXAT unix-ms | PERSIST] — GET that also sets or clears the TTL. */
import { ERR, ReplyError } from "../../errors.ts";
import { changed, expireKey } from "../args.ts";
import type { Handler } from "../types.ts";
import { type ExpireOption, expireDeadline, readExpireOption } from "./expire-options.ts";
import { getString } from "./string-value.ts";

export const getex: Handler = (ctx, args) => {
  let expire: ExpireOption | null = null;
  let persist = false;
  for (let j = 2; j < args.length; j++) {
    if (args.is(j, "persist") && expire === null) {
      persist = true;
      continue;
    }
    const e = readExpireOption(args, j, expire, persist);
    if (e === null) throw new ReplyError(ERR.syntax);
    expire = e;
    j++;
  }
  const key = args.key(1);
  const v = getString(ctx.db, key);
  if (v === undefined) return ctx.out.nil();
  // Redis validates the expiry's value only now: a missing key answers nil and another type
  // WRONGTYPE whatever the value (only the options' syntax is checked before the lookup).
  const deadline = expire ? expireDeadline(expire, ctx.now, "getex") : 0;
  ctx.out.bulk(v);
  // An absolute deadline already past deletes the key, as Redis's checkAlreadyExpired.
  if (expire && (expire.unit === "exat" || expire.unit === "pxat") && deadline <= ctx.now) {
    ctx.db.delete(key);
    changed(ctx, key, "del");
  } else if (expire) {
    expireKey(ctx, key, deadline);
  } else if (persist && ctx.db.persist(key)) {
    changed(ctx, key, "persist");
  }
};
