/**
 * LZF, the compression of strings longer than 20 bytes in RDB payloads (Redis's bundled liblzf
 * 3.6, built with HLOG 16 and VERY_FAST). The compressor follows lzf_c.c step by step — hash,
 * match search, the out-of-space checks — because FUNCTION DUMP must produce the very bytes
 * redis-server produces for the same library, and whether a string is compressed at all
 * depends on those checks.
 *
 * liblzf's hash table is an uninitialised stack array (INIT_HTAB 0); a zeroed one behaves the
 * same, since a stale slot is only ever used after checking it points at equal bytes before the
 * current position (a zero slot points at the input's start, which is never a candidate).
 */

const HLOG = 16;
const HSIZE = 1 << HLOG;
const MAX_LIT = 1 << 5;
const MAX_OFF = 1 << 13;
const MAX_REF = (1 << 8) + (1 << 3);

const htab = new Int32Array(HSIZE);

/** VERY_FAST's IDX(h), with C's unsigned int arithmetic. */
function idx(h: number): number {
  return ((h >>> (3 * 8 - HLOG)) - Math.imul(h, 5)) & (HSIZE - 1);
}

/**
 * lzf_compress: `input` into at most `outLen` bytes, or null when that is not enough (Redis
 * then stores the string as it is).
 */
export function lzfCompress(input: Uint8Array, outLen: number): Uint8Array | null {
  const inLen = input.length;
  if (inLen === 0 || outLen <= 0) return null;
  htab.fill(0);
  const out = new Uint8Array(outLen);
  let ip = 0;
  let op = 0;
  let lit = 0;
  op++; // start run
  let hval = ((input[0]! << 8) | input[1]!) >>> 0;
  while (ip < inLen - 2) {
    hval = ((hval << 8) | input[ip + 2]!) >>> 0;
    const slot = idx(hval);
    const ref = htab[slot]!;
    htab[slot] = ip;
    const off = ip - ref - 1;
    if (
      ref < ip &&
      off < MAX_OFF &&
      ref > 0 &&
      input[ref + 2] === input[ip + 2] &&
      input[ref] === input[ip] &&
      input[ref + 1] === input[ip + 1]
    ) {
      let len = 2;
      let maxlen = inLen - ip - len;
      if (maxlen > MAX_REF) maxlen = MAX_REF;
      if (op + 3 + 1 >= outLen && op - (lit === 0 ? 1 : 0) + 3 + 1 >= outLen) return null;
      out[op - lit - 1] = lit - 1; // stop run
      if (lit === 0) op--; // undo run if length is zero
      let mismatch = false;
      if (maxlen > 16) {
        // lzf_c.c's unrolled block: sixteen steps without the maxlen test.
        for (let k = 0; k < 16; k++) {
          len++;
          if (input[ref + len] !== input[ip + len]) {
            mismatch = true;
            break;
          }
        }
      }
      if (!mismatch) {
        do len++;
        while (len < maxlen && input[ref + len] === input[ip + len]);
      }
      len -= 2; // len is now #octets - 1
      ip++;
      if (len < 7) out[op++] = (off >> 8) + (len << 5);
      else {
        out[op++] = (off >> 8) + (7 << 5);
        out[op++] = len - 7;
      }
      out[op++] = off & 0xff;
      lit = 0;
      op++; // start run
      ip += len + 1;
      if (ip >= inLen - 2) break;
      ip -= 2;
      hval = ((input[ip]! << 8) | input[ip + 1]!) >>> 0;
      hval = ((hval << 8) | input[ip + 2]!) >>> 0;
      htab[idx(hval)] = ip;
      ip++;
      hval = ((hval << 8) | input[ip + 2]!) >>> 0;
      htab[idx(hval)] = ip;
      ip++;
    } else {
      if (op >= outLen) return null;
      lit++;
      out[op++] = input[ip++]!;
      if (lit === MAX_LIT) {
        out[op - lit - 1] = lit - 1;
        lit = 0;
        op++;
      }
    }
  }
  if (op + 3 > outLen) return null;
  while (ip < inLen) {
    lit++;
    out[op++] = input[ip++]!;
    if (lit === MAX_LIT) {
      out[op - lit - 1] = lit - 1;
      lit = 0;
      op++;
    }
  }
  out[op - lit - 1] = lit - 1; // end run
  if (lit === 0) op--;
  return out.subarray(0, op);
}

/** lzf_decompress into exactly `outLen` bytes; null when the data is corrupt or the size differs. */
export function lzfDecompress(input: Uint8Array, outLen: number): Uint8Array | null {
  const out = new Uint8Array(outLen);
  let ip = 0;
  let op = 0;
  while (ip < input.length) {
    let ctrl = input[ip++]!;
    if (ctrl < 1 << 5) {
      ctrl++; // literal run
      if (op + ctrl > outLen || ip + ctrl > input.length) return null;
      out.set(input.subarray(ip, ip + ctrl), op);
      op += ctrl;
      ip += ctrl;
    } else {
      let len = ctrl >> 5;
      let ref = op - ((ctrl & 0x1f) << 8) - 1;
      if (ip >= input.length) return null;
      if (len === 7) {
        len += input[ip++]!;
        if (ip >= input.length) return null;
      }
      ref -= input[ip++]!;
      len += 2;
      if (op + len > outLen || ref < 0) return null;
      // Byte by byte: a reference may overlap the bytes it produces.
      for (let k = 0; k < len; k++) out[op++] = out[ref++]!;
    }
  }
  return op === outLen ? out : null;
}
