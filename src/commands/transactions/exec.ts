/**
 * EXEC — run the queued commands as one step and answer an array of their replies; or the null
 * array when a watched key changed since WATCH; or EXECABORT when a command was rejected while
 * queuing. Either way the transaction and the watches are gone afterwards.
 *
 * Atomic because it is synchronous: no other client's command, no expiry wake-up and no blocked
 * client is served until the whole queue has run (the connection serves blocked clients after
 * each top-level command, so after EXEC as a whole). Blocking commands answer at once
 * (`ctx.denyBlocking`), as Redis's CLIENT_DENY_BLOCKING makes them. Run-time errors are
 * replies inside the array.
 */
import { ERR, ReplyError } from "../../errors.ts";
import { Args } from "../../protocol/args.ts";
// A cycle (dispatch → registry → this table → here → dispatch): `execute` is only called at
// run time, and `exec` is a function declaration, so the registry can take it before this
// module has run.
import { execute } from "../dispatch.ts";
import type { Context } from "../types.ts";
import { discardTransaction } from "./multi.ts";

export function exec(ctx: Context, _args: Args): void {
  const client = ctx.client;
  const multi = client.multi;
  if (multi === null) throw new ReplyError(ERR.execWithoutMulti);
  const changed = ctx.server.watches.isDirty(client);
  discardTransaction(ctx);
  if (multi.aborted) throw new ReplyError(ERR.execAbort);
  // The dispatcher leaves EXEC's own replies to it: each is written under the reply mode of
  // the moment (a CLIENT REPLY OFF inside the queue silences only what follows it).
  const out = ctx.out;
  if (changed) {
    if (client.replyMode !== "off") out.nullArray();
    return;
  }
  const queue = multi.queue;
  if (client.replyMode !== "off") out.array(queue.length);
  const denied = ctx.denyBlocking;
  ctx.denyBlocking = true;
  const args = new Args();
  try {
    for (const { spec, argv } of queue) {
      args.setArray(argv);
      const started = performance.now();
      const mark = out.len;
      try {
        const st = execute(ctx, spec, args, false);
        st.usec += (performance.now() - started) * 1000;
      } catch (e) {
        // A bug in one command must not break the array's framing.
        out.len = mark;
        ctx.server.warn(`internal error running ${spec.name} in EXEC: ${(e as Error)?.stack ?? e}`);
        out.error(`ERR internal error: ${(e as Error)?.message ?? e}`);
      }
    }
  } finally {
    ctx.denyBlocking = denied;
  }
}
