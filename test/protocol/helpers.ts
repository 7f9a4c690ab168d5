/**
 * Shared test helpers for the protocol parsers: byte/string conversion, a seeded PRNG, and the
 * ways of cutting one input into chunks (every split point, byte by byte, random).
 */

/** A binary string (one char per byte) as bytes. */
export function b(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 255;
  return out;
}

/** Bytes as a binary string, so results compare with toEqual and print readably. */
export function s(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += String.fromCharCode(bytes[i]!);
  return out;
}

/** mulberry32: small, fast, and a failure reproduces from its seed. */
export { mulberry32 as prng } from "../support/prng.ts";

/** Each chunk is a fresh copy, as Bun gives each read its own buffer. */
export function cut(input: Uint8Array, points: number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let at = 0;
  for (const p of points) {
    if (p > at && p < input.length) {
      chunks.push(input.slice(at, p));
      at = p;
    }
  }
  chunks.push(input.slice(at));
  return chunks;
}

export function byteByByte(input: Uint8Array): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < input.length; i++) chunks.push(input.slice(i, i + 1));
  return chunks;
}

export function randomCut(input: Uint8Array, rand: () => number, maxPieces = 8): Uint8Array[] {
  const n = Math.floor(rand() * maxPieces);
  const points: number[] = [];
  for (let i = 0; i < n; i++) points.push(Math.floor(rand() * input.length));
  points.sort((x, y) => x - y);
  return cut(input, points);
}
