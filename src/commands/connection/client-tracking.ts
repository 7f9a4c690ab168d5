/**
 * CLIENT TRACKING ON|OFF [REDIRECT id] [PREFIX p ...] [BCAST] [OPTIN] [OPTOUT] [NOLOOP],
 * CLIENT CACHING YES|NO, CLIENT GETREDIR, CLIENT TRACKINGINFO — Redis 7.0's client-side
 * caching commands (networking.c), with its checks in its order. The table and the
 * invalidations are in src/pubsub/tracking.ts.
 */
import { ERR, ReplyError } from "../../errors.ts";
import type { TrackingOptions } from "../../pubsub/tracking.ts";
import type { Context, Handler } from "../types.ts";

export const clientTracking: Handler = (ctx, args) => {
  let redirect = 0;
  const options: TrackingOptions = { bcast: false, optin: false, optout: false, noloop: false };
  const prefixes: string[] = [];
  for (let j = 3; j < args.length; j++) {
    const more = j < args.length - 1;
    if (args.is(j, "redirect") && more) {
      j++;
      if (redirect !== 0) throw new ReplyError(ERR.trackingOneRedirect);
      const id = args.int64(j);
      if (id === null) throw new ReplyError(ERR.notInteger);
      redirect = Number(id);
      // The redirect client must exist now (it may still go away later).
      if (!ctx.server.clients.has(redirect)) throw new ReplyError(ERR.trackingNoRedirect);
    } else if (args.is(j, "bcast")) options.bcast = true;
    else if (args.is(j, "optin")) options.optin = true;
    else if (args.is(j, "optout")) options.optout = true;
    else if (args.is(j, "noloop")) options.noloop = true;
    else if (args.is(j, "prefix") && more) prefixes.push(args.key(++j));
    else throw new ReplyError(ERR.syntax);
  }
  const tracking = ctx.server.tracking;
  if (args.is(2, "off")) {
    tracking.disable(ctx.client);
    return ctx.out.ok();
  }
  if (!args.is(2, "on")) throw new ReplyError(ERR.syntax);
  const st = ctx.client.tracking;
  if (!options.bcast && prefixes.length > 0) throw new ReplyError(ERR.trackingPrefixNeedsBcast);
  if (st !== null && st.bcast !== options.bcast) throw new ReplyError(ERR.trackingSwitchBcast);
  if (options.bcast && (options.optin || options.optout)) throw new ReplyError(ERR.trackingOptBcast);
  if (options.optin && options.optout) throw new ReplyError(ERR.trackingOptinOptout);
  if (st !== null && ((options.optin && st.optout) || (options.optout && st.optin))) {
    throw new ReplyError(ERR.trackingSwitchOpt);
  }
  if (options.bcast && !prefixesAccepted(ctx, prefixes)) return;
  tracking.enable(ctx.client, redirect, options, prefixes);
  ctx.out.ok();
};

/** Redis's stringCheckPrefix: two prefixes overlap when one starts the other. */
function overlap(a: string, b: string): boolean {
  return a.length < b.length ? b.startsWith(a) : a.startsWith(b);
}

/**
 * Redis's checkPrefixCollisionsOrReply, quirk included: when two *given* prefixes overlap and
 * the first of them is not the first given, Redis 7.0 writes the error and still enables
 * tracking and answers OK (it returns the loop index as "no collision"), so the client gets
 * two replies. Returns false when the command must stop (its error already thrown).
 */
function prefixesAccepted(ctx: Context, prefixes: readonly string[]): boolean {
  const existing = [...(ctx.client.tracking?.prefixes ?? [])].sort();
  for (let i = 0; i < prefixes.length; i++) {
    const p = prefixes[i]!;
    for (const old of existing) {
      if (overlap(old, p)) throw new ReplyError(ERR.trackingPrefixOverlapsExisting(p, old));
    }
    for (let j = i + 1; j < prefixes.length; j++) {
      if (!overlap(p, prefixes[j]!)) continue;
      const message = ERR.trackingPrefixOverlapsGiven(p, prefixes[j]!);
      if (i === 0) throw new ReplyError(message);
      ctx.out.error(message);
      const stats = ctx.server.stats;
      stats.errorReplies++;
      stats.errorCodes.set("ERR", (stats.errorCodes.get("ERR") ?? 0) + 1);
      return true;
    }
  }
  return true;
}

export const clientCaching: Handler = (ctx, args) => {
  const st = ctx.client.tracking;
  if (st === null) throw new ReplyError(ERR.cachingWithoutTracking);
  if (args.is(2, "yes")) {
    if (!st.optin) throw new ReplyError(ERR.cachingYesNeedsOptin);
  } else if (args.is(2, "no")) {
    if (!st.optout) throw new ReplyError(ERR.cachingNoNeedsOptout);
  } else {
    throw new ReplyError(ERR.syntax);
  }
  st.caching = true;
  ctx.out.ok();
};

export const clientGetredir: Handler = (ctx) => {
  ctx.out.integer(ctx.client.tracking?.redirect ?? -1);
};

/** A map of flags (a set), redirect and prefixes; flags in Redis's order. */
export const clientTrackinginfo: Handler = (ctx) => {
  const st = ctx.client.tracking;
  const out = ctx.out;
  const flags: string[] = [st === null ? "off" : "on"];
  if (st !== null) {
    if (st.bcast) flags.push("bcast");
    if (st.optin) flags.push("optin");
    if (st.optin && st.caching) flags.push("caching-yes");
    if (st.optout) flags.push("optout");
    if (st.optout && st.caching) flags.push("caching-no");
    if (st.noloop) flags.push("noloop");
    if (st.brokenRedirect) flags.push("broken_redirect");
  }
  out.map(3);
  out.bulkString("flags");
  out.set(flags.length);
  for (const f of flags) out.bulkString(f);
  out.bulkString("redirect");
  out.integer(st === null ? -1 : st.redirect);
  out.bulkString("prefixes");
  const prefixes = st === null ? [] : [...st.prefixes].sort();
  out.array(prefixes.length);
  for (const p of prefixes) out.bulkKey(p);
};

/** CLIENT LIST / INFO flag letters for tracking: t, R (broken redirect), B (BCAST). */
export function trackingFlags(c: Context["client"]): string {
  const st = c.tracking;
  if (st === null) return "";
  return `t${st.brokenRedirect ? "R" : ""}${st.bcast ? "B" : ""}`;
}
