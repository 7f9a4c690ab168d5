/**
 * FUNCTION LOAD | LIST | DELETE | FLUSH | DUMP | RESTORE | STATS | KILL | HELP: the library
 * registry of src/scripting/functions.ts, with Redis 7.0.15's replies and errors.
 */
import { globMatch } from "../../db/glob.ts";
import { ERR, ReplyError } from "../../errors.ts";
import { busyScriptOf, killBusyScript } from "../../scripting/busy.ts";
import { FUNCTION_FLAGS, functionsOf, type RestorePolicy } from "../../scripting/functions.ts";
import { helpReply } from "../server/help.ts";
import type { Handler } from "../types.ts";

/** FUNCTION LOAD [REPLACE] code: the library's name. */
export const functionLoad: Handler = (ctx, args) => {
  let replace = false;
  let at = 2;
  while (at < args.length - 1) {
    if (!args.is(at, "replace")) throw new ReplyError(ERR.functionLoadOption(args.key(at)));
    replace = true;
    at++;
  }
  ctx.out.bulkString(functionsOf(ctx.server).load(args.copy(at), replace));
};

/** FUNCTION LIST [LIBRARYNAME pattern] [WITHCODE], each option at most once. */
export const functionList: Handler = (ctx, args) => {
  let withCode = false;
  let pattern: string | null = null;
  for (let i = 2; i < args.length; i++) {
    if (!withCode && args.is(i, "withcode")) {
      withCode = true;
      continue;
    }
    if (pattern === null && args.is(i, "libraryname")) {
      if (i >= args.length - 1) throw new ReplyError(ERR.functionListNoName);
      pattern = args.key(++i);
      continue;
    }
    throw new ReplyError(ERR.functionListArgument(args.key(i)));
  }
  const libraries = [...functionsOf(ctx.server).current.libraries.values()].filter(
    (lib) => pattern === null || globMatch(pattern, lib.name, true),
  );
  const out = ctx.out;
  out.array(libraries.length);
  for (const lib of libraries) {
    out.map(withCode ? 4 : 3);
    out.bulkString("library_name");
    out.bulkString(lib.name);
    out.bulkString("engine");
    out.bulkString("LUA");
    out.bulkString("functions");
    out.array(lib.functions.size);
    for (const fn of lib.functions.values()) {
      out.map(3);
      out.bulkString("name");
      out.bulkKey(fn.name);
      out.bulkString("description");
      if (fn.description === null) out.nil();
      else out.bulk(fn.description);
      out.bulkString("flags");
      let count = 0;
      for (const [, bit] of FUNCTION_FLAGS) if (fn.flags & bit) count++;
      out.set(count);
      for (const [name, bit] of FUNCTION_FLAGS) if (fn.flags & bit) out.simple(name);
    }
    if (withCode) {
      out.bulkString("library_code");
      out.bulk(lib.code);
    }
  }
};

/** FUNCTION DELETE library-name. */
export const functionDelete: Handler = (ctx, args) => {
  if (!functionsOf(ctx.server).delete(args.key(2))) throw new ReplyError(ERR.functionLibraryNotFound);
  ctx.out.ok();
};

/** FUNCTION FLUSH [ASYNC|SYNC]: both at once (there is nothing to free lazily). */
export const functionFlush: Handler = (ctx, args) => {
  if (args.length > 3) throw new ReplyError(ERR.subcommandSyntax(args.key(1), "FUNCTION"));
  if (args.length === 3 && !args.is(2, "sync") && !args.is(2, "async")) {
    throw new ReplyError(ERR.functionFlushOption);
  }
  functionsOf(ctx.server).flush();
  ctx.out.ok();
};

/** FUNCTION DUMP: every library in Redis's payload format. */
export const functionDump: Handler = (ctx) => {
  ctx.out.bulk(functionsOf(ctx.server).dump());
};

/** FUNCTION RESTORE payload [FLUSH|APPEND|REPLACE] (APPEND by default). */
export const functionRestore: Handler = (ctx, args) => {
  if (args.length > 4) throw new ReplyError(ERR.subcommandSyntax(args.key(1), "FUNCTION"));
  let policy: RestorePolicy = "append";
  if (args.length === 4) {
    if (args.is(3, "append")) policy = "append";
    else if (args.is(3, "replace")) policy = "replace";
    else if (args.is(3, "flush")) policy = "flush";
    else throw new ReplyError(ERR.functionRestorePolicy);
  }
  functionsOf(ctx.server).restore(args.bytes(2), policy);
  ctx.out.ok();
};

/** FUNCTION STATS: the function running past busy-reply-threshold (if any) and the engine's counts. */
export const functionStats: Handler = (ctx) => {
  const busy = busyScriptOf(ctx.server);
  if (busy?.isEval) throw new ReplyError(ERR.busyEval);
  const functions = functionsOf(ctx.server);
  const out = ctx.out;
  out.map(2);
  out.bulkString("running_script");
  const running = busy === undefined ? null : functions.running;
  if (running === null) out.nil();
  else {
    out.map(3);
    out.bulkString("name");
    out.bulkKey(running.name);
    out.bulkString("command");
    out.array(running.argv.length);
    for (const a of running.argv) out.bulk(a);
    out.bulkString("duration_ms");
    out.integer(Math.floor(performance.now() - running.startedAt));
  }
  out.bulkString("engines");
  out.map(1);
  out.bulkString("LUA");
  out.map(2);
  out.bulkString("libraries_count");
  out.integer(functions.current.libraries.size);
  out.bulkString("functions_count");
  out.integer(functions.current.functionCount);
};

/** FUNCTION KILL: stop the function running past busy-reply-threshold (if it wrote nothing). */
export const functionKill: Handler = (ctx) => {
  killBusyScript(ctx.server, false);
  ctx.out.ok();
};

export const functionHelp: Handler = (ctx) =>
  helpReply(ctx, "FUNCTION", [
    "LOAD [REPLACE] <FUNCTION CODE>",
    "    Create a new library with the given library name and code.",
    "DELETE <LIBRARY NAME>",
    "    Delete the given library.",
    "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
    "    Return general information on all the libraries:",
    "    * Library name",
    "    * The engine used to run the Library",
    "    * Library description",
    "    * Functions list",
    "    * Library code (if WITHCODE is given)",
    "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
    "STATS",
    "    Return information about the current function running:",
    "    * Function name",
    "    * Command used to run the function",
    "    * Duration in MS that the function is running",
    "    If no function is running, return nil",
    "    In addition, returns a list of available engines.",
    "KILL",
    "    Kill the current running function.",
    "FLUSH [ASYNC|SYNC]",
    "    Delete all the libraries.",
    "    When called without the optional mode argument, the behavior is determined by the",
    "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
    "    * ASYNC: Asynchronously flush the libraries.",
    "    * SYNC: Synchronously flush the libraries.",
    "DUMP",
    "    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command",
    "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
    "    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
    "    control how to handle existing libraries (default APPEND):",
    "    * FLUSH: delete all existing libraries.",
    "    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
    "    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
    "      libraries with the new libraries (notice that even on this option there is a chance of failure",
    "      in case of functions name collision with another library).",
  ]);
