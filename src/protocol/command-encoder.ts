/**
 * The command encoder (client side): each command becomes a RESP array of bulk strings,
 * `*<n>\r\n$<len>\r\n<bytes>\r\n...`, appended to one growable buffer so that every command
 * issued in the same tick goes out in a single socket write.
 *
 * Strings are UTF-8. Short ASCII strings (keys, command names, small values: the common case)
 * are copied code unit by code unit with their length known up front; anything longer or
 * non-ASCII goes through `TextEncoder.encodeInto`, straight into the buffer.
 *
 * @example
 * const enc = new CommandEncoder();
 * enc.write(["SET", "k", "v"]);
 * enc.write(["GET", "k"]);
 * socket.write(enc.view()); // both commands, one write
 * enc.reset();
 */
import { ByteBuffer } from "./byte-buffer.ts";

/** One argument of a command: text (sent as UTF-8), raw bytes, or a number (sent as its digits). */
export type CommandArg = string | Uint8Array | number | bigint;

const encoder = new TextEncoder();

/** Below this many code units the JS copy loop beats the call into `encodeInto`. */
const ASCII_LOOP_MAX = 64;

export class CommandEncoder extends ByteBuffer {
  /** Append one command. */
  write(args: readonly CommandArg[]): void {
    this.header(42, args.length); // *
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (typeof a === "string") this.string(a);
      else if (a instanceof Uint8Array) this.bytes(a);
      else if (typeof a === "number" && Number.isSafeInteger(a)) this.integer(a);
      else this.asciiBulk(String(a));
    }
  }

  /** `<prefix><n>\r\n` for a non-negative safe integer n, digits written in place. */
  private header(prefix: number, n: number): void {
    this.ensure(20);
    const buf = this.buf;
    buf[this.len++] = prefix;
    this.digits(n);
    buf[this.len++] = 13;
    buf[this.len++] = 10;
  }

  private bytes(b: Uint8Array): void {
    this.header(36, b.length); // $
    this.ensure(b.length + 2);
    this.buf.set(b, this.len);
    this.len += b.length;
    this.buf[this.len++] = 13;
    this.buf[this.len++] = 10;
  }

  /** An integer argument: `$<digit count>\r\n<digits>\r\n` with no string in between. */
  private integer(n: number): void {
    let count = n < 0 ? 2 : 1;
    for (let x = Math.abs(n); x >= 10; x = Math.floor(x / 10)) count++;
    this.header(36, count);
    this.ensure(count + 2);
    if (n < 0) {
      this.buf[this.len++] = 45; // -
      n = -n;
    }
    this.digits(n);
    this.buf[this.len++] = 13;
    this.buf[this.len++] = 10;
  }

  /** A string known to be ASCII (number and bigint text). */
  private asciiBulk(s: string): void {
    const n = s.length;
    this.header(36, n);
    this.ensure(n + 2);
    const buf = this.buf;
    let at = this.len;
    for (let i = 0; i < n; i++) buf[at++] = s.charCodeAt(i);
    buf[at++] = 13;
    buf[at++] = 10;
    this.len = at;
  }

  private string(s: string): void {
    const n = s.length;
    if (n <= ASCII_LOOP_MAX) {
      // Optimistic: write as ASCII; on the first code unit >= 128 roll back and re-encode.
      const start = this.len;
      this.header(36, n);
      this.ensure(n + 2);
      const buf = this.buf;
      let at = this.len;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 128) break;
        buf[at++] = c;
      }
      if (i === n) {
        buf[at++] = 13;
        buf[at++] = 10;
        this.len = at;
        return;
      }
      this.len = start;
    }
    this.utf8(s);
  }

  /**
   * UTF-8 needs at most 3 bytes per UTF-16 code unit. Encode after room for the longest
   * possible header, then write the real header and slide the bytes down next to it.
   */
  private utf8(s: string): void {
    const max = s.length * 3;
    const room = 3 + String(max).length; // `$` + digits + CRLF
    this.ensure(room + max + 2);
    const start = this.len;
    const { written } = encoder.encodeInto(s, this.buf.subarray(start + room, start + room + max));
    this.header(36, written);
    if (this.len !== start + room) this.buf.copyWithin(this.len, start + room, start + room + written);
    this.len += written;
    this.buf[this.len++] = 13;
    this.buf[this.len++] = 10;
  }
}

/** Encode one command into a fresh array (tests and one-off writes). */
export function encodeCommand(args: readonly CommandArg[]): Uint8Array {
  const enc = new CommandEncoder(256);
  enc.write(args);
  return enc.view().slice();
}
