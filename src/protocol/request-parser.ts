/**
 * The server's request parser: turns the bytes a client sends into one `argv` per command,
 * accepting and rejecting exactly what Redis 7.0 does (networking.c, processMultibulkBuffer and
 * processInlineBuffer), including its quirks:
 *
 * - A header line (`*N`, `$N`) ends at the first CR that has one more byte after it; that byte
 *   is skipped without checking it is LF. Likewise the two bytes after a bulk payload.
 * - Lines are found with `strchr`, which stops at a NUL byte: a NUL before the line's terminator
 *   means the terminator is never found, and the client is cut off once 64 KiB are buffered.
 * - Inline commands are split like `sdssplitargs` (quotes, escapes, `\v`/`\f` quirks).
 *
 * Hot path: a multibulk command that lies inside one chunk is parsed by `fastMultibulk` in one
 * pass over the bytes, with one array and one `subarray` per argument. Anything else (a command
 * split across chunks, inline commands, anything unusual or invalid) goes through the general
 * state machine, which keeps what it has parsed so far, so a large command arriving in many chunks
 * is never re-scanned and a big bulk is concatenated once, when its last byte has arrived.
 *
 * @example
 * const parser = new RequestParser({ maxBulkLen: 512 * 1024 * 1024, maxQueryBuffer: 1024 ** 3 });
 * parser.authenticated = true; // no password configured
 * parser.feed(chunk);
 * for (let argv = parser.next(); argv !== null; argv = parser.next()) run(argv);
 */
import { PROTOCOL } from "../errors.ts";
import { Args, asBuffer } from "./args.ts";
import { appendBytes, concat } from "./bytes.ts";

export interface RequestLimits {
  /** proto-max-bulk-len, default 512 * 1024 * 1024 */
  maxBulkLen: number;
  /** client-query-buffer-limit, default 1024 * 1024 * 1024 */
  maxQueryBuffer: number;
}

/** A malformed request; the message is the exact error reply Redis sends before closing. */
export class ProtocolError extends Error {
  override name = "ProtocolError";
}

/** The client buffered more than client-query-buffer-limit: Redis closes without a reply. */
export class QueryBufferLimitError extends Error {
  override name = "QueryBufferLimitError";
}

/** PROTO_INLINE_MAX_SIZE: the longest header or inline line without its terminator. */
const INLINE_MAX = 64 * 1024;
const INT_MAX = 2147483647;
/** Limits for clients that still have to AUTH (Redis 7, CVE-2021-32675). */
const UNAUTH_MAX_ARGS = 10;
const UNAUTH_MAX_BULK = 16384;
/** Smallest possible bulk (`$0\r\n\r\n`): bounds the argv a header may make us allocate. */
const MIN_BULK_BYTES = 6;

const NUL = 0;
const LF = 10;
const CR = 13;
const STAR = 42;
const DOLLAR = 36;

enum State {
  /** Between commands. */
  Start,
  /** Reading the `*N` line. */
  MbulkLine,
  /** Reading a `$N` line. */
  BulkLine,
  /** Reading a bulk's bytes. */
  Payload,
  /** Skipping the two (unchecked) bytes after a bulk. */
  Skip,
  /** Reading an inline command line. */
  InlineLine,
  /** A NUL hid the line's terminator: count bytes until the 64 KiB limit cuts the client off. */
  Stuck,
}

const EMPTY: Uint8Array[] = [];

export class RequestParser {
  /**
   * Updated by the connection when the client authenticates (or set at once when no password is
   * required): until then Redis's tighter limits apply (more than 10 arguments ->
   * "unauthenticated multibulk length", a bulk over 16384 bytes -> "unauthenticated bulk length").
   */
  authenticated = false;

  /** Read at every check, so a CONFIG SET applies to connections already open (as in Redis). */
  private readonly limits: RequestLimits;

  /** The chunk being parsed and the position in it; `queue` holds chunks fed ahead of parsing. */
  private buf: Uint8Array = new Uint8Array(0);
  private pos = 0;
  private queue: Uint8Array[] = [];
  private queued = 0;

  private state = State.Start;
  /** Bytes of the incomplete command in chunks already left behind. */
  private held = 0;
  /** Where the incomplete command starts in `buf` (0 when it started in an earlier chunk). */
  private mark = 0;

  /** The command being assembled by the state machine, and how many bulks it still expects. */
  private argv: Uint8Array[] = EMPTY;
  private remaining = 0;
  private bulkLen = 0;
  /** Pieces of a bulk that straddles chunks (views), concatenated once it is complete. */
  private parts: Uint8Array[] = [];
  private partsLen = 0;
  private skip = 0;

  /** A header or inline line split across chunks, copied (lines are at most 64 KiB + a chunk). */
  private line: Uint8Array | null = null;
  private lineLen = 0;
  /** The line just completed, as `lineSrc[lineStart..lineEnd)` (terminator excluded). */
  private lineSrc: Uint8Array = this.buf;
  private lineStart = 0;
  private lineEnd = 0;

  private stuckBytes = 0;
  private stuckError = "";
  private failure: Error | null = null;

  /** Where `next()` lets the fast path write before turning it into views. */
  private readonly scratch = new Args();

  constructor(limits: RequestLimits) {
    this.limits = limits;
  }

  /** Bytes held for the incomplete command (for CLIENT LIST qbuf and the query-buffer limit). */
  get pending(): number {
    return this.held + (this.buf.length - this.mark) + this.queued;
  }

  /** Hand over the next chunk read from the socket. It must stay unchanged: views into it are returned. */
  feed(input: Uint8Array): void {
    if (input.length === 0) return;
    // Bun hands sockets' data over as Buffers; anything else is wrapped (no copy) so that
    // Args.key can use Buffer's native latin1Slice.
    const chunk = asBuffer(input);
    if (this.pos >= this.buf.length && this.queue.length === 0) {
      this.held += this.buf.length - this.mark;
      this.buf = chunk;
      this.pos = 0;
      this.mark = 0;
    } else {
      this.queue.push(chunk);
      this.queued += chunk.length;
    }
  }

  /**
   * The next complete command as argv (views into the chunks), or null when more bytes are needed.
   * Throws ProtocolError / QueryBufferLimitError; after a throw every call throws the same error.
   */
  next(): Uint8Array[] | null {
    if (this.failure !== null) throw this.failure;
    try {
      return this.parse();
    } catch (err) {
      this.failure = err as Error;
      throw err;
    }
  }

  private parse(): Uint8Array[] | null {
    for (;;) {
      if (this.pos >= this.buf.length) {
        if (this.queue.length === 0) {
          if (this.pending > this.limits.maxQueryBuffer) {
            throw new QueryBufferLimitError(`query buffer of ${this.pending} bytes exceeds the limit`);
          }
          return null;
        }
        const chunk = this.queue.shift()!;
        this.queued -= chunk.length;
        this.held += this.buf.length - this.mark;
        this.buf = chunk;
        this.pos = 0;
        this.mark = 0;
      }
      switch (this.state) {
        case State.Start:
          if (this.buf[this.pos] === STAR) {
            if (this.fastMultibulk(this.scratch)) return this.scratch.toArray();
            this.state = State.MbulkLine;
          } else {
            this.state = State.InlineLine;
          }
          break;
        case State.MbulkLine:
          if (!this.headerLine(PROTOCOL.tooBigMbulkCount)) break;
          this.startMultibulk();
          break;
        case State.BulkLine:
          if (!this.headerLine(PROTOCOL.tooBigBulkCount)) break;
          this.startBulk();
          break;
        case State.Payload:
          this.payload();
          break;
        case State.Skip: {
          const n = Math.min(this.skip, this.buf.length - this.pos);
          this.pos += n;
          this.skip -= n;
          if (this.skip > 0) break;
          if (--this.remaining > 0) {
            this.state = State.BulkLine;
            break;
          }
          const argv = this.argv;
          this.argv = EMPTY;
          this.done();
          return argv;
        }
        case State.InlineLine: {
          if (!this.inlineLine()) break;
          const argv = splitInline(this.lineSrc, this.lineStart, this.lineEnd);
          if (argv === null) throw new ProtocolError(PROTOCOL.unbalancedQuotes);
          this.done();
          if (argv.length > 0) return argv; // an empty line is no command
          break;
        }
        case State.Stuck:
          this.stuckBytes += this.buf.length - this.pos;
          this.pos = this.buf.length;
          if (this.stuckBytes > INLINE_MAX) throw new ProtocolError(this.stuckError);
          break;
      }
    }
  }

  /** Back to Start after a command (or a skipped one): nothing of it is held any more. */
  private done(): void {
    this.state = State.Start;
    this.held = 0;
    this.mark = this.pos;
  }

  /**
   * The next complete command into `args` (reused by the caller), or false when more bytes
   * are needed. This is what the server calls: a command inside one chunk is read as positions,
   * with no allocation at all. Throws like `next()`.
   */
  nextInto(args: Args): boolean {
    if (this.failure !== null) throw this.failure;
    if (
      this.state === State.Start &&
      this.pos < this.buf.length &&
      this.buf[this.pos] === STAR &&
      this.fastMultibulk(args)
    ) {
      return true;
    }
    const argv = this.next();
    if (argv === null) return false;
    args.setArray(argv);
    return true;
  }

  /**
   * A whole multibulk command inside the current chunk, in one pass with local variables, into
   * `args`; false (having changed nothing) when the command is incomplete here or has anything
   * unusual or invalid, so that the state machine, which is the reference, takes it from the start.
   */
  private fastMultibulk(args: Args): boolean {
    const buf = this.buf as Buffer;
    const end = buf.length;
    let p = this.pos + 1;
    if (p >= end) return false;
    let c = buf[p]!;
    if (!(c >= 49 && c <= 57)) return false;
    let n = c - 48;
    // Bounds are checked before every read: reading past a typed array's end is legal JS but
    // sends JSC's JIT to a slow path.
    for (p++; p < end; p++) {
      c = buf[p]!;
      if (c < 48 || c > 57) break;
      n = n * 10 + c - 48;
    }
    if (p + 1 >= end || buf[p] !== CR) return false;
    p += 2;
    if (n > UNAUTH_MAX_ARGS && !this.authenticated) return false;
    if (n * MIN_BULK_BYTES > end - p) return false; // cannot be complete here (and bounds the reserve)
    // Anything over a limit goes to the state machine, which gives the exact error.
    const limits = this.limits;
    const maxLen = Math.min(
      this.authenticated ? limits.maxBulkLen : Math.min(limits.maxBulkLen, UNAUTH_MAX_BULK),
      limits.maxQueryBuffer,
    );
    args.reserve(n);
    const src = args.src;
    const starts = args.starts;
    const ends = args.ends;
    for (let k = 0; k < n; k++) {
      if (p + 3 >= end || buf[p] !== DOLLAR) return false;
      c = buf[++p]!;
      let len: number;
      if (c >= 49 && c <= 57) {
        len = c - 48;
        for (p++; p < end; p++) {
          c = buf[p]!;
          if (c < 48 || c > 57) break;
          len = len * 10 + c - 48;
        }
      } else if (c === 48) {
        len = 0;
        p++;
      } else {
        return false;
      }
      if (p + 1 >= end || buf[p] !== CR || len > maxLen) return false;
      p += 2;
      const stop = p + len;
      if (stop + 2 > end) return false;
      src[k] = buf;
      starts[k] = p;
      ends[k] = stop;
      p = stop + 2;
    }
    args.length = n;
    this.pos = p;
    this.mark = p;
    return true;
  }

  /** After the `*N` line: validate the count like Redis, then expect N bulks. */
  private startMultibulk(): void {
    const count = lineInteger(this.lineSrc, this.lineStart + 1, this.lineEnd);
    if (Number.isNaN(count) || count > INT_MAX) throw new ProtocolError(PROTOCOL.invalidMbulkLength);
    if (count > UNAUTH_MAX_ARGS && !this.authenticated) throw new ProtocolError(PROTOCOL.unauthMbulkLength);
    if (count <= 0) {
      this.done(); // `*0` and `*-1` are no command
      return;
    }
    this.remaining = count;
    this.argv = [];
    this.state = State.BulkLine;
  }

  /** After a `$N` line: validate the length like Redis, then read that many bytes. */
  private startBulk(): void {
    const src = this.lineSrc;
    const start = this.lineStart;
    // An empty line means its first byte was the CR itself.
    const type = start < this.lineEnd ? src[start]! : CR;
    if (type !== DOLLAR) {
      // Redis's error replies turn CR and LF into spaces.
      const got = type === CR || type === LF ? " " : String.fromCharCode(type);
      throw new ProtocolError(PROTOCOL.expectedDollar(got));
    }
    const len = lineInteger(src, start + 1, this.lineEnd);
    if (Number.isNaN(len) || len < 0 || len > this.limits.maxBulkLen) {
      throw new ProtocolError(PROTOCOL.invalidBulkLength);
    }
    if (len > UNAUTH_MAX_BULK && !this.authenticated) throw new ProtocolError(PROTOCOL.unauthBulkLength);
    // One argument is held whole before it runs, so one larger than the query-buffer limit can
    // never be accepted, however the bytes are split into reads (Redis closes such a client).
    if (len > this.limits.maxQueryBuffer) {
      throw new QueryBufferLimitError(`a ${len}-byte argument exceeds the query buffer limit`);
    }
    this.bulkLen = len;
    this.state = State.Payload;
  }

  /** A bulk's bytes: a view when they lie in one chunk, else pieces joined once complete. */
  private payload(): void {
    const buf = this.buf;
    const pos = this.pos;
    const need = this.bulkLen - this.partsLen;
    const avail = buf.length - pos;
    if (avail < need) {
      this.parts.push(buf.subarray(pos));
      this.partsLen += avail;
      this.pos = buf.length;
      return;
    }
    let arg = buf.subarray(pos, pos + need);
    if (this.partsLen > 0) {
      this.parts.push(arg);
      arg = concat(this.parts, this.bulkLen);
      this.parts = [];
      this.partsLen = 0;
    }
    this.argv.push(arg);
    this.pos = pos + need;
    this.skip = 2;
    this.state = State.Skip;
  }

  /**
   * A header line: up to the first CR that has a byte after it (that byte is skipped unchecked).
   * Sets lineSrc/lineStart/lineEnd and returns true, or returns false having consumed the chunk.
   */
  private headerLine(tooBig: string): boolean {
    const buf = this.buf;
    const end = buf.length;
    const pos = this.pos;
    const line = this.line;
    if (line !== null && line[this.lineLen - 1] === CR) {
      // The CR ended the previous chunk: this chunk's first byte completes the line.
      this.setLine(line, 0, this.lineLen - 1);
      this.pos = pos + 1;
      return true;
    }
    let i = pos;
    while (i < end && buf[i] !== CR && buf[i] !== NUL) i++;
    if (i < end && buf[i] === NUL) {
      this.beStuck(tooBig);
      return false;
    }
    if (i + 1 < end) {
      if (line === null) this.setLine(buf, pos, i);
      else {
        this.appendLine(buf, pos, i);
        this.setLine(this.line!, 0, this.lineLen);
      }
      this.pos = i + 2;
      return true;
    }
    this.appendLine(buf, pos, end);
    this.pos = end;
    // Redis gives up only when there is no CR at all (a CR as the last byte just waits).
    if (i === end && this.lineLen > INLINE_MAX) throw new ProtocolError(tooBig);
    return false;
  }

  /** An inline line: up to LF, without a CR just before it. Same contract as headerLine. */
  private inlineLine(): boolean {
    const buf = this.buf;
    const end = buf.length;
    const pos = this.pos;
    let i = pos;
    while (i < end && buf[i] !== LF && buf[i] !== NUL) i++;
    if (i === end) {
      this.appendLine(buf, pos, end);
      this.pos = end;
      if (this.lineLen > INLINE_MAX) throw new ProtocolError(PROTOCOL.tooBigInline);
      return false;
    }
    if (buf[i] === NUL) {
      this.beStuck(PROTOCOL.tooBigInline);
      return false;
    }
    if (this.line === null) this.setLine(buf, pos, i);
    else {
      this.appendLine(buf, pos, i);
      this.setLine(this.line, 0, this.lineLen);
    }
    if (this.lineEnd > this.lineStart && this.lineSrc[this.lineEnd - 1] === CR) this.lineEnd--;
    this.pos = i + 1;
    return true;
  }

  private setLine(src: Uint8Array, start: number, end: number): void {
    this.lineSrc = src;
    this.lineStart = start;
    this.lineEnd = end;
    // A finished accumulator now belongs to the returned argv (inline args are views into it).
    this.line = null;
    this.lineLen = 0;
  }

  private appendLine(src: Uint8Array, start: number, end: number): void {
    if (end === start) return;
    this.line = appendBytes(this.line, this.lineLen, src, start, end);
    this.lineLen += end - start;
  }

  /** A NUL hides the line's terminator for good (strchr stops there): wait for the limit. */
  private beStuck(error: string): void {
    const end = this.buf.length;
    this.stuckBytes = this.lineLen + (end - this.pos);
    this.stuckError = error;
    this.line = null;
    this.lineLen = 0;
    this.pos = end;
    this.state = State.Stuck;
    if (this.stuckBytes > INLINE_MAX) throw new ProtocolError(error);
  }
}

/**
 * Redis's string2ll over `src[start..end)`, as a number: NaN when invalid. Values beyond 2^53 lose
 * precision but keep their sign and size, which is all the limit checks need.
 */
export function lineInteger(src: Uint8Array, start: number, end: number): number {
  const len = end - start;
  if (len === 0 || len > 20) return Number.NaN;
  let i = start;
  let neg = false;
  if (src[i] === 45) {
    neg = true;
    if (++i === end) return Number.NaN;
  }
  const first = src[i]!;
  if (first === 48) return i + 1 === end && !neg ? 0 : Number.NaN; // "0" only; no "-0", no "01"
  let v = 0;
  for (; i < end; i++) {
    const d = src[i]! - 48;
    if (d < 0 || d > 9) return Number.NaN;
    v = v * 10 + d;
  }
  if (v < 1e18) return neg ? -v : v;
  // 19 or 20 digits: check the signed 64-bit range exactly.
  let exact = 0n;
  for (let j = neg ? start + 1 : start; j < end; j++) exact = exact * 10n + BigInt(src[j]! - 48);
  if (neg ? exact > 9223372036854775808n : exact > 9223372036854775807n) return Number.NaN;
  return neg ? -v : v;
}

/** C isspace() in the C locale: space, \t, \n, \v, \f, \r. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function hexValue(c: number): number {
  return c <= 57 ? c - 48 : (c | 32) - 87;
}

/**
 * Redis's sdssplitargs over `src[start..end)` (which holds no NUL and no LF before its end):
 * args separated by whitespace, "double quotes" with \n \r \t \b \a \xHH and \<any> escapes,
 * 'single quotes' with \' only; a quote may also open in the middle of a word. Returns null on
 * unbalanced quotes or a closing quote not followed by whitespace. Unquoted words are views.
 */
export function splitInline(src: Uint8Array, start: number, end: number): Uint8Array[] | null {
  const args: Uint8Array[] = [];
  let p = start;
  for (;;) {
    while (p < end && isSpace(src[p]!)) p++;
    if (p >= end) return args;
    const wordStart = p;
    let bytes: number[] | null = null; // set once the word has quotes, so it is rebuilt
    let inDouble = false;
    let inSingle = false;
    for (;;) {
      if (inDouble) {
        if (p >= end) return null;
        const c = src[p]!;
        if (c === 92 && p + 3 < end && src[p + 1] === 120 && isHex(src[p + 2]!) && isHex(src[p + 3]!)) {
          bytes!.push(hexValue(src[p + 2]!) * 16 + hexValue(src[p + 3]!));
          p += 4;
        } else if (c === 92 && p + 1 < end) {
          const e = src[p + 1]!;
          bytes!.push(e === 110 ? 10 : e === 114 ? 13 : e === 116 ? 9 : e === 98 ? 8 : e === 97 ? 7 : e);
          p += 2;
        } else if (c === 34) {
          if (p + 1 < end && !isSpace(src[p + 1]!)) return null;
          p++;
          break;
        } else {
          bytes!.push(c);
          p++;
        }
      } else if (inSingle) {
        if (p >= end) return null;
        const c = src[p]!;
        if (c === 92 && p + 1 < end && src[p + 1] === 39) {
          bytes!.push(39);
          p += 2;
        } else if (c === 39) {
          if (p + 1 < end && !isSpace(src[p + 1]!)) return null;
          p++;
          break;
        } else {
          bytes!.push(c);
          p++;
        }
      } else {
        // Unquoted: only space, \n, \r, \t end a word (not \v or \f, unlike the blanks skipped above).
        const c = p < end ? src[p]! : 0;
        if (p >= end || c === 32 || c === 10 || c === 13 || c === 9) break;
        if (c === 34 || c === 39) {
          // A quote opens even mid-word (`ab"c d"` is one arg `abc d`); the word ends when it closes.
          bytes = Array.from(src.subarray(wordStart, p));
          if (c === 34) inDouble = true;
          else inSingle = true;
        }
        p++;
      }
    }
    args.push(bytes === null ? src.subarray(wordStart, p) : Uint8Array.from(bytes));
  }
}
