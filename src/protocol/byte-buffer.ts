/**
 * A growable byte buffer that is written at its end and handed out as one view: the base of the
 * server's reply writer and the client's command encoder, which both batch many messages into
 * one socket write.
 */
export class ByteBuffer {
  buf: Uint8Array;
  len = 0;

  constructor(initialSize = 16 * 1024) {
    this.buf = new Uint8Array(initialSize);
  }

  /** The bytes written since the last `reset()`: a view, valid until the next write. */
  view(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }

  reset(): void {
    this.len = 0;
    // One huge message should not pin its buffer for the life of the connection.
    if (this.buf.length > 1024 * 1024) this.buf = new Uint8Array(16 * 1024);
  }

  /** Make room for `extra` more bytes (doubling, so appends are amortised O(1)). */
  protected ensure(extra: number): void {
    const need = this.len + extra;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /** A non-negative safe integer's decimal digits, written in place (room already ensured). */
  protected digits(n: number): void {
    const buf = this.buf;
    if (n < 10) {
      buf[this.len++] = 48 + n;
      return;
    }
    let count = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) count++;
    let at = this.len + count;
    this.len = at;
    while (n >= 10) {
      const q = Math.floor(n / 10);
      buf[--at] = 48 + (n - q * 10);
      n = q;
    }
    buf[--at] = 48 + n;
  }
}
