/**
 * REDBUN FAULT ADD|LIST|CLEAR: fault injection (src/server/faults.ts) for a redbun-server run as
 * a process by a test suite in another language or process. Refused unless the server was
 * started with `--enable-faults yes`: a rule can make any client's commands fail.
 *
 *   REDBUN FAULT ADD [COMMAND name[,name...]] [KEY pattern] [CLIENT pattern] [DB n] [NTH n]
 *                    [TIMES n] [PROBABILITY p] ERROR text | LATENCY ms | HANG | CLOSE | DRIP
 *     -> the rule's id
 *   REDBUN FAULT LIST      -> one entry per rule: id, its rule as ADD's words, matched, fired
 *   REDBUN FAULT CLEAR [id] -> how many rules were removed
 */
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import type { FaultAction, FaultRule } from "../../server/faults.ts";
import type { Context, Handler } from "../types.ts";

const DISABLED = "ERR REDBUN FAULT is disabled; start redbun-server with --enable-faults yes";

function count(args: Args, i: number, min: number): number {
  const n = args.int64(i);
  if (n === null || typeof n === "bigint" || n < min) throw new ReplyError(ERR.notInteger);
  return n;
}

/** ADD's words, from argument 3 on, into a rule. */
function parseRule(args: Args): FaultRule {
  const rule: Partial<FaultRule> = {};
  let action: FaultAction | undefined;
  const actions = new Set(["hang", "close", "drip", "error", "latency"]);
  for (let i = 3; i < args.length; i++) {
    const word = args.lower(i);
    const more = i + 1 < args.length;
    if (action !== undefined && actions.has(word)) throw new ReplyError("ERR a fault takes one action");
    if (word === "hang" || word === "close" || word === "drip") action = { [word]: true } as FaultAction;
    else if (!more) throw new ReplyError(ERR.syntax);
    else if (word === "command") rule.command = args.text(++i).split(",");
    else if (word === "key") rule.key = args.key(++i);
    else if (word === "client") rule.client = args.key(++i);
    else if (word === "db") rule.db = count(args, ++i, 0);
    else if (word === "nth") rule.nth = count(args, ++i, 1);
    else if (word === "times") rule.times = count(args, ++i, 1);
    else if (word === "probability") {
      const p = Number(args.text(++i));
      if (!(p >= 0 && p <= 1)) throw new ReplyError("ERR PROBABILITY must be between 0 and 1");
      rule.probability = p;
    } else if (word === "error") action = { error: args.text(++i) };
    else if (word === "latency") action = { latency: count(args, ++i, 0) };
    else throw new ReplyError(ERR.syntax);
  }
  if (action === undefined)
    throw new ReplyError("ERR a fault needs one of ERROR, LATENCY, HANG, CLOSE, DRIP");
  return { ...rule, action };
}

/** A rule back as ADD's words, for LIST. */
function ruleWords(r: FaultRule): string {
  const w: string[] = [];
  if (r.command !== undefined) w.push("COMMAND", ([] as string[]).concat(r.command).join(","));
  if (r.key !== undefined) w.push("KEY", r.key);
  if (r.client !== undefined) w.push("CLIENT", r.client);
  if (r.db !== undefined) w.push("DB", String(r.db));
  if (r.nth !== undefined) w.push("NTH", String(r.nth));
  if (r.times !== undefined) w.push("TIMES", String(r.times));
  if (r.probability !== undefined) w.push("PROBABILITY", String(r.probability));
  const a = r.action;
  if ("error" in a) w.push("ERROR", JSON.stringify(a.error));
  else if ("latency" in a) w.push("LATENCY", String(a.latency));
  else w.push(Object.keys(a)[0]!.toUpperCase());
  return w.join(" ");
}

export const redbunFault: Handler = (ctx: Context, args: Args) => {
  if (ctx.server.config.get("enable-faults") !== "yes") throw new ReplyError(DISABLED);
  const faults = ctx.server.enableTestHooks().faults;
  const sub = args.lower(2);
  if (sub === "add" && args.length > 3) {
    let fault: { id: number };
    try {
      fault = faults.add(parseRule(args));
    } catch (e) {
      if (e instanceof TypeError) throw new ReplyError(`ERR ${e.message}`);
      throw e;
    }
    ctx.out.integer(fault.id);
  } else if (sub === "list" && args.length === 3) {
    const all = faults.list();
    ctx.out.array(all.length);
    for (const f of all) {
      ctx.out.map(4);
      ctx.out.bulkString("id");
      ctx.out.integer(f.id);
      ctx.out.bulkString("rule");
      ctx.out.bulkString(ruleWords(f.rule));
      ctx.out.bulkString("matched");
      ctx.out.integer(f.matched);
      ctx.out.bulkString("fired");
      ctx.out.integer(f.fired);
    }
  } else if (sub === "clear" && args.length <= 4) {
    if (args.length === 4) {
      ctx.out.integer(faults.remove(count(args, 3, 0)) ? 1 : 0);
    } else {
      const n = faults.list().length;
      faults.clear();
      ctx.out.integer(n);
    }
  } else {
    throw new ReplyError(ERR.syntax);
  }
};
