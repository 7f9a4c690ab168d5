/**
 * Redis's CRC-64 (crc64.c: the Jones polynomial 0xad93d23594c935a9, reflected, initial value
 * 0, no final xor), the checksum at the end of every DUMP / FUNCTION DUMP payload and RDB file.
 *
 * The 64-bit state is kept as two 32-bit halves so the loop runs on small integers: a BigInt per
 * byte would cost an allocation each.
 *
 * @example
 * crc64(new TextEncoder().encode("123456789")); // 0xe9c6d914c4b8d9can
 */

const TABLE_LO = new Uint32Array(256);
const TABLE_HI = new Uint32Array(256);
{
  // The polynomial with its bits reversed, as a reflected CRC shifts right.
  const POLY = 0x95ac9329ac4bc9b5n;
  for (let n = 0; n < 256; n++) {
    let crc = BigInt(n);
    for (let k = 0; k < 8; k++) crc = crc & 1n ? (crc >> 1n) ^ POLY : crc >> 1n;
    TABLE_LO[n] = Number(crc & 0xffffffffn);
    TABLE_HI[n] = Number(crc >> 32n);
  }
}

/** CRC-64 of `data[start..end)`, continuing from `crc` (0 to start). */
export function crc64(data: Uint8Array, start = 0, end = data.length, crc = 0n): bigint {
  let lo = Number(crc & 0xffffffffn) >>> 0;
  let hi = Number((crc >> 32n) & 0xffffffffn) >>> 0;
  for (let i = start; i < end; i++) {
    const idx = (lo ^ data[i]!) & 0xff;
    const nlo = ((lo >>> 8) | ((hi & 0xff) << 24)) >>> 0;
    lo = (nlo ^ TABLE_LO[idx]!) >>> 0;
    hi = ((hi >>> 8) ^ TABLE_HI[idx]!) >>> 0;
  }
  return (BigInt(hi) << 32n) | BigInt(lo);
}
