/**
 * The EVAL script cache: sha1 hex of the body -> the compiled function (a reference into the
 * Lua registry) and the flags of its `#!lua` shebang line. SCRIPT LOAD and EVAL fill it,
 * EVALSHA and SCRIPT EXISTS read it, SCRIPT FLUSH empties it (with the Lua state).
 *
 * Hashing uses node:crypto: this is not on the protocol path, and Redis hashes every EVAL body
 * the same way.
 */
import { createHash } from "node:crypto";
import { ERR, ReplyError } from "../errors.ts";

/** Redis's script flags (`#!lua flags=...`), as a bit set. */
export const FLAG_NO_WRITES = 1;
export const FLAG_ALLOW_OOM = 2;
export const FLAG_ALLOW_STALE = 4;
export const FLAG_NO_CLUSTER = 8;
export const FLAG_ALLOW_CROSS_SLOT = 16;
/** No shebang: Redis's "EVAL compatibility mode" (writes decided per command, not up front). */
export const FLAG_EVAL_COMPAT = 32;

const FLAG_NAMES: Record<string, number> = {
  "no-writes": FLAG_NO_WRITES,
  "allow-oom": FLAG_ALLOW_OOM,
  "allow-stale": FLAG_ALLOW_STALE,
  "no-cluster": FLAG_NO_CLUSTER,
  "allow-cross-slot-keys": FLAG_ALLOW_CROSS_SLOT,
};

export interface CachedScript {
  /** Lower-case sha1 hex of the whole body (shebang included). */
  readonly sha: string;
  /** The compiled function's reference in the Lua registry. */
  readonly ref: number;
  readonly flags: number;
  readonly bodyBytes: number;
}

export function sha1hex(body: Uint8Array): string {
  return createHash("sha1").update(body).digest("hex");
}

/**
 * Parse a `#!lua [flags=a,b]` first line (Redis's evalExtractShebangFlags). Returns the flags
 * and where the Lua code starts (at the newline, so line numbers stay those of the body).
 */
export function parseShebang(body: Uint8Array): { flags: number; codeStart: number } {
  if (body[0] !== 35 || body[1] !== 33) return { flags: FLAG_EVAL_COMPAT, codeStart: 0 };
  const nl = body.indexOf(10);
  if (nl < 0) throw new ReplyError(ERR.scriptShebangInvalid);
  let line = "";
  for (let i = 0; i < nl; i++) line += String.fromCharCode(body[i]!);
  const parts = line.split(/[ \t\r\v\f]+/).filter(Boolean);
  if (parts[0] !== "#!lua") throw new ReplyError(ERR.scriptShebangEngine(parts[0]!));
  let flags = 0;
  for (const part of parts.slice(1)) {
    if (!part.startsWith("flags=")) throw new ReplyError(ERR.scriptShebangOption(part));
    const list = part.slice(6);
    if (list === "") continue;
    for (const name of list.split(",")) {
      const bit = FLAG_NAMES[name];
      if (bit === undefined) throw new ReplyError(ERR.scriptShebangFlag(name));
      flags |= bit;
    }
  }
  return { flags, codeStart: nl };
}

/**
 * A sha1 as sent by a client (a binary string, `args.key(i)`), lower-cased as EVALSHA accepts
 * either case; null unless 40 bytes long.
 */
export function normalizeSha(s: string): string | null {
  if (s.length !== 40) return null;
  return /[A-Z]/.test(s) ? s.toLowerCase() : s;
}
