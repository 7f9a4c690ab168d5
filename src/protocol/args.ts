/**
 * The arguments of one command, as positions in the bytes they arrived in.
 *
 * Why not an array of `Uint8Array` views: in Bun each view costs an object (30–60 ns), and a
 * GET would make three of them only to turn two back into a string and a lookup. Args keeps
 * (source, start, end) per argument in reused typed arrays, so parsing a command allocates
 * nothing, and each command takes exactly what it needs: `key(i)` builds the key string
 * straight from the socket buffer, `copy(i)` copies a value the Db keeps, `bytes(i)` makes a
 * view only where one is wanted.
 *
 * One Args object is reused for every command of a connection: a command must not keep it
 * (or a `bytes(i)` view) beyond its own run. Sources are always `Buffer`s, so `key(i)` can use
 * the native `latin1Slice`.
 */
import { parseInt64 } from "./bytes.ts";

/** Node's Buffer has a native latin1 decoder its typings do not show. */
interface Latin1Slicing {
  latin1Slice(start: number, end: number): string;
}

export class Args {
  /** Number of arguments, the command name included. */
  length = 0;
  /** Per argument: the buffer it lies in, and its bounds there. */
  src: Buffer[] = [];
  starts: Int32Array = new Int32Array(8);
  ends: Int32Array = new Int32Array(8);

  /** Make room for n arguments (the parser calls this before filling them in). */
  reserve(n: number): void {
    if (n <= this.starts.length) return;
    let size = this.starts.length * 2;
    while (size < n) size *= 2;
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    starts.set(this.starts);
    ends.set(this.ends);
    this.starts = starts;
    this.ends = ends;
  }

  /** Fill from separate arrays (commands split across reads, inline commands, tests). */
  setArray(argv: readonly Uint8Array[]): this {
    const n = argv.length;
    this.reserve(n);
    for (let i = 0; i < n; i++) {
      const a = argv[i]!;
      this.src[i] = asBuffer(a);
      this.starts[i] = 0;
      this.ends[i] = a.length;
    }
    this.length = n;
    return this;
  }

  /** Byte length of argument i. */
  len(i: number): number {
    return this.ends[i]! - this.starts[i]!;
  }

  /** A view of argument i (valid while the command runs). */
  bytes(i: number): Uint8Array {
    return this.src[i]!.subarray(this.starts[i]!, this.ends[i]!);
  }

  /** A fresh copy of argument i, for values the Db keeps. */
  copy(i: number): Uint8Array {
    const src = this.src[i]!;
    const start = this.starts[i]!;
    const n = this.ends[i]! - start;
    const out = new Uint8Array(n);
    // A loop beats TypedArray#set + subarray for the short values most commands store.
    if (n <= 64) for (let k = 0; k < n; k++) out[k] = src[start + k]!;
    else out.set(src.subarray(start, start + n));
    return out;
  }

  /** Argument i as a binary string (one char per byte): a key, a channel, a member. */
  key(i: number): string {
    return (this.src[i] as unknown as Latin1Slicing).latin1Slice(this.starts[i]!, this.ends[i]!);
  }

  /** Argument i decoded as UTF-8 text (names, passwords, config values). */
  text(i: number): string {
    return this.src[i]!.toString("utf8", this.starts[i]!, this.ends[i]!);
  }

  /** Argument i in ASCII lower case. */
  lower(i: number): string {
    const src = this.src[i]!;
    const end = this.ends[i]!;
    let s = "";
    for (let k = this.starts[i]!; k < end; k++) {
      let c = src[k]!;
      if (c >= 65 && c <= 90) c += 32;
      s += String.fromCharCode(c);
    }
    return s;
  }

  /** Case-insensitive compare of argument i with a lower-case ASCII word. */
  is(i: number, lower: string): boolean {
    const src = this.src[i]!;
    const start = this.starts[i]!;
    const n = lower.length;
    if (this.ends[i]! - start !== n) return false;
    for (let k = 0; k < n; k++) {
      let c = src[start + k]!;
      if (c >= 65 && c <= 90) c += 32;
      if (c !== lower.charCodeAt(k)) return false;
    }
    return true;
  }

  /** Argument i as a signed 64-bit integer (Redis's string2ll), or null. */
  int64(i: number): number | bigint | null {
    return parseInt64(this.bytes(i));
  }

  /** Views of every argument from `from` on (for the rare commands that want an array). */
  toArray(from = 0): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (let i = from; i < this.length; i++) out.push(this.bytes(i));
    return out;
  }
}

/** A Buffer over the same memory (no copy), so `latin1Slice` is there. */
export function asBuffer(a: Uint8Array): Buffer {
  return a instanceof Buffer ? a : Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}
