/**
 * The BUSY state: while a script has run longer than `busy-reply-threshold`, other clients'
 * commands are answered `-BUSY ...` except those flagged `allow_busy` (SCRIPT KILL, FUNCTION
 * KILL, SHUTDOWN NOSAVE, MULTI, AUTH, ...), until it ends or is killed.
 *
 * The dispatcher's check is one read of `BUSY.servers` per command (like CLIENT PAUSE's
 * counter); only when it is non-zero does it look this server up.
 */

import type { ServerState } from "../commands/types.ts";
import { ERR, ReplyError } from "../errors.ts";

/** How many servers in this process are running a script past its threshold. */
export const BUSY = { servers: 0 };

/** What SCRIPT KILL / FUNCTION KILL need to know about the script running past its threshold. */
export interface BusyScript {
  /** EVAL/EVALSHA (SCRIPT KILL) rather than FCALL (FUNCTION KILL). */
  readonly isEval: boolean;
  /** It ran a write command: it can no longer be killed. */
  readonly wrote: boolean;
  /** SCRIPT KILL asked: the script fails at its next instruction-count check. */
  killed: boolean;
}

const busyScripts = new WeakMap<ServerState, BusyScript>();

export function busyScriptOf(server: ServerState): BusyScript | undefined {
  return busyScripts.get(server);
}

/** Called by the engine when a script goes past its threshold (`script`) and when it ends (null). */
export function setBusyScript(server: ServerState, script: BusyScript | null): void {
  const had = busyScripts.has(server);
  if (script === null) {
    if (!had) return;
    busyScripts.delete(server);
    BUSY.servers--;
  } else {
    busyScripts.set(server, script);
    if (!had) BUSY.servers++;
  }
}

/** The dispatcher's gate: the BUSY error for `server`, or null when no script is busy there. */
export function busyError(server: ServerState): string | null {
  const s = busyScripts.get(server);
  if (s === undefined) return null;
  return s.isEval ? ERR.busyEval : ERR.busyFunction;
}

/**
 * SCRIPT KILL (`isEval`) and FUNCTION KILL: mark the busy script killed, or throw Redis's
 * NOTBUSY / UNKILLABLE / BUSY (the other kind of script) error.
 */
export function killBusyScript(server: ServerState, isEval: boolean): void {
  const s = busyScripts.get(server);
  if (s === undefined) throw new ReplyError(ERR.notBusy);
  if (s.wrote) throw new ReplyError(ERR.unkillable);
  if (isEval && !s.isEval) throw new ReplyError(ERR.busyFunction);
  if (!isEval && s.isEval) throw new ReplyError(ERR.busyEval);
  s.killed = true;
}
