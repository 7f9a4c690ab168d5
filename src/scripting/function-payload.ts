/**
 * The FUNCTION DUMP / FUNCTION RESTORE payload, in Redis 7.0's RDB encoding: for each library
 * the opcode RDB_OPCODE_FUNCTION2 (245) and its code as an RDB string (LZF-compressed past 20
 * bytes, as redis-server saves with `rdbcompression yes`), then the RDB version (10, two bytes
 * little-endian) and the CRC-64 of everything before it (eight bytes little-endian).
 *
 * Reading follows rdbLoadType / rdbGenericLoadStringObject over the whole buffer, footer
 * included, as Redis's rio does: a string whose length runs into the footer is read from it.
 */
import { crc64 } from "./crc64.ts";
import { lzfCompress, lzfDecompress } from "./lzf.ts";

/** RDB_VERSION of Redis 7.0. */
export const RDB_VERSION = 10;
export const OPCODE_FUNCTION2 = 245;
export const OPCODE_FUNCTION_PRE_GA = 246;

const RDB_6BITLEN = 0;
const RDB_14BITLEN = 1;
const RDB_32BITLEN = 0x80;
const RDB_64BITLEN = 0x81;
const RDB_ENCVAL = 3;
const RDB_ENC_INT8 = 0;
const RDB_ENC_INT16 = 1;
const RDB_ENC_INT32 = 2;
const RDB_ENC_LZF = 3;

class ByteSink {
  buf = new Uint8Array(256);
  len = 0;

  reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  byte(b: number): void {
    this.reserve(1);
    this.buf[this.len++] = b;
  }

  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /** rdbSaveLen. */
  length(n: number): void {
    if (n < 1 << 6) this.byte((RDB_6BITLEN << 6) | n);
    else if (n < 1 << 14) {
      this.byte((RDB_14BITLEN << 6) | (n >> 8));
      this.byte(n & 0xff);
    } else if (n <= 0xffffffff) {
      this.byte(RDB_32BITLEN);
      this.byte((n >>> 24) & 0xff);
      this.byte((n >>> 16) & 0xff);
      this.byte((n >>> 8) & 0xff);
      this.byte(n & 0xff);
    } else {
      this.byte(RDB_64BITLEN);
      const big = BigInt(n);
      for (let shift = 56n; shift >= 0n; shift -= 8n) this.byte(Number((big >> shift) & 0xffn));
    }
  }

  /**
   * rdbSaveRawString for a library's code. Redis first tries the integer encodings for strings
   * of up to 11 bytes; code always starts with "#!", so never an integer.
   */
  string(s: Uint8Array): void {
    if (s.length > 20) {
      // rdbSaveLzfStringObject: only worth it when it saves at least four bytes.
      const packed = lzfCompress(s, s.length - 4);
      if (packed !== null) {
        this.byte((RDB_ENCVAL << 6) | RDB_ENC_LZF);
        this.length(packed.length);
        this.length(s.length);
        this.bytes(packed);
        return;
      }
    }
    this.length(s.length);
    this.bytes(s);
  }
}

/** FUNCTION DUMP's payload for these library codes. */
export function encodeFunctionPayload(codes: Iterable<Uint8Array>): Uint8Array {
  const out = new ByteSink();
  for (const code of codes) {
    out.byte(OPCODE_FUNCTION2);
    out.string(code);
  }
  out.byte(RDB_VERSION & 0xff);
  out.byte((RDB_VERSION >> 8) & 0xff);
  let crc = crc64(out.buf, 0, out.len);
  out.reserve(8);
  for (let i = 0; i < 8; i++) {
    out.buf[out.len++] = Number(crc & 0xffn);
    crc >>= 8n;
  }
  return out.buf.slice(0, out.len);
}

/** verifyDumpPayload: a known RDB version and a matching CRC-64. */
export function verifyPayload(p: Uint8Array): boolean {
  if (p.length < 10) return false;
  const footer = p.length - 10;
  const version = p[footer]! | (p[footer + 1]! << 8);
  if (version > RDB_VERSION) return false;
  let crc = crc64(p, 0, p.length - 8);
  for (let i = 0; i < 8; i++) {
    if (p[footer + 2 + i] !== Number(crc & 0xffn)) return false;
    crc >>= 8n;
  }
  return true;
}

/** A cursor over a payload (Redis's rio over a buffer). */
export class PayloadReader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}

  /** Bytes left before the 10-byte footer (FUNCTION RESTORE reads while this is positive). */
  get bodyLeft(): number {
    return this.buf.length - this.pos - 10;
  }

  /** rdbLoadType: one byte, or -1 past the end. */
  type(): number {
    if (this.pos >= this.buf.length) return -1;
    return this.buf[this.pos++]!;
  }

  private take(n: number): Uint8Array | null {
    if (this.pos + n > this.buf.length) return null;
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  /** rdbLoadLenByRef: the length, or the encoding type when `encoded.is`; null on a short read. */
  length(encoded: { is: boolean } = { is: false }): number | null {
    encoded.is = false;
    const first = this.take(1);
    if (first === null) return null;
    const b = first[0]!;
    const kind = (b & 0xc0) >> 6;
    if (kind === RDB_ENCVAL) {
      encoded.is = true;
      return b & 0x3f;
    }
    if (kind === RDB_6BITLEN) return b & 0x3f;
    if (kind === RDB_14BITLEN) {
      const next = this.take(1);
      return next === null ? null : ((b & 0x3f) << 8) | next[0]!;
    }
    if (b === RDB_32BITLEN) {
      const v = this.take(4);
      return v === null ? null : ((v[0]! << 24) | (v[1]! << 16) | (v[2]! << 8) | v[3]!) >>> 0;
    }
    if (b === RDB_64BITLEN) {
      const v = this.take(8);
      if (v === null) return null;
      let n = 0n;
      for (const x of v) n = (n << 8n) | BigInt(x);
      // No payload this large can follow: reading it fails as Redis's read would.
      return n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(n);
    }
    return null; // Redis: "Unknown length encoding in rdbLoadLen()"
  }

  /** rdbGenericLoadStringObject: the string's bytes, or null. */
  string(): Uint8Array | null {
    const encoded = { is: false };
    const len = this.length(encoded);
    if (len === null) return null;
    if (!encoded.is) {
      const b = this.take(len);
      return b === null ? null : b.slice();
    }
    switch (len) {
      case RDB_ENC_INT8:
      case RDB_ENC_INT16:
      case RDB_ENC_INT32: {
        const size = len === RDB_ENC_INT8 ? 1 : len === RDB_ENC_INT16 ? 2 : 4;
        const v = this.take(size);
        if (v === null) return null;
        let n: number;
        if (size === 1) n = (v[0]! << 24) >> 24;
        else if (size === 2) n = ((v[0]! | (v[1]! << 8)) << 16) >> 16;
        else n = v[0]! | (v[1]! << 8) | (v[2]! << 16) | (v[3]! << 24);
        return new TextEncoder().encode(String(n));
      }
      case RDB_ENC_LZF: {
        const clen = this.length(encoded);
        if (clen === null) return null;
        const ulen = this.length(encoded);
        if (ulen === null) return null;
        const packed = this.take(clen);
        if (packed === null) return null;
        // liblzf answers 0 for corrupt data, which Redis 7.0 takes for a good empty string.
        if (ulen === 0) return new Uint8Array(0);
        // Redis: "Invalid LZF compressed string" unless it inflates to exactly ulen bytes.
        return lzfDecompress(packed, ulen);
      }
      default:
        return null; // "Unknown RDB string encoding type"
    }
  }
}
