/**
 * FCALL function numkeys [key ...] [arg ...] and FCALL_RO (functions flagged `no-writes` only;
 * write commands refused inside either way for those). The callback gets KEYS and ARGV as its
 * two parameters; the functions engine (src/scripting/functions.ts) runs it like EVAL runs a
 * script.
 */
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import { functionsOf } from "../../scripting/functions.ts";
import type { LuaState } from "../../scripting/lib/fengari.ts";
import { FLAG_NO_WRITES } from "../../scripting/script-cache.ts";
import type { Context, Handler } from "../types.ts";
import { monitorFirst } from "./eval.ts";

const EMPTY = new Uint8Array(0);

function fcall(ctx: Context, args: Args, ro: boolean): void {
  // Redis feeds MONITOR before anything else, even for a function that does not exist.
  monitorFirst(ctx, args);
  const functions = functionsOf(ctx.server);
  const fn = functions.find(args.lower(1));
  if (fn === undefined) throw new ReplyError(ERR.functionNotFound);
  const n = args.int64(2);
  if (n === null) throw new ReplyError(ERR.functionBadNumkeys);
  if (n > args.length - 3) throw new ReplyError(ERR.numkeysTooMany);
  if (n < 0) throw new ReplyError(ERR.numkeysNegative);
  const numkeys = Number(n);
  const noWrites = (fn.flags & FLAG_NO_WRITES) !== 0;
  if (ro && !noWrites) throw new ReplyError(ERR.scriptWriteFlagRo);
  const vm = functions.vm();
  const { lua, f } = vm;
  const pushTable = (L: LuaState, from: number, count: number) => {
    lua.lua_createtable(L, count, 0);
    for (let i = 0; i < count; i++) {
      if (args.len(from + i) === 0) lua.lua_pushstring(L, EMPTY);
      else f.pushOwnedBytes(L, args.copy(from + i));
      lua.lua_rawseti(L, -2, i + 1);
    }
  };
  const push = (L: LuaState) => {
    pushTable(L, 3, numkeys);
    pushTable(L, 3 + numkeys, args.length - 3 - numkeys);
    return 2;
  };
  const startedAt = performance.now();
  functions.scripts.run(ctx, fn.ref, push, { name: fn.name, isEval: false, readOnly: ro || noWrites });
  if (ctx.client.blocked) {
    // Past busy-reply-threshold: the run continues later; FUNCTION STATS shows it meanwhile
    // (args are only valid until this handler returns).
    functions.running = { name: fn.name, argv: args.toArray(0).map((a) => a.slice()), startedAt };
  }
}

export const fcallCommand: Handler = (ctx, args) => fcall(ctx, args, false);
export const fcallRo: Handler = (ctx, args) => fcall(ctx, args, true);
