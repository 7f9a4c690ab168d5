/**
 * The reply encoder: commands write RESP2 or RESP3 into one growable buffer per connection,
 * and the server sends everything a read produced with a single socket write.
 *
 * Each method writes one RESP value (or an aggregate header followed by that many values).
 * Where RESP2 has no such type the writer emits what Redis emits for RESP2 clients: a map
 * becomes a flat array, a double a bulk string, a boolean an integer, null `$-1` or `*-1`.
 */

import { ByteBuffer } from "./byte-buffer.ts";
import { formatDouble } from "./number-format.ts";

export type Protocol = 2 | 3;

export class ReplyWriter extends ByteBuffer {
  resp: Protocol = 2;

  /** Pre-encoded protocol bytes. */
  raw(bytes: Uint8Array): void {
    const n = bytes.length;
    this.ensure(n);
    // A loop for the short constant replies (+OK, $-1, :1): TypedArray#set costs more than
    // the copy itself, and every SET ends here.
    if (n <= 16) {
      const buf = this.buf;
      const at = this.len;
      for (let i = 0; i < n; i++) buf[at + i] = bytes[i]!;
    } else this.buf.set(bytes, this.len);
    this.len += n;
  }

  /** ASCII text straight into the buffer (no encoder call for the short strings we emit). */
  private ascii(s: string): void {
    const n = s.length;
    this.ensure(n);
    const buf = this.buf;
    let at = this.len;
    for (let i = 0; i < n; i++) buf[at++] = s.charCodeAt(i);
    this.len = at;
  }

  private crlf(): void {
    this.ensure(2);
    this.buf[this.len++] = 13;
    this.buf[this.len++] = 10;
  }

  /** `<prefix><integer>\r\n` with the digits written in place. */
  private line(prefix: number, n: number): void {
    this.ensure(24);
    const buf = this.buf;
    buf[this.len++] = prefix;
    if (n < 0) {
      buf[this.len++] = 45;
      n = -n;
    }
    if (n <= Number.MAX_SAFE_INTEGER) {
      this.digits(n);
    } else {
      this.ascii(String(n));
    }
    buf[this.len++] = 13;
    buf[this.len++] = 10;
  }

  simple(s: string): void {
    this.ensure(s.length + 3);
    this.buf[this.len++] = 43; // +
    this.ascii(s);
    this.crlf();
  }

  ok(): void {
    this.raw(OK);
  }

  /**
   * An error reply; like Redis, newlines inside the message become spaces. A message whose
   * chars are all below 256 is a binary string (user bytes quoted as Redis quotes them, e.g.
   * the unknown-command list) and goes out byte for byte; anything else is text, sent as UTF-8.
   */
  error(message: string): void {
    const clean =
      message.includes("\n") || message.includes("\r") ? message.replace(/[\r\n]/g, " ") : message;
    this.ensure(3);
    this.buf[this.len++] = 45; // -
    if (/[^\u0000-\u00ff]/.test(clean)) this.raw(textEncoder.encode(clean));
    else this.ascii(clean);
    this.crlf();
  }

  integer(n: number | bigint): void {
    if (typeof n === "bigint") {
      this.ensure(1);
      this.buf[this.len++] = 58;
      this.ascii(n.toString());
      this.crlf();
    } else {
      this.line(58, n); // :
    }
  }

  bulk(b: Uint8Array): void {
    this.line(36, b.length); // $
    this.ensure(b.length + 2);
    this.buf.set(b, this.len);
    this.len += b.length;
    this.buf[this.len++] = 13;
    this.buf[this.len++] = 10;
  }

  /** A bulk string from src[start..end) (a value kept in the Db's slabs): no view, no copy first. */
  bulkRange(src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.line(36, n); // $
    this.ensure(n + 2);
    const buf = this.buf;
    let at = this.len;
    if (n <= 64) for (let i = start; i < end; i++) buf[at++] = src[i]!;
    else {
      buf.set(src.subarray(start, end), at);
      at += n;
    }
    buf[at++] = 13;
    buf[at++] = 10;
    this.len = at;
  }

  /** A bulk string from text (UTF-8). */
  bulkString(s: string): void {
    this.bulk(textEncoder.encode(s));
  }

  /** A bulk string from a binary string (a Db key or channel name: one byte per code unit). */
  bulkKey(s: string): void {
    const n = s.length;
    this.line(36, n);
    this.ensure(n + 2);
    const buf = this.buf;
    let at = this.len;
    for (let i = 0; i < n; i++) buf[at++] = s.charCodeAt(i);
    buf[at++] = 13;
    buf[at++] = 10;
    this.len = at;
  }

  /** Null bulk string: `$-1` in RESP2, `_` in RESP3. */
  nil(): void {
    this.raw(this.resp === 3 ? NULL3 : NIL2);
  }

  /** Null array: `*-1` in RESP2, `_` in RESP3. */
  nullArray(): void {
    this.raw(this.resp === 3 ? NULL3 : NULL_ARRAY2);
  }

  array(n: number): void {
    this.line(42, n); // *
  }

  /** A map of n pairs: `%n` in RESP3, a flat array of 2n items in RESP2. */
  map(n: number): void {
    if (this.resp === 3) this.line(37, n);
    else this.line(42, n * 2);
  }

  /** A set: `~n` in RESP3, an array in RESP2. */
  set(n: number): void {
    this.line(this.resp === 3 ? 126 : 42, n);
  }

  /** An out-of-band push: `>n` in RESP3, an array in RESP2 (pub/sub messages). */
  push(n: number): void {
    this.line(this.resp === 3 ? 62 : 42, n);
  }

  /** A double: `,d` in RESP3, a bulk string in RESP2 (Redis's `%.17g` text either way). */
  double(d: number): void {
    const s = formatDouble(d);
    if (this.resp === 3) {
      this.ensure(s.length + 3);
      this.buf[this.len++] = 44; // ,
      this.ascii(s);
      this.crlf();
    } else {
      this.line(36, s.length);
      this.ascii(s);
      this.crlf();
    }
  }

  /** A boolean: `#t`/`#f` in RESP3, `:1`/`:0` in RESP2. */
  bool(b: boolean): void {
    if (this.resp === 3) this.raw(b ? TRUE3 : FALSE3);
    else this.raw(b ? ONE : ZERO);
  }

  /** Verbatim text (INFO, CLIENT INFO, CLIENT LIST): `=len\r\ntxt:...` in RESP3, bulk in RESP2. */
  verbatim(s: string, format = "txt"): void {
    const body = textEncoder.encode(s);
    if (this.resp !== 3) return this.bulk(body);
    this.line(61, body.length + 4); // =
    this.ascii(format);
    this.ensure(1);
    this.buf[this.len++] = 58; // :
    this.raw(body);
    this.crlf();
  }
}

const textEncoder = new TextEncoder();
const enc = (s: string) => textEncoder.encode(s);
export const OK = enc("+OK\r\n");
const NIL2 = enc("$-1\r\n");
const NULL_ARRAY2 = enc("*-1\r\n");
const NULL3 = enc("_\r\n");
const TRUE3 = enc("#t\r\n");
const FALSE3 = enc("#f\r\n");
const ONE = enc(":1\r\n");
const ZERO = enc(":0\r\n");
