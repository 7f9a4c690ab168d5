/**
 * How fengari keys a Lua string in a table, replaced (patched into fengari's lstring module by
 * applyLua51Core, before the modules that import from it are loaded).
 *
 * fengari stores table entries in a JS Map keyed by `luaS_hash(bytes)`, cached on the string
 * object: "|" followed by every byte in hex, unpadded. Built one `toString(16)` at a time, it was
 * the hottest function of a BullMQ workload (every string a script receives from KEYS, ARGV or a
 * reply is hashed when it is first used as a key), and it is ambiguous: "\1#" (01 23) and
 * "\18\3" (12 03) both give "|123", so a table would take them for the same key. The VM also
 * orders strings (`<`, table.sort) by comparing these keys, so "\t" (|9) sorted after "A" (|41).
 *
 * Here the key is "|" followed by the bytes as Latin-1 characters, decoded natively from a
 * scratch Buffer: one character per byte, so it is injective, and JS compares strings by code
 * unit, so ordering keys orders the bytes as Lua's strcmp does. The "|" keeps the key apart
 * from fengari's other string keys (light userdata: "*", "#", "?").
 */

/** Node's Buffer has a native Latin-1 decoder its typings do not show. */
interface Latin1Slicing {
  latin1Slice(start: number, end: number): string;
}

interface TString {
  hash: string | null;
  realstring: Uint8Array;
}

/** Reused for strings up to SCRATCH_MAX bytes; a longer one gets a buffer of its own. */
const SCRATCH_MAX = 64 * 1024;
let scratch = Buffer.allocUnsafeSlow(1024);

/** The table key of a Lua string's bytes. */
export function stringKey(bytes: Uint8Array): string {
  const n = bytes.length;
  let buf = scratch;
  if (n > buf.length) {
    buf = Buffer.allocUnsafeSlow(n);
    if (n <= SCRATCH_MAX) scratch = buf;
  }
  buf.set(bytes);
  return `|${(buf as unknown as Latin1Slicing).latin1Slice(0, n)}`;
}

let applied = false;

/** Patches lstring; must run before ltable, llex and lvm are loaded (they copy these at load). */
export function applyStringKeys(): void {
  if (applied) return;
  applied = true;
  const lstring = require("fengari/src/lstring.js");
  lstring.luaS_hash = stringKey;
  lstring.luaS_hashlongstr = (ts: TString): string => {
    const h = ts.hash;
    if (h !== null) return h;
    const key = stringKey(ts.realstring);
    ts.hash = key;
    return key;
  };
}
