/**
 * The scripting group's rows of the command table (joined into the one table by registry.ts),
 * with Redis 7.0.15's COMMAND INFO / COMMAND DOCS values. EVAL & co. and FCALL find their keys
 * through numkeys (argument 2), as LMPOP does.
 */
import { numkeysGetKeys } from "../key-specs.ts";
import { container, spec } from "../spec.ts";
import type { CommandSpec } from "../types.ts";
import { evalCommand, evalRo, evalsha, evalshaRo } from "./eval.ts";
import { fcallCommand, fcallRo } from "./fcall.ts";
import {
  functionDelete,
  functionDump,
  functionFlush,
  functionHelp,
  functionKill,
  functionList,
  functionLoad,
  functionRestore,
  functionStats,
} from "./function.ts";
import { scriptDebug, scriptExists, scriptFlush, scriptHelp, scriptKill, scriptLoad } from "./script.ts";

const SC = "scripting";
const DEPENDS = "Depends on the script that is executed.";
const EVAL_KEYS = [
  {
    ks: "RW access update @2 keynum",
    notes: "We cannot tell how the keys will be used so we assume the worst, RW and UPDATE",
  },
];
const EVALSHA_KEYS = ["RW access update @2 keynum"];
const EVAL_RO_KEYS = [
  {
    ks: "RO access @2 keynum",
    notes: "We cannot tell how the keys will be used so we assume the worst, RO and ACCESS",
  },
];
const EVALSHA_RO_KEYS = ["RO access @2 keynum"];
const evalGetKeys = numkeysGetKeys(0, 2, 3);
const FDEPENDS = "Depends on the function that is executed.";
const SHARDS_ALL = "request_policy:all_shards response_policy:all_succeeded";

// biome-ignore format: one row per command reads as a table
export const SCRIPTING_COMMANDS: readonly CommandSpec[] = [
  spec("eval", SC, { arity: -3, flags: "noscript stale skip_monitor no_mandatory_keys", ks: EVAL_KEYS, getkeys: evalGetKeys, acl: "slow scripting", since: "2.6.0", summary: "Execute a Lua script server side", complexity: DEPENDS, run: evalCommand }),
  spec("evalsha", SC, { arity: -3, flags: "noscript stale skip_monitor no_mandatory_keys", ks: EVALSHA_KEYS, getkeys: evalGetKeys, acl: "slow scripting", since: "2.6.0", summary: "Execute a Lua script server side", complexity: DEPENDS, run: evalsha }),
  spec("eval_ro", SC, { arity: -3, flags: "readonly noscript stale skip_monitor no_mandatory_keys", ks: EVAL_RO_KEYS, getkeys: evalGetKeys, acl: "slow scripting", since: "7.0.0", summary: "Execute a read-only Lua script server side", complexity: DEPENDS, run: evalRo }),
  spec("evalsha_ro", SC, { arity: -3, flags: "readonly noscript stale skip_monitor no_mandatory_keys", ks: EVALSHA_RO_KEYS, getkeys: evalGetKeys, acl: "slow scripting", since: "7.0.0", summary: "Execute a read-only Lua script server side", complexity: DEPENDS, run: evalshaRo }),
  container("script", SC, { flags: "", acl: "slow", since: "2.6.0", summary: "A container for Lua scripts management commands", complexity: "Depends on subcommand." }, {
    debug: { arity: 3, flags: "noscript", acl: "slow scripting", since: "3.2.0", summary: "Set the debug mode for executed scripts.", complexity: "O(1)", run: scriptDebug },
    exists: { arity: -3, flags: "noscript", acl: "slow scripting", tips: "request_policy:all_shards response_policy:agg_logical_and", since: "2.6.0", summary: "Check existence of scripts in the script cache.", complexity: "O(N) with N being the number of scripts to check (so checking a single script is an O(1) operation).", run: scriptExists },
    flush: { arity: -2, flags: "noscript", acl: "slow scripting", tips: "request_policy:all_nodes response_policy:all_succeeded", since: "2.6.0", summary: "Remove all the scripts from the script cache.", complexity: "O(N) with N being the number of scripts in cache", history: [["6.2.0", "Added the `ASYNC` and `SYNC` flushing mode modifiers."]], run: scriptFlush },
    help: { arity: 2, flags: "loading stale", acl: "slow scripting", since: "5.0.0", summary: "Show helpful text about the different subcommands", complexity: "O(1)", run: scriptHelp },
    kill: { arity: 2, flags: "noscript allow_busy", acl: "slow scripting", tips: "request_policy:all_shards response_policy:one_succeeded", since: "2.6.0", summary: "Kill the script currently in execution.", complexity: "O(1)", run: scriptKill },
    load: { arity: 3, flags: "noscript stale", acl: "slow scripting", tips: "request_policy:all_nodes response_policy:all_succeeded", since: "2.6.0", summary: "Load the specified Lua script into the script cache.", complexity: "O(N) with N being the length in bytes of the script body.", run: scriptLoad },
  }),
  spec("fcall", SC, { arity: -3, flags: "noscript stale skip_monitor no_mandatory_keys", ks: EVAL_KEYS, getkeys: evalGetKeys, acl: "slow scripting", since: "7.0.0", summary: "Invoke a function", complexity: FDEPENDS, run: fcallCommand }),
  spec("fcall_ro", SC, { arity: -3, flags: "readonly noscript stale skip_monitor no_mandatory_keys", ks: EVAL_RO_KEYS, getkeys: evalGetKeys, acl: "slow scripting", since: "7.0.0", summary: "Invoke a read-only function", complexity: FDEPENDS, run: fcallRo }),
  container("function", SC, { flags: "", acl: "slow", since: "7.0.0", summary: "A container for function commands", complexity: "Depends on subcommand." }, {
    delete: { arity: 3, flags: "write noscript", acl: "write slow scripting", tips: SHARDS_ALL, since: "7.0.0", summary: "Delete a function by name", complexity: "O(1)", run: functionDelete },
    dump: { arity: 2, flags: "noscript", acl: "slow scripting", since: "7.0.0", summary: "Dump all functions into a serialized binary payload", complexity: "O(N) where N is the number of functions", run: functionDump },
    flush: { arity: -2, flags: "write noscript", acl: "write slow scripting", tips: SHARDS_ALL, since: "7.0.0", summary: "Deleting all functions", complexity: "O(N) where N is the number of functions deleted", run: functionFlush },
    help: { arity: 2, flags: "loading stale", acl: "slow scripting", since: "7.0.0", summary: "Show helpful text about the different subcommands", complexity: "O(1)", run: functionHelp },
    kill: { arity: 2, flags: "noscript allow_busy", acl: "slow scripting", tips: "request_policy:all_shards response_policy:one_succeeded", since: "7.0.0", summary: "Kill the function currently in execution.", complexity: "O(1)", run: functionKill },
    list: { arity: -2, flags: "noscript", acl: "slow scripting", tips: "nondeterministic_output_order", since: "7.0.0", summary: "List information about all the functions", complexity: "O(N) where N is the number of functions", run: functionList },
    load: { arity: -3, flags: "write denyoom noscript", acl: "write slow scripting", tips: SHARDS_ALL, since: "7.0.0", summary: "Create a function with the given arguments (name, code, description)", complexity: "O(1) (considering compilation time is redundant)", run: functionLoad },
    restore: { arity: -3, flags: "write denyoom noscript", acl: "write slow scripting", tips: SHARDS_ALL, since: "7.0.0", summary: "Restore all the functions on the given payload", complexity: "O(N) where N is the number of functions on the payload", run: functionRestore },
    stats: { arity: 2, flags: "noscript allow_busy", acl: "slow scripting", tips: "nondeterministic_output request_policy:all_shards response_policy:special", since: "7.0.0", summary: "Return information about the function currently running (name, description, duration)", complexity: "O(1)", run: functionStats },
  }),
];
