/**
 * MULTI and DISCARD, and the queue they manage (Redis's multi.c without EXEC).
 *
 * While a client is in MULTI (`client.multi` is set), the dispatcher checks each command as
 * usual (name, arity, auth, subscribe mode, `no_multi`) and then, instead of running it, hands
 * it to `queueCommand` and answers `+QUEUED`. A command rejected by those checks flags the
 * transaction (`aborted`): its EXEC answers EXECABORT. The commands in `RUN_WHILE_QUEUING`
 * are never queued; they run at once.
 */
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import type { CommandSpec, Context, Handler } from "../types.ts";

/** One queued command: its row (resolved at queue time) and a copy of its arguments. */
export interface QueuedCommand {
  readonly spec: CommandSpec;
  readonly argv: Uint8Array[];
}

/** A client's open transaction. */
export interface MultiState {
  readonly queue: QueuedCommand[];
  /** A command was rejected while queuing (Redis's CLIENT_DIRTY_EXEC): EXEC answers EXECABORT. */
  aborted: boolean;
}

/** Commands that run at once inside MULTI instead of being queued (as in Redis's processCommand). */
export const RUN_WHILE_QUEUING: ReadonlySet<string> = new Set([
  "exec",
  "discard",
  "multi",
  "watch",
  "quit",
  "reset",
]);

/** Queue a command that passed the dispatcher's checks (the arguments are copied: Args is reused). */
export function queueCommand(multi: MultiState, spec: CommandSpec, args: Args): void {
  const argv: Uint8Array[] = new Array(args.length);
  for (let i = 0; i < args.length; i++) argv[i] = args.copy(i);
  multi.queue.push({ spec, argv });
}

/**
 * The dispatcher rejected a command (Redis's rejectCommand): inside MULTI the transaction is
 * flagged; a rejected EXEC (wrong arity, in MULTI or not) discards it at once and says why.
 * Returns the error to send.
 */
export function rejectCommand(ctx: Context, spec: CommandSpec | undefined, message: string): string {
  const multi = ctx.client.multi;
  if (spec?.name !== "exec") {
    if (multi !== null) multi.aborted = true;
    return message;
  }
  discardTransaction(ctx);
  return ERR.execAbortBecause(message.startsWith("ERR ") ? message.slice(4) : message);
}

/** Leave MULTI and forget the queue and the watched keys (DISCARD, EXEC, RESET). */
export function discardTransaction(ctx: Context): void {
  ctx.client.multi = null;
  ctx.server.watches.clear(ctx.client);
}

/** MULTI — start queuing. */
export const multi: Handler = (ctx) => {
  const client = ctx.client;
  if (client.multi !== null) throw new ReplyError(ERR.multiNested);
  client.multi = { queue: [], aborted: false };
  ctx.out.ok();
};

/** DISCARD — drop the queue and the watches. */
export const discard: Handler = (ctx) => {
  if (ctx.client.multi === null) throw new ReplyError(ERR.discardWithoutMulti);
  discardTransaction(ctx);
  ctx.out.ok();
};
