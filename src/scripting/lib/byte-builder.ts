/**
 * A growable byte buffer for the Lua libraries' outputs (cjson, cmsgpack, struct, string.format): bytes
 * are written in place and the result handed to Lua without a copy, instead of strings concatenated
 * byte by byte. The growth and `reset` are protocol's ByteBuffer's.
 */
import { ByteBuffer } from "../../protocol/byte-buffer.ts";

export class ByteBuilder extends ByteBuffer {
  constructor(capacity = 64) {
    super(capacity);
  }

  /** Makes room for `n` more bytes (ByteBuffer's doubling growth). */
  reserve(n: number): void {
    this.ensure(n);
  }

  byte(b: number): void {
    if (this.len === this.buf.length) this.reserve(1);
    this.buf[this.len++] = b;
  }

  bytes(src: Uint8Array, from = 0, to = src.length): void {
    const n = to - from;
    this.reserve(n);
    this.buf.set(from === 0 && to === src.length ? src : src.subarray(from, to), this.len);
    this.len += n;
  }

  /** Appends a string of code units 0-255 (ASCII digits, escapes), one byte each. */
  ascii(s: string): void {
    const n = s.length;
    this.reserve(n);
    const buf = this.buf;
    let len = this.len;
    for (let i = 0; i < n; i++) buf[len++] = s.charCodeAt(i);
    this.len = len;
  }

  repeat(b: number, n: number): void {
    if (n <= 0) return;
    this.reserve(n);
    this.buf.fill(b, this.len, this.len + n);
    this.len += n;
  }

  /** The bytes written, as a fresh array the caller owns (the builder can be reset and reused). */
  take(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}
