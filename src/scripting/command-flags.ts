/**
 * Redis's evalGetCommandFlags / fcallGetCommandFlags: a script that declares its flags (a `#!lua`
 * shebang, or a function registered with flags) replaces EVAL's and FCALL's own `may_replicate`
 * with what it declared: it writes unless it says `no-writes`. CLIENT PAUSE WRITE asks this, so a
 * `no-writes` script runs through a write pause as on redis-server (and EVAL_RO of a script
 * declaring no flags is held, as Redis holds it).
 */

import type { ServerState } from "../commands/types.ts";
import { bytesToKey } from "../protocol/bytes.ts";
import { FLAG_EVAL_COMPAT, FLAG_NO_WRITES, normalizeSha, parseShebang, sha1hex } from "./script-cache.ts";

/**
 * The declared flags of a cached script (by sha) and of a function (by lower-cased name). The
 * engines fill these in when they load: importing them here would close an import cycle through
 * the dispatcher (CLIENT PAUSE asks this), and before an engine exists there is nothing to find.
 */
export const declaredFlags = {
  script: (_server: ServerState, _sha: string): number | undefined => undefined,
  fn: (_server: ServerState, _lowerName: string): number | undefined => undefined,
};

const EVALS = new Set(["eval", "eval_ro", "evalsha", "evalsha_ro"]);
const FCALLS = new Set(["fcall", "fcall_ro"]);

/** Whether this script command command's declared flags make it a write; undefined: no flags declared (or unknown). */
export function scriptCallWrites(
  server: ServerState,
  name: string,
  arg1: Uint8Array | undefined,
): boolean | undefined {
  if (arg1 === undefined) return undefined;
  let flags: number | undefined;
  if (EVALS.has(name)) {
    const isSha = name.startsWith("evalsha");
    const sha = isSha ? normalizeSha(bytesToKey(arg1)) : sha1hex(arg1);
    if (sha === null) return undefined;
    flags = declaredFlags.script(server, sha);
    if (flags === undefined && !isSha) {
      try {
        flags = parseShebang(arg1).flags;
      } catch {
        return undefined; // a bad shebang: the command fails when it runs
      }
    }
    if (flags === undefined || (flags & FLAG_EVAL_COMPAT) !== 0) return undefined;
  } else if (FCALLS.has(name)) {
    flags = declaredFlags.fn(server, bytesToKey(arg1).toLowerCase());
    if (flags === undefined) return undefined;
  } else {
    return undefined;
  }
  return (flags & FLAG_NO_WRITES) === 0;
}
