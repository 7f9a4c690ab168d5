/**
 * SORT's BY and GET patterns (Redis's lookupKeyByPattern): `#` is the element itself; otherwise
 * the first `*` is replaced by the element to name a key, whose string value is the result, or
 * with `key*->field`, the named field of the hash at that key. Anything else (no `*`, a missing
 * key, the wrong type, a missing field) gives nothing.
 *
 * Patterns, elements and results are binary strings (one char per byte). Redis reads the
 * pattern with C string functions, so the `*`, the `->` and the `#` test stop at the first NUL
 * byte, while the field and the key suffix keep the whole pattern's bytes: the same here.
 */
import type { Keyspace } from "../../db/keyspace.ts";
import { RedisHash } from "../../db/types/hash.ts";
import { bytesToKey } from "../../protocol/bytes.ts";

export interface SortPattern {
  /** `#`: the element itself. */
  readonly self: boolean;
  /** Bytes before the `*`, or null when there is no `*` (nothing is ever found). */
  readonly prefix: string | null;
  readonly suffix: string;
  /** The hash field after `->`, or null for a string key. */
  readonly field: string | null;
}

export function compilePattern(p: string): SortPattern {
  const nul = p.indexOf("\0");
  const cEnd = nul < 0 ? p.length : nul;
  if (p.charCodeAt(0) === 35 && cEnd === 1) return { self: true, prefix: null, suffix: "", field: null };
  const star = p.indexOf("*");
  if (star < 0 || star >= cEnd) return { self: false, prefix: null, suffix: "", field: null };
  const arrow = p.indexOf("->", star + 1);
  // A field needs at least one byte after "->" (a NUL there ends Redis's C string).
  const hasField = arrow >= 0 && arrow + 2 < cEnd;
  return {
    self: false,
    prefix: p.slice(0, star),
    suffix: p.slice(star + 1, hasField ? arrow : p.length),
    field: hasField ? p.slice(arrow + 2) : null,
  };
}

/** The pattern's value for one element, or undefined. */
export function lookupByPattern(db: Keyspace, pat: SortPattern, element: string): string | undefined {
  if (pat.self) return element;
  if (pat.prefix === null) return undefined;
  const v = db.get(pat.prefix + element + pat.suffix);
  if (v === undefined) return undefined;
  if (pat.field !== null) {
    if (!(v instanceof RedisHash)) return undefined;
    const value = v.get(pat.field);
    return value === undefined ? undefined : bytesToKey(value);
  }
  return v instanceof Uint8Array ? bytesToKey(v) : undefined;
}
