/**
 * Byte helpers shared by the parser, the Db and the commands.
 *
 * Keys and channel names are held as *binary strings*: one UTF-16 code unit per byte, 0–255.
 * That is exact and reversible for any bytes (TextDecoder's "latin1" is really windows-1252 and
 * is not), and engines store such strings compactly (8-bit) and hash them fast.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface Latin1Sliceable {
  latin1Slice?: (start: number, end: number) => string;
}

/**
 * Bytes → binary string. Request arguments are views of the socket's Buffer, whose native
 * `latin1Slice` builds the string in one step; plain Uint8Arrays (tests, the client) take a loop.
 */
export function bytesToKey(b: Uint8Array): string {
  const n = b.length;
  const slice = (b as Latin1Sliceable).latin1Slice;
  if (slice !== undefined) return slice.call(b, 0, n);
  if (n <= 16) {
    let s = "";
    for (let i = 0; i < n; i++) s += String.fromCharCode(b[i]!);
    return s;
  }
  return Buffer.from(b.buffer, b.byteOffset, n).toString("latin1");
}

/** Binary string → bytes (a fresh array). */
export function keyToBytes(s: string): Uint8Array {
  return Buffer.from(s, "latin1");
}

/** Text (UTF-8) → bytes. */
export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

/** Bytes → text (UTF-8, replacement characters for invalid sequences). */
export function text(b: Uint8Array): string {
  return decoder.decode(b);
}

/** ASCII lower-case of a byte string, e.g. for command names and options. */
export function lowerAscii(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) {
    let c = b[i]!;
    if (c >= 65 && c <= 90) c += 32;
    s += String.fromCharCode(c);
  }
  return s;
}

/** Case-insensitive compare of bytes with a lower-case ASCII word, without decoding. */
export function isWord(b: Uint8Array, lower: string): boolean {
  const n = lower.length;
  if (b.length !== n) return false;
  for (let i = 0; i < n; i++) {
    let c = b[i]!;
    if (c >= 65 && c <= 90) c += 32;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/**
 * Redis's `string2ll`: an optional `-`, then digits with no leading zeros, no `+`, no spaces,
 * within the signed 64-bit range. Returns a number when it is exact as one, a bigint beyond
 * 2^53, or null when the bytes are not such an integer.
 */
export function parseInt64(b: Uint8Array): number | bigint | null {
  const n = b.length;
  if (n === 0 || n > 20) return null;
  let i = 0;
  let neg = false;
  if (b[0] === 45) {
    if (n === 1) return null;
    neg = true;
    i = 1;
  }
  if (b[i] === 48) return n === i + 1 && !neg ? 0 : null; // "0" only; no "-0", no "01"
  let v = 0;
  for (let j = i; j < n; j++) {
    const d = b[j]! - 48;
    if (d < 0 || d > 9) return null;
    v = v * 10 + d;
  }
  if (v <= Number.MAX_SAFE_INTEGER) return neg ? -v : v;
  let big = 0n;
  for (let j = i; j < n; j++) big = big * 10n + BigInt(b[j]! - 48);
  if (neg) big = -big;
  if (big > INT64_MAX || big < INT64_MIN) return null;
  return big;
}

/** Like parseInt64 but only for values that fit a JS number exactly (counts, indexes, ms). */
export function parseSafeInt(b: Uint8Array): number | null {
  const v = parseInt64(b);
  return typeof v === "number" ? v : null;
}

export function isInt64(v: bigint): boolean {
  return v <= INT64_MAX && v >= INT64_MIN;
}

/** Concatenate byte arrays into one fresh array. */
export function concat(parts: readonly Uint8Array[], total?: number): Uint8Array {
  let size = total ?? 0;
  if (total === undefined) for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Append src[start..end) to a growable byte buffer holding `len` bytes; returns the buffer to
 * keep (a new, larger one when it had to grow). Both parsers keep a header line split across
 * reads this way.
 */
export function appendBytes(
  buf: Uint8Array | null,
  len: number,
  src: Uint8Array,
  start: number,
  end: number,
): Uint8Array {
  const need = len + (end - start);
  if (buf === null || need > buf.length) {
    const grown = new Uint8Array(Math.max(need, 2 * (buf?.length ?? 0), 64));
    if (buf !== null) grown.set(buf.subarray(0, len));
    buf = grown;
  }
  buf.set(src.subarray(start, end), len);
  return buf;
}
