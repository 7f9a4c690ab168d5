/**
 * Bytes as a binary string (one UTF-16 unit 0-255 per byte), the form keys and members take
 * where they need a JS string. Request arguments are Buffers, whose native `latin1Slice` builds it
 * in one call; plain Uint8Arrays (tests, the in-process client) take a loop.
 */
interface Latin1Sliceable {
  latin1Slice?: (start: number, end: number) => string;
}

/** src[start..end) as a binary string. */
export function binaryString(src: Uint8Array, start: number, end: number): string {
  const slice = (src as unknown as Latin1Sliceable).latin1Slice;
  if (slice !== undefined) return slice.call(src, start, end);
  let s = "";
  for (let i = start; i < end; i++) s += String.fromCharCode(src[i]!);
  return s;
}
