/**
 * XREAD [COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...]
 * XREADGROUP GROUP group consumer [COUNT count] [BLOCK milliseconds] [NOACK] STREAMS key [key ...] id [id ...]
 *
 * One parser and one reply for both, as Redis's xreadCommand. XREAD answers the entries above
 * the given IDs (`$`: the stream's last ID now) from every stream that has some. XREADGROUP
 * with `>` delivers entries the group has not delivered yet (they become pending for the
 * consumer unless NOACK); with an ID it re-reads the consumer's own pending entries above it.
 * RESP2 `[[key, entries], ...]`, RESP3 a map key → entries; the null array when nothing is
 * served. With BLOCK the client waits (../blocking.ts) until an XADD gives one of the keys
 * something to serve, then gets that one stream (at most COUNT entries, else 1000, as Redis);
 * BLOCK 0 waits forever, and the timeout reply is the null array. A blocked XREADGROUP whose
 * group is destroyed gets NOGROUP, and one whose key is deleted (or replaced by another type)
 * gets UNBLOCKED, as in Redis 7.0.
 */
import { cmpId, RedisStream, type StreamGroup, U64_MAX } from "../../db/types/stream.ts";
import { ERR, ReplyError } from "../../errors.ts";
import { intArg } from "../args.ts";
import { block } from "../blocking.ts";
import type { Context, Handler } from "../types.ts";
import { consumerFor, deliverHistory, deliverNew } from "./groups.ts";
import { batch, compare, getStream, incrId, MAX_ID, newId, parseId, type Sid } from "./stream-value.ts";

/** XREAD_BLOCKED_DEFAULT_COUNT: a blocked read without COUNT gets at most this many entries. */
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

const isChar = (args: Parameters<Handler>[1], i: number, c: number): boolean =>
  args.len(i) === 1 && args.src[i]![args.starts[i]!] === c;

function read(ctx: Context, args: Parameters<Handler>[1], grouped: boolean): void {
  const argc = args.length;
  let timeout = -1;
  let count = 0;
  let streamsAt = 0;
  let n = 0;
  let groupName: string | null = null;
  let consumerName = "";
  let noack = false;
  for (let i = 1; i < argc; i++) {
    const more = argc - i - 1;
    if (args.is(i, "block") && more > 0) {
      if (ctx.fromScript === true) throw new ReplyError(ERR.streamBlockInScript(args.key(0)));
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
      if (!grouped) throw new ReplyError(ERR.xreadGroupOption);
      groupName = args.key(i + 1);
      consumerName = args.key(i + 2);
      i += 2;
    } else if (args.is(i, "noack")) {
      if (!grouped) throw new ReplyError(ERR.xreadNoackOption);
      noack = true;
    } else {
      throw new ReplyError(ERR.syntax);
    }
  }
  if (streamsAt === 0) throw new ReplyError(ERR.syntax);
  if (grouped && groupName === null) throw new ReplyError(ERR.xreadgroupMissingGroup);

  const keys: string[] = [];
  const ids: Sid[] = [];
  const streams: (RedisStream | undefined)[] = [];
  const groups: StreamGroup[] = [];
  for (let k = 0; k < n; k++) {
    const key = args.key(streamsAt + k);
    const s = getStream(ctx.db, key);
    if (groupName !== null) {
      const g = s?.groups?.get(groupName);
      if (g === undefined) throw new ReplyError(ERR.xreadgroupNoGroup(key, groupName));
      groups.push(g);
    }
    const at = streamsAt + n + k;
    let id: Sid;
    if (isChar(args, at, 36)) {
      if (grouped) throw new ReplyError(ERR.xreadgroupDollar);
      id = s === undefined ? { ms: 0, seq: 0 } : { ms: s.lastMs, seq: s.lastSeq };
    } else if (isChar(args, at, 62)) {
      if (!grouped) throw new ReplyError(ERR.xreadGreaterId);
      // The maximum ID stands for `>` (Redis does the same).
      id = { ms: U64_MAX, seq: U64_MAX };
    } else {
      id = parseId(args, at, newId(), 0, true);
    }
    keys.push(key);
    ids.push(id);
    streams.push(s);
  }
  // Redis's xreadCommand looks every key up again (lookupKeyRead) to serve it: keyspace hits,
  // misses and keymiss events count each key twice once the arguments are accepted.
  for (let k = 0; k < n; k++) ctx.db.has(keys[k]!);

  if (groupName !== null) {
    return readGroup(ctx, keys, ids, streams, groups, groupName, consumerName, count, noack, timeout);
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
}

const isGreater = (id: Sid): boolean => id.ms === U64_MAX && id.seq === U64_MAX;

/** XREADGROUP once its arguments are checked: every stream exists and has the group. */
function readGroup(
  ctx: Context,
  keys: string[],
  ids: Sid[],
  streams: (RedisStream | undefined)[],
  groups: StreamGroup[],
  groupName: string,
  consumerName: string,
  count: number,
  noack: boolean,
  timeout: number,
): void {
  const n = keys.length;
  // Which streams answer now: history reads always, `>` when the stream has entries beyond the
  // group's last delivered ID. Redis decides each stream after serving the ones before it (a
  // key named twice finds its group moved on), and the reply's length comes first here, so the
  // moves are simulated: `moved` holds where each group's last ID will be. Only a stream that is
  // served creates (or refreshes) the consumer, in Redis 7.0 as when a blocked read is served.
  const serve: boolean[] = [];
  const moved = new Map<StreamGroup, Sid>();
  let served = 0;
  for (let k = 0; k < n; k++) {
    const s = streams[k]!;
    const g = groups[k]!;
    if (!isGreater(ids[k]!)) {
      serve[k] = true;
    } else {
      const last = moved.get(g) ?? { ms: g.lastMs, seq: g.lastSeq };
      serve[k] = s.length > 0 && compare(lastValid(s), last) > 0;
      if (serve[k]) {
        const from = { ms: last.ms, seq: last.seq };
        incrId(from);
        s.range(from.ms, from.seq, MAX_ID.ms, MAX_ID.seq, count, false, (ms, seq) => {
          last.ms = ms;
          last.seq = seq;
        });
        moved.set(g, last);
      }
    }
    if (serve[k]) served++;
  }
  if (served > 0) {
    if (ctx.out.resp === 2) ctx.out.array(served);
    else ctx.out.map(served);
    for (let k = 0; k < n; k++) {
      if (!serve[k]) continue;
      const s = streams[k]!;
      const g = groups[k]!;
      const consumer = consumerFor(ctx, keys[k]!, g, consumerName);
      if (ctx.out.resp === 2) ctx.out.array(2);
      ctx.out.bulkKey(keys[k]!);
      const id = ids[k]!;
      if (isGreater(id)) {
        const from = { ms: g.lastMs, seq: g.lastSeq };
        incrId(from);
        deliverNew(ctx, s, g, consumer, from.ms, from.seq, count, noack);
      } else {
        const from = { ms: id.ms, seq: id.seq };
        incrId(from);
        deliverHistory(ctx, s, consumer, from.ms, from.seq, count);
      }
      ctx.server.dirty++;
    }
    return;
  }
  if (timeout === -1 || ctx.denyBlocking) return ctx.out.nullArray();

  const blockedCount = count === 0 ? BLOCKED_DEFAULT_COUNT : count;
  block(ctx, {
    keys,
    deadline: timeout,
    wantsMissing: true,
    tryServe: (c, key) => {
      const s = c.db.get(key);
      if (!(s instanceof RedisStream)) throw new ReplyError(ERR.blockedStreamGone);
      const g = s.groups?.get(groupName);
      if (g === undefined) throw new ReplyError(ERR.blockedGroupGone);
      if (cmpId(s.lastMs, s.lastSeq, g.lastMs, g.lastSeq) <= 0) return false;
      const consumer = consumerFor(c, key, g, consumerName);
      if (c.out.resp === 2) {
        c.out.array(1);
        c.out.array(2);
      } else {
        c.out.map(1);
      }
      c.out.bulkKey(key);
      const from = { ms: g.lastMs, seq: g.lastSeq };
      incrId(from);
      deliverNew(c, s, g, consumer, from.ms, from.seq, blockedCount, noack);
      return true;
    },
  });
}

export const xread: Handler = (ctx, args) => read(ctx, args, false);
export const xreadgroup: Handler = (ctx, args) => read(ctx, args, true);
