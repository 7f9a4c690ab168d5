/**
 * XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value [...]
 * XTRIM key MAXLEN|MINID [=|~] threshold [LIMIT count]
 *
 * Both read their trimming options with one parser (Redis's streamParseAddOrTrimArgsOrReply),
 * with its error order. `~` trims whole nodes only and, without LIMIT, at most
 * 100 * stream-node-max-entries entries per call, as Redis does.
 */
import {
  ENTRY_MAX_BYTES,
  NODE_MAX_ENTRIES,
  packRanges,
  RedisStream,
  U64_MAX,
} from "../../db/types/stream.ts";
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import { changed, intArg } from "../args.ts";
import type { Handler } from "../types.ts";
import { compare, getStream, incrId, newId, type ParsedId, parseId } from "./stream-value.ts";

const NONE = 0;
const MAXLEN = 1;
const MINID = 2;

/** The parsed options (one reused object: commands never overlap). */
interface TrimArgs {
  strategy: number;
  approx: boolean;
  maxlen: number;
  minid: ParsedId;
  /** 0: no limit. */
  limit: number;
  noMkStream: boolean;
  idGiven: boolean;
  id: ParsedId;
}

const opts: TrimArgs = {
  strategy: NONE,
  approx: false,
  maxlen: 0,
  minid: newId(),
  limit: 0,
  noMkStream: false,
  idGiven: false,
  id: newId(),
};

const isOp = (args: Args, i: number, c: number): boolean =>
  args.len(i) === 1 && args.src[i]![args.starts[i]!] === c;

/** Parse options from argument 2; returns the index where XADD's ID is (or XTRIM stopped). */
function parseTrimArgs(args: Args, xadd: boolean): number {
  const o = opts;
  o.strategy = NONE;
  o.approx = false;
  o.maxlen = 0;
  o.limit = 0;
  o.noMkStream = false;
  o.idGiven = false;
  let limitGiven = false;
  const argc = args.length;
  let i = 2;
  for (; i < argc; i++) {
    const more = argc - 1 - i;
    if (xadd && isOp(args, i, 42)) break; // "*"
    if (args.is(i, "maxlen") && more > 0) {
      if (o.strategy !== NONE) throw new ReplyError(ERR.streamMaxlenAndMinid);
      i = readOperator(args, i, more);
      o.maxlen = intArg(args.bytes(i + 1));
      if (o.maxlen < 0) throw new ReplyError(ERR.streamMaxlenNegative);
      i++;
      o.strategy = MAXLEN;
    } else if (args.is(i, "minid") && more > 0) {
      if (o.strategy !== NONE) throw new ReplyError(ERR.streamMaxlenAndMinid);
      i = readOperator(args, i, more);
      parseId(args, i + 1, o.minid, 0, true);
      i++;
      o.strategy = MINID;
    } else if (args.is(i, "limit") && more > 0) {
      o.limit = intArg(args.bytes(i + 1));
      if (o.limit < 0) throw new ReplyError(ERR.streamLimitNegative);
      limitGiven = true;
      i++;
    } else if (xadd && args.is(i, "nomkstream")) {
      o.noMkStream = true;
    } else if (xadd) {
      parseId(args, i, o.id, 0, true, true);
      o.idGiven = true;
      break;
    } else {
      throw new ReplyError(ERR.syntax);
    }
  }
  if (o.limit !== 0 && o.strategy === NONE) throw new ReplyError(ERR.streamLimitNoStrategy);
  if (!xadd && o.strategy === NONE) throw new ReplyError(ERR.xtrimNoStrategy);
  if (limitGiven) {
    if (!o.approx) throw new ReplyError(ERR.streamLimitNoApprox);
  } else {
    o.limit = o.approx ? Math.min(100 * NODE_MAX_ENTRIES, 10000) : 0;
  }
  return i;
}

/** `MAXLEN ~ n` / `MAXLEN = n`: consume the operator word (when one more argument follows). */
function readOperator(args: Args, i: number, more: number): number {
  opts.approx = false;
  if (more >= 2 && isOp(args, i + 1, 126)) {
    opts.approx = true;
    return i + 1;
  }
  if (more >= 2 && isOp(args, i + 1, 61)) return i + 1;
  return i;
}

function trim(s: RedisStream): number {
  const o = opts;
  if (o.strategy === MAXLEN) return s.trim(o.maxlen, 0, 0, o.approx, o.limit);
  return s.trim(-1, o.minid.ms, o.minid.seq, o.approx, o.limit);
}

const next = newId();

export const xadd: Handler = (ctx, args) => {
  const idPos = parseTrimArgs(args, true);
  const fieldPos = idPos + 1;
  const items = args.length - fieldPos;
  if (items < 2 || items % 2 === 1) throw new ReplyError(ERR.wrongArity("xadd"));
  const o = opts;
  if (o.idGiven && o.id.seqGiven && o.id.ms === 0 && o.id.seq === 0) throw new ReplyError(ERR.streamIdZero);

  const key = args.key(1);
  let s = getStream(ctx.db, key);
  if (s === undefined) {
    if (o.noMkStream) return ctx.out.nil();
    s = new RedisStream();
    ctx.db.set(key, s);
  }
  if (s.lastMs === U64_MAX && s.lastSeq === U64_MAX) throw new ReplyError(ERR.streamExhausted);

  // The new ID (streamAppendItem): given, `ms-*` (next sequence of the same ms), or `*`.
  const id = next;
  if (o.idGiven) {
    id.ms = o.id.ms;
    id.seq = o.id.seq;
    if (!o.id.seqGiven && s.lastMs === id.ms) {
      if (s.lastSeq === U64_MAX) throw new ReplyError(ERR.streamIdTooSmall);
      id.seq = s.lastSeq;
      incrId(id);
    }
  } else if (ctx.now > s.lastMs) {
    id.ms = ctx.now;
    id.seq = 0;
  } else {
    id.ms = s.lastMs;
    id.seq = s.lastSeq;
    incrId(id);
  }
  if (compare(id, { ms: s.lastMs, seq: s.lastSeq }) <= 0) throw new ReplyError(ERR.streamIdTooSmall);
  let total = 0;
  for (let i = fieldPos; i < args.length; i++) total += args.len(i);
  if (total > ENTRY_MAX_BYTES) throw new ReplyError(ERR.streamTooLarge);

  s.append(id.ms, id.seq, packRanges(args.src, args.starts, args.ends, fieldPos, args.length));
  ctx.out.bulkKey(`${id.ms}-${id.seq}`);
  changed(ctx, key, "xadd");
  if (o.strategy !== NONE && trim(s) > 0) changed(ctx, key, "xtrim");
};

export const xtrim: Handler = (ctx, args) => {
  parseTrimArgs(args, false);
  const key = args.key(1);
  const s = getStream(ctx.db, key);
  if (s === undefined) return ctx.out.integer(0);
  const deleted = trim(s);
  if (deleted > 0) changed(ctx, key, "xtrim");
  ctx.out.integer(deleted);
};
