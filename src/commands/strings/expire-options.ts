/**
 * The expiry options shared by SET and GETEX (EX, PX, EXAT, PXAT, and KEEPTTL or PERSIST),
 * parsed exactly as Redis's parseExtendedStringArgumentsOrReply: each option may appear once
 * among its exclusive group, anything else is a syntax error.
 */

import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import { isWord, parseInt64 } from "../../protocol/bytes.ts";

export type ExpireUnit = "ex" | "px" | "exat" | "pxat";

export interface ExpireOption {
  unit: ExpireUnit;
  raw: Uint8Array;
}

/** Returns the option read at argv[j] (consuming its value) or null when argv[j] is not one. */
export function readExpireOption(
  args: Args,
  j: number,
  current: ExpireOption | null,
  blocked: boolean,
): ExpireOption | null {
  const opt = args.bytes(j);
  if (opt.length < 2 || opt.length > 4) return null;
  const next = j + 1 < args.length ? args.bytes(j + 1) : null;
  for (const unit of ["ex", "px", "exat", "pxat"] as const) {
    if (!isWord(opt, unit)) continue;
    // Redis allows repeating the same unit (the last wins) but not mixing units.
    if (blocked || next === null || (current !== null && current.unit !== unit))
      throw new ReplyError(ERR.syntax);
    return { unit, raw: next };
  }
  return null;
}

const LLONG_MAX = 9223372036854775807n;

/** The absolute deadline (ms) for an option, with Redis's checks and error texts (exact int64 math). */
export function expireDeadline(opt: ExpireOption, now: number, commandName: string): number {
  const v = parseInt64(opt.raw);
  if (v === null) throw new ReplyError(ERR.notInteger);
  const seconds = opt.unit === "ex" || opt.unit === "exat";
  let ms = BigInt(v);
  if (ms <= 0n || (seconds && ms > LLONG_MAX / 1000n)) throw new ReplyError(ERR.invalidExpire(commandName));
  if (seconds) ms *= 1000n;
  if (opt.unit === "ex" || opt.unit === "px") {
    ms += BigInt(now);
    // Redis detects the signed overflow of this addition as a non-positive result.
    if (ms > LLONG_MAX) throw new ReplyError(ERR.invalidExpire(commandName));
  }
  return Number(ms);
}
