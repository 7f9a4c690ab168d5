/**
 * The client's reply parser: RESP2 and RESP3 replies, fed in whatever chunks the socket gives.
 *
 * Values map to JS as: simple string -> string, bulk -> Uint8Array (a view into the chunk unless
 * it straddles chunks), integer -> number (bigint beyond 2^53), double -> number, big number ->
 * bigint, boolean, null (`_`, `$-1`, `*-1`), error and blob error -> ReplyError (returned as a
 * value, not thrown), verbatim -> VerbatimString, array -> RespValue[], map -> RespMap,
 * set -> RespSet, push -> RespPush. Attributes (`|`) are read and handed to `onAttribute`, if any,
 * then dropped: the value they annotate is what the caller gets.
 *
 * Aggregates are built on an explicit stack, so a deep or huge reply arriving in many chunks is
 * parsed in one pass: nothing already parsed is looked at again.
 *
 * @example
 * const parser = new ReplyParser();
 * parser.feed(chunk);
 * for (let v = parser.next(); v !== INCOMPLETE; v = parser.next()) resolveNext(v);
 */
import { ReplyError } from "../errors.ts";
import { appendBytes, concat, text } from "./bytes.ts";
import { ProtocolError } from "./request-parser.ts";

export { ProtocolError };

export const INCOMPLETE: unique symbol = Symbol("INCOMPLETE");

/** `=` replies: a bulk with a three-letter format (`txt`, `mkd`). */
export class VerbatimString {
  constructor(
    public readonly format: string,
    public readonly data: Uint8Array,
  ) {}
  toString(): string {
    return text(this.data);
  }
}

export class RespMap {
  constructor(public readonly entries: [RespValue, RespValue][]) {}
}

export class RespSet {
  constructor(public readonly items: RespValue[]) {}
}

/** Out-of-band data (pub/sub messages, invalidations) on a RESP3 connection. */
export class RespPush {
  constructor(public readonly items: RespValue[]) {}
}

export type RespValue =
  | null
  | string
  | Uint8Array
  | number
  | bigint
  | boolean
  | ReplyError
  | VerbatimString
  | RespValue[]
  | RespMap
  | RespSet
  | RespPush;

export interface ReplyParserOptions {
  /** Largest bulk accepted, default 512 MiB (a larger length is a ProtocolError). */
  maxBulkLen?: number;
  /** Receives each attribute map (`|`); without it attributes are dropped. */
  onAttribute?: (attributes: RespMap) => void;
}

const CR = 13;
const LF = 10;
/** Aggregate counts beyond this are garbage, not a reply (Redis never sends 2^32 elements). */
const MAX_COUNT = 2 ** 32;

enum Kind {
  Array,
  Map,
  Set,
  Push,
  Attribute,
}

/** An aggregate being filled: `remaining` more values (two per map entry) to go. */
interface Frame {
  kind: Kind;
  items: RespValue[];
  remaining: number;
}

/** Returned by readOne when it opened an aggregate or finished an attribute: no value yet. */
const NO_VALUE: unique symbol = Symbol("NO_VALUE");

export class ReplyParser {
  private readonly maxBulkLen: number;
  private readonly onAttribute: ((attributes: RespMap) => void) | undefined;

  private buf: Uint8Array = new Uint8Array(0);
  private pos = 0;
  private queue: Uint8Array[] = [];

  private readonly stack: Frame[] = [];

  /** A line split across chunks, copied; and the completed line as `lineSrc[lineStart..lineEnd)`. */
  private line: Uint8Array | null = null;
  private lineLen = 0;
  private lineSrc: Uint8Array = this.buf;
  private lineStart = 0;
  private lineEnd = 0;

  /** A bulk-like value (`$ ! =`) in progress: its type byte (0 when none), length, pieces. */
  private bulkType = 0;
  private bulkLen = 0;
  private parts: Uint8Array[] = [];
  private partsLen = 0;
  private bulkValue: Uint8Array | null = null;
  /** How many bytes of the CRLF after a bulk are still expected (2, 1, 0). */
  private crlf = 0;

  private failure: Error | null = null;

  constructor(opts: ReplyParserOptions = {}) {
    this.maxBulkLen = opts.maxBulkLen ?? 512 * 1024 * 1024;
    this.onAttribute = opts.onAttribute;
  }

  feed(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (this.pos >= this.buf.length && this.queue.length === 0) {
      this.buf = chunk;
      this.pos = 0;
    } else {
      this.queue.push(chunk);
    }
  }

  /** The next complete top-level reply, or INCOMPLETE. Throws ProtocolError on garbage (then always). */
  next(): RespValue | typeof INCOMPLETE {
    if (this.failure !== null) throw this.failure;
    try {
      return this.parse();
    } catch (err) {
      this.failure = err as Error;
      throw err;
    }
  }

  private parse(): RespValue | typeof INCOMPLETE {
    const stack = this.stack;
    for (;;) {
      let value = this.readOne();
      if (value === INCOMPLETE) return INCOMPLETE;
      if (value === NO_VALUE) continue;
      // Hand the value up: it may complete its parent, which may complete its own, and so on.
      for (;;) {
        const top = stack[stack.length - 1];
        if (top === undefined) return value;
        top.items.push(value);
        if (--top.remaining > 0) break;
        stack.pop();
        const built = build(top);
        if (top.kind === Kind.Attribute) {
          this.onAttribute?.(built as RespMap);
          break;
        }
        value = built;
      }
    }
  }

  /** Make the next unread chunk current; false when none is left. */
  private advance(): boolean {
    const chunk = this.queue.shift();
    if (chunk === undefined) return false;
    this.buf = chunk;
    this.pos = 0;
    return true;
  }

  /** One scalar, or the header of an aggregate (pushed on the stack: NO_VALUE), or INCOMPLETE. */
  private readOne(): RespValue | typeof INCOMPLETE | typeof NO_VALUE {
    if (this.bulkType !== 0) return this.readBulk();
    if (!this.readLine()) return INCOMPLETE;
    const src = this.lineSrc;
    const start = this.lineStart + 1;
    const end = this.lineEnd;
    switch (src[this.lineStart]) {
      case 43: // + simple string
        return ascii(src, start, end);
      case 45: // - error
        return new ReplyError(text(src.subarray(start, end)));
      case 58: // : integer
        return integer(src, start, end);
      case 36: // $ bulk
      case 33: // ! blob error
      case 61: {
        // = verbatim
        const type = src[this.lineStart]!;
        const len = integer(src, start, end);
        if (len === -1 && type === 36) return null;
        if (typeof len !== "number" || len < 0 || len > this.maxBulkLen) {
          throw new ProtocolError(`Protocol error: invalid bulk length '${ascii(src, start, end)}'`);
        }
        this.bulkType = type;
        this.bulkLen = len;
        this.crlf = 2;
        return this.readBulk();
      }
      case 42: // * array
        return this.open(Kind.Array, src, start, end);
      case 37: // % map
        return this.open(Kind.Map, src, start, end);
      case 126: // ~ set
        return this.open(Kind.Set, src, start, end);
      case 62: // > push
        return this.open(Kind.Push, src, start, end);
      case 124: // | attribute
        return this.open(Kind.Attribute, src, start, end);
      case 95: // _ null
        if (start !== end) throw new ProtocolError("Protocol error: invalid null");
        return null;
      case 44: // , double
        return double(src, start, end);
      case 35: // # boolean
        if (end - start === 1 && src[start] === 116) return true;
        if (end - start === 1 && src[start] === 102) return false;
        throw new ProtocolError(`Protocol error: invalid boolean '${ascii(src, start, end)}'`);
      case 40: // ( big number
        return bigNumber(src, start, end);
      default: {
        const got = this.lineEnd > this.lineStart ? String.fromCharCode(src[this.lineStart]!) : "\\r";
        throw new ProtocolError(`Protocol error: unexpected reply type '${got}'`);
      }
    }
  }

  /** An aggregate header: push a frame (or return the empty / null value at once). */
  private open(kind: Kind, src: Uint8Array, start: number, end: number): RespValue | typeof NO_VALUE {
    const count = integer(src, start, end);
    if (count === -1 && kind === Kind.Array) return null;
    if (typeof count !== "number" || count < 0 || count > MAX_COUNT) {
      throw new ProtocolError(`Protocol error: invalid aggregate length '${ascii(src, start, end)}'`);
    }
    const frame: Frame = {
      kind,
      items: [],
      remaining: kind === Kind.Map || kind === Kind.Attribute ? 2 * count : count,
    };
    if (frame.remaining > 0) {
      this.stack.push(frame);
      return NO_VALUE;
    }
    const empty = build(frame);
    if (kind !== Kind.Attribute) return empty;
    this.onAttribute?.(empty as RespMap);
    return NO_VALUE;
  }

  /** The bytes of a `$ ! =` value and the CRLF after them (checked, unlike the server side). */
  private readBulk(): RespValue | typeof INCOMPLETE {
    let value = this.bulkValue;
    while (value === null) {
      const pos = this.pos;
      const avail = this.buf.length - pos;
      if (avail === 0) {
        if (!this.advance()) return INCOMPLETE;
        continue;
      }
      const need = this.bulkLen - this.partsLen;
      if (avail < need) {
        this.parts.push(this.buf.subarray(pos));
        this.partsLen += avail;
        this.pos = this.buf.length;
        continue;
      }
      value = this.buf.subarray(pos, pos + need);
      if (this.partsLen > 0) {
        this.parts.push(value);
        value = concat(this.parts, this.bulkLen);
        this.parts = [];
        this.partsLen = 0;
      }
      this.pos = pos + need;
      this.bulkValue = value;
    }
    while (this.crlf > 0) {
      if (this.pos >= this.buf.length && !this.advance()) return INCOMPLETE;
      const expected = this.crlf === 2 ? CR : LF;
      if (this.buf[this.pos] !== expected)
        throw new ProtocolError("Protocol error: bulk not followed by CRLF");
      this.pos++;
      this.crlf--;
    }
    const type = this.bulkType;
    this.bulkType = 0;
    this.bulkValue = null;
    if (type === 36) return value;
    if (type === 33) return new ReplyError(text(value));
    if (value.length < 4 || value[3] !== 58)
      throw new ProtocolError("Protocol error: invalid verbatim string");
    return new VerbatimString(ascii(value, 0, 3), value.subarray(4));
  }

  /**
   * A CRLF-terminated line from the current position; sets lineSrc/lineStart/lineEnd. Returns
   * false when the chunks run out first (the partial line is kept, and scanned only once).
   */
  private readLine(): boolean {
    for (;;) {
      const buf = this.buf;
      const end = buf.length;
      const pos = this.pos;
      if (pos >= end) {
        if (!this.advance()) return false;
        continue;
      }
      const line = this.line;
      if (line !== null && line[this.lineLen - 1] === CR) {
        // The CR ended the previous chunk.
        if (buf[pos] !== LF) throw new ProtocolError("Protocol error: CR not followed by LF");
        this.setLine(line, 0, this.lineLen - 1);
        this.pos = pos + 1;
        return true;
      }
      let i = pos;
      while (i < end && buf[i] !== CR) i++;
      if (i + 1 < end) {
        if (buf[i + 1] !== LF) throw new ProtocolError("Protocol error: CR not followed by LF");
        if (line === null) this.setLine(buf, pos, i);
        else {
          this.append(buf, pos, i);
          this.setLine(this.line!, 0, this.lineLen);
        }
        this.pos = i + 2;
        return true;
      }
      this.append(buf, pos, end);
      this.pos = end;
      if (this.lineLen > this.maxBulkLen) throw new ProtocolError("Protocol error: line too long");
    }
  }

  private setLine(src: Uint8Array, start: number, end: number): void {
    this.lineSrc = src;
    this.lineStart = start;
    this.lineEnd = end;
    this.line = null;
    this.lineLen = 0;
  }

  private append(src: Uint8Array, start: number, end: number): void {
    this.line = appendBytes(this.line, this.lineLen, src, start, end);
    this.lineLen += end - start;
  }
}

function build(frame: Frame): RespValue {
  const items = frame.items;
  switch (frame.kind) {
    case Kind.Array:
      return items;
    case Kind.Set:
      return new RespSet(items);
    case Kind.Push:
      return new RespPush(items);
    default: {
      const entries: [RespValue, RespValue][] = [];
      for (let i = 0; i < items.length; i += 2) entries.push([items[i]!, items[i + 1]!]);
      return new RespMap(entries);
    }
  }
}

/** Simple strings are ASCII in practice: build short ones directly, decode anything else as UTF-8. */
function ascii(src: Uint8Array, start: number, end: number): string {
  if (end - start > 64) return text(src.subarray(start, end));
  let s = "";
  for (let i = start; i < end; i++) {
    const c = src[i]!;
    if (c >= 128) return text(src.subarray(start, end));
    s += String.fromCharCode(c);
  }
  return s;
}

/** `:` and lengths: an optional sign and digits; a bigint beyond 2^53. */
function integer(src: Uint8Array, start: number, end: number): number | bigint {
  let i = start;
  const neg = src[i] === 45;
  if (neg || src[i] === 43) i++;
  if (i >= end || end - i > 19) return invalidInteger(src, start, end);
  let v = 0;
  for (; i < end; i++) {
    const d = src[i]! - 48;
    if (d < 0 || d > 9) return invalidInteger(src, start, end);
    v = v * 10 + d;
  }
  if (v <= Number.MAX_SAFE_INTEGER) return neg ? -v : v;
  return BigInt(ascii(src, start, end));
}

function invalidInteger(src: Uint8Array, start: number, end: number): never {
  throw new ProtocolError(`Protocol error: invalid integer '${ascii(src, start, end)}'`);
}

function bigNumber(src: Uint8Array, start: number, end: number): bigint {
  const s = ascii(src, start, end);
  if (!/^[+-]?\d+$/.test(s)) throw new ProtocolError(`Protocol error: invalid big number '${s}'`);
  return BigInt(s);
}

const DOUBLE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function double(src: Uint8Array, start: number, end: number): number {
  const s = ascii(src, start, end);
  switch (s.toLowerCase()) {
    case "inf":
    case "+inf":
      return Number.POSITIVE_INFINITY;
    case "-inf":
      return Number.NEGATIVE_INFINITY;
    case "nan":
    case "-nan":
      return Number.NaN;
  }
  if (!DOUBLE.test(s)) throw new ProtocolError(`Protocol error: invalid double '${s}'`);
  return Number(s);
}
