/**
 * XREAD [COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...]
 *
 * Entries with IDs above the given ones (`$`: the stream's last ID now), from every stream
 * that has some: RESP2 `[[key, entries], ...]`, RESP3 a map key → entries; the null array when
 * none has any. With BLOCK the client waits (../blocking.ts) until an XADD gives one of the
 * keys an entry above its ID, then gets that one stream (at most COUNT entries, else 1000, as
 * Redis); BLOCK 0 waits forever, and the timeout reply is the null array.
 */
import { RedisStream } from "../../db/types/stream.ts";
import { ERR, ReplyError } from "../../errors.ts";
import { intArg } from "../args.ts";
import { block } from "../blocking.ts";
import type { Context, Handler } from "../types.ts";
import { batch, compare, getStream, incrId, MAX_ID, newId, parseId, type Sid } from "./stream-value.ts";

/** XREAD_BLOCKED_DEFAULT_COUNT: a blocked XREAD without COUNT gets at most this many entries. */
const BLOCKED_DEFAULT_COUNT = 1000;

/** Write `key`'s entries above `after` (at most `count`, 0: all) as [key, entries] or a map pair. */
function writeStream(ctx: Context, key: string, s: RedisStream, after: Sid, count: number): void {
  const from = { ms: after.ms, seq: after.seq };
  incrId(from);
  if (ctx.out.resp === 2) ctx.out.array(2);
  ctx.out.bulkKey(key);
  s.range(from.ms, from.seq, MAX_ID.ms, MAX_ID.seq, count, false, batch.add);
  batch.write(ctx.out);
}

/** The last live entry's ID (streamLastValidID). */
function lastValid(s: RedisStream): Sid {
  const id = { ms: s.lastMs, seq: s.lastSeq };
  s.edgeEntry(true, (ms, seq) => {
    id.ms = ms;
    id.seq = seq;
  });
  return id;
}

export const xread: Handler = (ctx, args) => {
  const argc = args.length;
  let timeout = -1;
  let count = 0;
  let streamsAt = 0;
  let n = 0;
  for (let i = 1; i < argc; i++) {
    const more = argc - i - 1;
    if (args.is(i, "block") && more > 0) {
      i++;
      timeout = intArg(args.bytes(i), ERR.timeoutNotInteger);
      if (timeout < 0) throw new ReplyError(ERR.timeoutNegative);
      if (timeout > 0) timeout += ctx.now;
    } else if (args.is(i, "count") && more > 0) {
      i++;
      count = Math.max(0, intArg(args.bytes(i)));
    } else if (args.is(i, "streams") && more > 0) {
      streamsAt = i + 1;
      n = argc - streamsAt;
      if (n % 2 !== 0) throw new ReplyError(ERR.xreadUnbalanced("XREAD", "$"));
      n /= 2;
      break;
    } else if (args.is(i, "group") && more >= 2) {
      throw new ReplyError(ERR.xreadGroupOption);
    } else if (args.is(i, "noack")) {
      throw new ReplyError(ERR.xreadNoackOption);
    } else {
      throw new ReplyError(ERR.syntax);
    }
  }
  if (streamsAt === 0) throw new ReplyError(ERR.syntax);

  const keys: string[] = [];
  const ids: Sid[] = [];
  const streams: (RedisStream | undefined)[] = [];
  for (let k = 0; k < n; k++) {
    const key = args.key(streamsAt + k);
    const s = getStream(ctx.db, key);
    const at = streamsAt + n + k;
    let id: Sid;
    if (args.len(at) === 1 && args.src[at]![args.starts[at]!] === 36) {
      id = s === undefined ? { ms: 0, seq: 0 } : { ms: s.lastMs, seq: s.lastSeq };
    } else if (args.len(at) === 1 && args.src[at]![args.starts[at]!] === 62) {
      throw new ReplyError(ERR.xreadGreaterId);
    } else {
      id = parseId(args, at, newId(), 0, true);
    }
    keys.push(key);
    ids.push(id);
    streams.push(s);
  }

  let served = 0;
  const ready: boolean[] = [];
  for (let k = 0; k < n; k++) {
    const s = streams[k];
    ready[k] = s !== undefined && s.length > 0 && compare(lastValid(s), ids[k]!) > 0;
    if (ready[k]) served++;
  }
  if (served > 0) {
    if (ctx.out.resp === 2) ctx.out.array(served);
    else ctx.out.map(served);
    for (let k = 0; k < n; k++) if (ready[k]) writeStream(ctx, keys[k]!, streams[k]!, ids[k]!, count);
    return;
  }
  if (timeout === -1 || ctx.denyBlocking) return ctx.out.nullArray();

  const blockedCount = count === 0 ? BLOCKED_DEFAULT_COUNT : count;
  block(ctx, {
    keys,
    deadline: timeout,
    tryServe: (c, key) => {
      const s = c.db.get(key);
      // Another type under the key: keep waiting, as Redis 7.0 does.
      if (!(s instanceof RedisStream)) return false;
      const after = ids[keys.indexOf(key)]!;
      // Redis serves when the last ID passed `after`, but only XADD and new keys wake it (not
      // XSETID): requiring an entry above `after` gives the same answer for those.
      if (s.length === 0 || compare(lastValid(s), after) <= 0) return false;
      if (c.out.resp === 2) c.out.array(1);
      else c.out.map(1);
      writeStream(c, key, s, after, blockedCount);
      return true;
    },
  });
};
