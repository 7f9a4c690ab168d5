/**
 * The Lua scripting engine: one Lua state per server (fengari, Lua 5.3 in JS, with Redis's 5.1
 * behaviour layered on by src/scripting/lib), sandboxed as Redis 7.0 sandboxes it, the `redis.*`
 * API, and the machinery that runs a compiled function for a client.
 *
 * What a run does (Redis's luaCallFunction):
 * - the caller's db, RESP version and reply mode are saved; commands the script runs go through
 *   `execute()` (src/commands/dispatch.ts) with the caller's identity, into the engine's own
 *   ReplyWriter, whose bytes are converted to Lua values (convert.ts). SELECT inside a script
 *   changes only the script's db; blocking commands answer at once (`denyBlocking`).
 * - the function runs in a Lua coroutine with a count hook. Past `busy-reply-threshold` the hook
 *   yields: the caller is parked like a blocked client, other clients get -BUSY (src/scripting
 *   /busy.ts, checked by the dispatcher) and the script continues in slices from setImmediate,
 *   until it ends or SCRIPT KILL makes the hook raise Redis's "Script killed" error.
 * - the result (or the error, with Redis's " script: <name>, on @user_script:<line>." suffix)
 *   is written to the caller.
 *
 * For FUNCTION/FCALL (a later helper): `engineOf(server).vm()` gives the state (`compile`,
 * `L`, `f`), and `engine.run(ctx, ref, push, options)` runs any function reference with
 * arguments pushed by `push` (FCALL passes KEYS/ARGV as parameters rather than globals) under
 * the same sandbox, conversions, BUSY handling and error formatting.
 *
 * fengari is loaded on the first script use (synchronous require inside loadFengari), so a
 * server that never runs a script never loads it.
 */
import { mayReplicate } from "../commands/connection/client-pause.ts";
import { execute } from "../commands/dispatch.ts";
import { findCommand } from "../commands/registry.ts";
import type { CommandSpec, Context, ReplyMode, ServerState } from "../commands/types.ts";
import { ERR, LUA_ERR, ReplyError } from "../errors.ts";
import { Args, asBuffer } from "../protocol/args.ts";
import { bytesToKey, lowerAscii } from "../protocol/bytes.ts";
import { formatDouble } from "../protocol/number-format.ts";
import { ReplyWriter } from "../protocol/reply-writer.ts";
import { setBusyScript } from "./busy.ts";
import { declaredFlags } from "./command-flags.ts";
import {
  errorText,
  type Keys,
  makeKeys,
  pushErrorTable,
  pushReply,
  scriptErrorMessage,
  writeReply,
} from "./convert.ts";
import {
  type Fengari,
  type LuaApi,
  type LuaState,
  type LuaStringObject,
  loadFengari,
} from "./lib/fengari.ts";
import { openRedisLibs, REDIS_GLOBALS } from "./lib/index.ts";
import { LRAND48_MAX, Lrand48 } from "./prng.ts";
import {
  type CachedScript,
  FLAG_EVAL_COMPAT,
  FLAG_NO_WRITES,
  parseShebang,
  sha1hex,
} from "./script-cache.ts";

// ---- the parts of fengari's API beyond lib/fengari.ts's list ----

interface LuaDebug {
  currentline: number;
  source: Uint8Array | null;
  what: Uint8Array | null;
}

type Hook = (L: LuaState, ar: unknown) => void;
type KFunction = (L: LuaState, status: number, ctx: number) => number;

interface EngineLua extends LuaApi {
  LUA_YIELD: number;
  LUA_MASKCOUNT: number;
  LUA_RIDX_GLOBALS: number;
  lua_Debug: new () => LuaDebug;
  lua_newthread(L: LuaState): LuaState;
  lua_resume(L: LuaState, from: LuaState | null, nargs: number): number;
  lua_sethook(L: LuaState, f: Hook | null, mask: number, count: number): void;
  lua_yield(L: LuaState, n: number): number;
  lua_isyieldable(L: LuaState): boolean;
  lua_getstack(L: LuaState, level: number, ar: LuaDebug): number;
  lua_getinfo(L: LuaState, what: Uint8Array, ar: LuaDebug): number;
  lua_pcallk(
    L: LuaState,
    nargs: number,
    nresults: number,
    errfunc: number,
    ctx: number,
    k: KFunction,
  ): number;
  lua_atnativeerror(L: LuaState, f: (L: LuaState) => number): void;
  lua_settable(L: LuaState, idx: number): void;
  lua_pushglobaltable(L: LuaState): void;
  lua_xmove(from: LuaState, to: LuaState, n: number): void;
}

interface EngineAux {
  luaL_loadbufferx(L: LuaState, buf: Uint8Array, size: number, name: Uint8Array, mode: Uint8Array): number;
  luaL_ref(L: LuaState, t: number): number;
  luaL_unref(L: LuaState, t: number, ref: number): void;
  luaL_requiref(L: LuaState, name: Uint8Array, open: (L: LuaState) => number, global: number): void;
  luaL_tolstring(L: LuaState, idx: number): Uint8Array;
  luaL_error(L: LuaState, fmt: Uint8Array, ...args: unknown[]): never;
  luaL_checkany(L: LuaState, arg: number): void;
  luaL_checkinteger(L: LuaState, arg: number): number;
  luaL_argerror(L: LuaState, arg: number, msg: Uint8Array): never;
  luaL_where(L: LuaState, level: number): void;
}

interface EngineLib {
  luaopen_base(L: LuaState): number;
  luaopen_coroutine(L: LuaState): number;
  luaopen_table(L: LuaState): number;
  luaopen_string(L: LuaState): number;
  luaopen_math(L: LuaState): number;
}

/** A fengari table object; `readonly` is redbun's mark (Redis's lua_enablereadonlytable). */
interface LuaTable {
  readonly?: boolean;
}

// ---- readonly tables: fengari's table writes, patched once ----

/** The thread whose run is in progress: luaH_setint has no lua_State to raise the error on. */
let runningThread: LuaState | null = null;
let tablesPatched = false;

/**
 * Redis 7.0.15 patches its Lua so that a table can be made read-only (globals, library tables):
 * any write raises "Attempt to modify a readonly table". fengari's VM and API write tables
 * through ltable's module object (`ltable.luaH_setfrom`, `ltable.luaH_setint`), so wrapping
 * those two functions covers assignment, rawset and rawseti.
 */
function patchReadonlyTables(f: Fengari): void {
  if (tablesPatched) return;
  tablesPatched = true;
  const ltable = require("fengari/src/ltable.js");
  const ldebug = require("fengari/src/ldebug.js");
  const message = f.to_luastring(LUA_ERR.readonlyTable);
  const setfrom = ltable.luaH_setfrom;
  const setint = ltable.luaH_setint;
  ltable.luaH_setfrom = (L: LuaState, t: LuaTable, key: unknown, value: unknown) => {
    if (t.readonly === true) ldebug.luaG_runerror(L, message);
    return setfrom(L, t, key, value);
  };
  ltable.luaH_setint = (t: LuaTable, key: number, value: unknown) => {
    if (t.readonly === true && runningThread !== null) ldebug.luaG_runerror(runningThread, message);
    return setint(t, key, value);
  };
}

// ---- runs ----

/** How a function is run: by EVAL-like commands and, later, FCALL. */
export interface RunOptions {
  /** Shown in error replies as " script: <name>": the sha for EVAL, the function name for FCALL. */
  readonly name: string;
  /** EVAL family (SCRIPT KILL, BUSY text naming SCRIPT KILL) rather than FCALL (FUNCTION KILL). */
  readonly isEval: boolean;
  /** EVAL_RO / EVALSHA_RO / `no-writes`: write commands are refused inside. */
  readonly readOnly: boolean;
}

/** One script invocation in progress (Redis's scriptRunCtx). */
class Run {
  /** What the script's commands run with: the caller's client and server, the engine's writer. */
  readonly sctx: Context;
  resp: 2 | 3 = 2;
  wrote = false;
  killed = false;
  /** Past the threshold: other clients get -BUSY; the run continues from setImmediate. */
  busy = false;
  hookYielded = false;
  readonly startedAt: number;
  sliceStart: number;
  readonly savedDb: number;
  readonly savedResp: 2 | 3;
  readonly savedReplyMode: ReplyMode;
  readonly savedSkip: boolean;

  constructor(
    readonly ctx: Context,
    readonly thread: LuaState,
    readonly options: RunOptions,
    writer: ReplyWriter,
    readonly threshold: number,
  ) {
    const client = ctx.client;
    this.sctx = {
      client,
      server: ctx.server,
      out: writer,
      db: ctx.db,
      now: ctx.now,
      denyBlocking: true,
      fromScript: true,
    };
    this.savedDb = client.db;
    this.savedResp = client.resp;
    this.savedReplyMode = client.replyMode;
    this.savedSkip = client.skipNext;
    client.replyMode = "on";
    client.skipNext = false;
    this.startedAt = performance.now();
    this.sliceStart = this.startedAt;
  }

  get isEval(): boolean {
    return this.options.isEval;
  }

  restore(): void {
    const client = this.ctx.client;
    client.db = this.savedDb;
    client.resp = this.savedResp;
    client.replyMode = this.savedReplyMode;
    client.skipNext = this.savedSkip;
  }
}

/** Instructions between two checks of the clock (and of SCRIPT KILL). */
const HOOK_COUNT = 10_000;
/** Once busy, how long each slice runs before the event loop gets a turn. */
const SLICE_MS = 10;

/** Lua 5.3's runtime error wording "attempt to X a T value (kind 'name')" in 5.1's order. */
const VARINFO_53 =
  /attempt to ([a-z ]+?) an? (\w+) value \((local|global|field|upvalue|method|constant) '([^']*)'\)/g;

export function lua51Wording(message: string): string {
  return message.replace(VARINFO_53, (_m, op, type, kind, name) => {
    const k = kind === "constant" ? "field" : kind;
    return `attempt to ${op} ${k} '${name}' (a ${type} value)`;
  });
}

/** One Lua state with Redis's sandbox and API, and the compiled scripts in its registry. */
export class LuaVM {
  readonly f: Fengari;
  readonly lua: EngineLua;
  readonly aux: EngineAux;
  readonly L: LuaState;
  readonly keys: Keys;
  /** The globals table object, made writable for a moment to set KEYS and ARGV. */
  private readonly globals: LuaTable;
  private readonly chunkName: Uint8Array;
  private readonly textMode: Uint8Array;
  /** A finished coroutine is reused for the next run; one that failed is dropped. */
  private idleThread: LuaState | null = null;
  /** Each coroutine's anchor in the registry (released when it is dropped). */
  private readonly threadRefs = new Map<LuaState, number>();
  private readonly keysName: LuaStringObject;
  private readonly argvName: LuaStringObject;
  /** Where loadCommandArgs copies redis.call's arguments. */
  private argBuf = Buffer.allocUnsafeSlow(ARG_BUFFER_SIZE);
  /** The first argument loadCommandArgs read, as the Lua string it was (null: a number). */
  commandName: Uint8Array | null = null;

  constructor(private readonly engine: ScriptEngine) {
    const f = loadFengari();
    patchReadonlyTables(f);
    this.f = f;
    const lua = f.lua as EngineLua;
    this.lua = lua;
    this.aux = f.lauxlib as unknown as EngineAux;
    this.keys = makeKeys(f);
    this.chunkName = f.to_luastring("@user_script");
    this.textMode = f.to_luastring("t");
    const L = f.lauxlib.luaL_newstate();
    this.L = L;
    this.keysName = f.newStringObject(ascii("KEYS"));
    this.argvName = f.newStringObject(ascii("ARGV"));
    const lib = f.lualib as unknown as EngineLib;
    const open: [string, (L: LuaState) => number][] = [
      ["_G", lib.luaopen_base],
      ["coroutine", lib.luaopen_coroutine],
      ["table", lib.luaopen_table],
      ["string", lib.luaopen_string],
      ["math", lib.luaopen_math],
    ];
    for (const [name, fn] of open) {
      this.aux.luaL_requiref(L, f.to_luastring(name), fn, 1);
      lua.lua_pop(L, 1);
    }
    openRedisLibs(L);
    this.keepOnlyRedisGlobals();
    // A JS exception inside a host function becomes a Lua error instead of a broken state.
    lua.lua_atnativeerror(L, (L) => {
      const e = lua.lua_touserdata(L, 1) as Error;
      engine.server.warn(`Lua host function failed: ${e?.stack ?? e}`);
      lua.lua_pushstring(L, f.to_luastring(`internal error: ${e?.message ?? e}`));
      return 1;
    });
    this.installRandom();
    this.installPcall();
    this.installError();
    this.installRedisApi();
    this.protectGlobals();
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, lua.LUA_RIDX_GLOBALS);
    this.globals = lua.lua_topointer(L, -1) as LuaTable;
    lua.lua_pop(L, 1);
  }

  /**
   * Exactly the globals Redis 7.0.15 has (os, io, print, debug, require, utf8, rawlen... go),
   * plus its error handler's name, a plain function here: redbun formats errors in JS.
   */
  private keepOnlyRedisGlobals(): void {
    const { lua, f, L } = this;
    const keep = new Set(REDIS_GLOBALS);
    const drop: Uint8Array[] = [];
    lua.lua_pushglobaltable(L);
    lua.lua_pushnil(L);
    while (lua.lua_next(L, -2)) {
      lua.lua_pop(L, 1);
      if (lua.lua_type(L, -1) !== lua.LUA_TSTRING) continue;
      const name = lua.lua_tolstring(L, -1)!;
      if (!keep.has(f.to_jsstring(name))) drop.push(name);
    }
    for (const name of drop) {
      lua.lua_pushnil(L);
      lua.lua_setfield(L, -2, name);
    }
    lua.lua_pop(L, 1);
    this.setGlobalFunction(null, "__redis__err__handler", (L) => {
      lua.lua_settop(L, 1);
      return 1;
    });
  }

  private setGlobalFunction(table: string | null, name: string, fn: (L: LuaState) => number): void {
    const { lua, f, L } = this;
    if (table === null) {
      lua.lua_pushcfunction(L, fn);
      lua.lua_setglobal(L, f.to_luastring(name));
      return;
    }
    lua.lua_getglobal(L, f.to_luastring(table));
    lua.lua_pushcfunction(L, fn);
    lua.lua_setfield(L, -2, f.to_luastring(name));
    lua.lua_pop(L, 1);
  }

  /** math.random / math.randomseed on Redis's PRNG (same sequence as redis-server). */
  private installRandom(): void {
    const { lua, aux, f } = this;
    const prng = this.engine.prng;
    this.setGlobalFunction("math", "random", (L) => {
      const r = (prng.next() % LRAND48_MAX) / LRAND48_MAX;
      switch (lua.lua_gettop(L)) {
        case 0:
          lua.lua_pushnumber(L, r);
          break;
        case 1: {
          const u = aux.luaL_checkinteger(L, 1);
          if (!(1 <= u)) aux.luaL_argerror(L, 1, f.to_luastring("interval is empty"));
          lua.lua_pushnumber(L, Math.floor(r * u) + 1);
          break;
        }
        case 2: {
          const l = aux.luaL_checkinteger(L, 1);
          const u = aux.luaL_checkinteger(L, 2);
          if (!(l <= u)) aux.luaL_argerror(L, 2, f.to_luastring("interval is empty"));
          lua.lua_pushnumber(L, Math.floor(r * (u - l + 1)) + l);
          break;
        }
        default:
          return aux.luaL_error(L, f.to_luastring("wrong number of arguments"));
      }
      return 1;
    });
    this.setGlobalFunction("math", "randomseed", (L) => {
      prng.seed(aux.luaL_checkinteger(L, 1) | 0);
      return 0;
    });
  }

  /**
   * Redis's pcall: an error that is a Redis error table comes back as its `err` string, as
   * before Redis 7. Built on lua_pcallk so a script inside pcall can still yield from the hook.
   */
  private installPcall(): void {
    const { lua, aux, keys } = this;
    const finish: KFunction = (L, status, extra) => {
      if (status !== lua.LUA_OK && status !== lua.LUA_YIELD) {
        if (lua.lua_type(L, -1) === lua.LUA_TTABLE) {
          lua.lua_getfield(L, -1, keys.err);
          if (lua.lua_isstring(L, -1)) lua.lua_replace(L, -2);
          else lua.lua_pop(L, 1);
        }
        lua.lua_pushboolean(L, false);
        lua.lua_pushvalue(L, -2);
        return 2;
      }
      return lua.lua_gettop(L) - extra;
    };
    this.setGlobalFunction(null, "pcall", (L) => {
      aux.luaL_checkany(L, 1);
      lua.lua_pushboolean(L, true);
      lua.lua_insert(L, 1);
      const status = lua.lua_pcallk(L, lua.lua_gettop(L) - 2, lua.LUA_MULTRET, 0, 0, finish);
      return finish(L, status, 0);
    });
  }

  /** Lua 5.1's error(): a number message gets the position too (5.3 adds it to strings only). */
  private installError(): void {
    const { lua, aux } = this;
    this.setGlobalFunction(null, "error", (L) => {
      const level = lua.lua_type(L, 2) <= 0 ? 1 : aux.luaL_checkinteger(L, 2);
      lua.lua_settop(L, 1);
      if (lua.lua_isstring(L, 1) && level > 0) {
        aux.luaL_where(L, level);
        lua.lua_pushvalue(L, 1);
        lua.lua_concat(L, 2);
      }
      return lua.lua_error(L);
    });
  }

  /** Raise {err=...} as Redis's luaPushError + luaError do. */
  private raise(L: LuaState, message: string): never {
    pushErrorTable(this.f, this.keys, L, errorText(message), false);
    return this.lua.lua_error(L);
  }

  private installRedisApi(): void {
    const { lua, f, L, keys } = this;
    const engine = this.engine;
    lua.lua_createtable(L, 0, 32);
    const fn = (name: string, body: (L: LuaState) => number) => {
      lua.lua_pushcfunction(L, body);
      lua.lua_setfield(L, -2, f.to_luastring(name));
    };
    const num = (name: string, n: number) => {
      lua.lua_pushnumber(L, n);
      lua.lua_setfield(L, -2, f.to_luastring(name));
    };
    fn("call", (L) => engine.callFromScript(L, true));
    fn("pcall", (L) => engine.callFromScript(L, false));
    fn("sha1hex", (L) => {
      if (lua.lua_gettop(L) !== 1) return this.raise(L, LUA_ERR.sha1Args);
      const s = lua.lua_tolstring(L, 1) ?? new Uint8Array(0);
      lua.lua_pushstring(L, f.to_luastring(sha1hex(s)));
      return 1;
    });
    const replyArgs = (L: LuaState): boolean => {
      if (lua.lua_gettop(L) === 1 && lua.lua_type(L, -1) === lua.LUA_TSTRING) return true;
      pushErrorTable(f, keys, L, errorText(LUA_ERR.replyArgs), false);
      return false;
    };
    fn("error_reply", (L) => {
      if (!replyArgs(L)) return 1;
      const s = bytesToKey(lua.lua_tolstring(L, 1)!);
      pushErrorTable(f, keys, L, errorText(s.startsWith("-") ? s : `-${s}`), false);
      return 1;
    });
    fn("status_reply", (L) => {
      if (!replyArgs(L)) return 1;
      lua.lua_createtable(L, 0, 1);
      f.pushStringObject(L, keys.obj.ok);
      lua.lua_pushvalue(L, -3);
      lua.lua_rawset(L, -3);
      return 1;
    });
    fn("log", (L) => {
      const argc = lua.lua_gettop(L);
      if (argc < 2) return this.raise(L, LUA_ERR.logArgs);
      if (!lua.lua_isnumber(L, 1)) return this.raise(L, LUA_ERR.logLevelType);
      const level = Math.trunc(lua.lua_tonumber(L, 1));
      if (level < 0 || level > 3) return this.raise(L, LUA_ERR.logLevel);
      const parts: string[] = [];
      for (let i = 2; i <= argc; i++) {
        const s =
          lua.lua_type(L, i) === lua.LUA_TNUMBER || lua.lua_isstring(L, i) ? lua.lua_tolstring(L, i) : null;
        if (s !== null) parts.push(f.to_jsstring(s));
      }
      engine.log(level, parts.join(" "));
      return 0;
    });
    num("LOG_DEBUG", 0);
    num("LOG_VERBOSE", 1);
    num("LOG_NOTICE", 2);
    num("LOG_WARNING", 3);
    fn("setresp", (L) => {
      const run = engine.current;
      if (lua.lua_gettop(L) !== 1) return this.raise(L, LUA_ERR.setrespArgs);
      const resp = Math.trunc(lua.lua_tonumber(L, 1));
      if (resp !== 2 && resp !== 3) return this.raise(L, LUA_ERR.setrespValue);
      if (run !== null) run.resp = resp;
      return 0;
    });
    fn("set_repl", (L) => {
      if (lua.lua_gettop(L) !== 1) return this.raise(L, LUA_ERR.setReplArgs);
      const flags = Math.trunc(lua.lua_tonumber(L, 1));
      if ((flags & ~3) !== 0) return this.raise(L, LUA_ERR.setReplFlags);
      return 0;
    });
    num("REPL_NONE", 0);
    num("REPL_AOF", 1);
    num("REPL_SLAVE", 2);
    num("REPL_REPLICA", 2);
    num("REPL_ALL", 3);
    fn("replicate_commands", (L) => {
      lua.lua_pushboolean(L, true);
      return 1;
    });
    // No debugger: redis.breakpoint() is false and redis.debug() does nothing, as outside one.
    fn("breakpoint", (L) => {
      lua.lua_pushboolean(L, false);
      return 1;
    });
    fn("debug", () => 0);
    fn("acl_check_cmd", (L) => {
      const argv = this.commandArgs(L);
      if (typeof argv === "string") return this.raise(L, argv);
      if (engine.lookup(argv) === undefined) return this.raise(L, LUA_ERR.aclCheckCommand);
      // redbun has one user with every permission.
      lua.lua_pushboolean(L, true);
      return 1;
    });
    const version = engine.server.version;
    lua.lua_pushstring(L, f.to_luastring(version));
    lua.lua_setfield(L, -2, f.to_luastring("REDIS_VERSION"));
    const [major = 0, minor = 0, patch = 0] = version.split(".").map(Number);
    num("REDIS_VERSION_NUM", (major << 16) | (minor << 8) | patch);
    lua.lua_setglobal(L, f.to_luastring("redis"));
  }

  /**
   * redis.call's arguments (Redis's luaArgsToRedisArgv): numbers as "%.17g", strings as their
   * bytes (views of the Lua strings: valid while they stay on the stack); an error text else.
   */
  commandArgs(L: LuaState): Uint8Array[] | string {
    const { lua } = this;
    const argc = lua.lua_gettop(L);
    if (argc === 0) return LUA_ERR.noArgs;
    const argv: Uint8Array[] = new Array(argc);
    for (let i = 1; i <= argc; i++) {
      const t = lua.lua_type(L, i);
      if (t === lua.LUA_TNUMBER) {
        const n = lua.lua_tonumber(L, i);
        argv[i - 1] = Number.isInteger(n) && Math.abs(n) < 1e15 ? ascii(String(n)) : ascii(formatDouble(n));
      } else if (t === lua.LUA_TSTRING) {
        argv[i - 1] = lua.lua_tolstring(L, i)!;
      } else return LUA_ERR.argType;
    }
    return argv;
  }

  /**
   * commandArgs for redis.call, straight into `args`: each argument's bytes are copied into one
   * reused Buffer and `args` holds their positions in it, as it holds a socket read's. Wrapping
   * each Lua string in a Buffer instead costs more than copying it (reading a typed array's
   * `.buffer` makes JSC give it a separate ArrayBuffer), except for long ones, which are
   * wrapped. The bytes stay valid until the next call, as Args' contract asks. Returns an error
   * text, or null.
   */
  loadCommandArgs(L: LuaState, args: Args): string | null {
    const { lua } = this;
    const argc = lua.lua_gettop(L);
    if (argc === 0) return LUA_ERR.noArgs;
    args.reserve(argc);
    const { src, starts, ends } = args;
    let buf = this.argBuf;
    let pos = 0;
    for (let i = 0; i < argc; i++) {
      const t = lua.lua_type(L, i + 1);
      let s: Uint8Array;
      if (t === lua.LUA_TSTRING) {
        s = lua.lua_tolstring(L, i + 1)!;
        if (i === 0) this.commandName = s;
      } else if (t === lua.LUA_TNUMBER) {
        const n = lua.lua_tonumber(L, i + 1);
        s = ascii(Number.isInteger(n) && Math.abs(n) < 1e15 ? String(n) : formatDouble(n));
        if (i === 0) this.commandName = null;
      } else {
        args.length = 0;
        return LUA_ERR.argType;
      }
      const n = s.length;
      if (n > ARG_COPY_MAX) {
        src[i] = asBuffer(s);
        starts[i] = 0;
        ends[i] = n;
        continue;
      }
      if (pos + n > buf.length) {
        // Arguments already placed keep the old buffer.
        buf = Buffer.allocUnsafeSlow(Math.max(ARG_BUFFER_SIZE, 2 * n));
        this.argBuf = buf;
        pos = 0;
      }
      if (n <= 32) for (let k = 0; k < n; k++) buf[pos + k] = s[k]!;
      else buf.set(s, pos);
      src[i] = buf;
      starts[i] = pos;
      ends[i] = pos + n;
      pos += n;
    }
    args.length = argc;
    return null;
  }

  /**
   * Globals protection as Redis 7.0.15 has it: reading a missing global raises "Script attempted
   * to access nonexistent global variable", and _G, every table reachable from it, their
   * metatables and the string metatable are read-only.
   */
  private protectGlobals(): void {
    const { lua, aux, f, L } = this;
    const fmt = f.to_luastring(LUA_ERR.nonexistentGlobal);
    lua.lua_pushglobaltable(L);
    lua.lua_createtable(L, 0, 1);
    lua.lua_pushcfunction(L, (L) => aux.luaL_error(L, fmt, lua.lua_tolstring(L, 2) ?? f.to_luastring("?")));
    lua.lua_setfield(L, -2, f.to_luastring("__index"));
    lua.lua_setmetatable(L, -2);
    this.makeReadonly(new Set());
    lua.lua_pop(L, 1);
    lua.lua_pushstring(L, f.to_luastring(""));
    if (lua.lua_getmetatable(L, -1)) {
      this.makeReadonly(new Set());
      lua.lua_pop(L, 1);
    }
    lua.lua_pop(L, 1);
  }

  /** Marks the table at the top of the stack, its table values and its metatable read-only. */
  private makeReadonly(seen: Set<unknown>): void {
    const { lua, L } = this;
    const t = lua.lua_topointer(L, -1) as LuaTable;
    if (seen.has(t)) return;
    seen.add(t);
    lua.lua_pushnil(L);
    while (lua.lua_next(L, -2)) {
      if (lua.lua_type(L, -1) === lua.LUA_TTABLE) this.makeReadonly(seen);
      lua.lua_pop(L, 1);
    }
    if (lua.lua_getmetatable(L, -1)) {
      this.makeReadonly(seen);
      lua.lua_pop(L, 1);
    }
    t.readonly = true;
  }

  /**
   * Compile `code` (Redis: "@user_script" for EVAL bodies); returns its registry reference or
   * throws the compile error as Redis words it.
   */
  compile(code: Uint8Array, chunkName: Uint8Array = this.chunkName): number {
    const { lua, aux, L } = this;
    const status = aux.luaL_loadbufferx(L, code, code.length, chunkName, this.textMode);
    if (status !== lua.LUA_OK) {
      const message = bytesToKey(lua.lua_tolstring(L, -1) ?? new Uint8Array(0));
      lua.lua_pop(L, 1);
      // Lua 5.1 quotes every token in "near ..." and "... expected"; 5.3 leaves <eof> & co. bare.
      throw new ReplyError(
        ERR.scriptCompile(
          message.replace(/(^|[ (])(<(?:eof|name|string|number|integer)>)(?=[ )]|$)/g, "$1'$2'"),
        ),
      );
    }
    return aux.luaL_ref(L, lua.LUA_REGISTRYINDEX);
  }

  release(ref: number): void {
    this.aux.luaL_unref(this.L, this.lua.LUA_REGISTRYINDEX, ref);
  }

  /**
   * Set KEYS and ARGV (fresh tables each call) from args[first..]. The names are string objects
   * made once: set by name, each call would make and hash new ones.
   */
  setKeysAndArgv(args: Args, first: number, numkeys: number): void {
    const { lua, L, f } = this;
    const g = this.globals;
    g.readonly = false;
    try {
      lua.lua_pushglobaltable(L);
      const push = (from: number, n: number, name: LuaStringObject) => {
        f.pushStringObject(L, name);
        lua.lua_createtable(L, n, 0);
        for (let i = 0; i < n; i++) {
          f.pushOwnedBytes(L, args.len(from + i) === 0 ? EMPTY : args.copy(from + i));
          lua.lua_rawseti(L, -2, i + 1);
        }
        lua.lua_rawset(L, -3);
      };
      push(first, numkeys, this.keysName);
      push(first + numkeys, args.length - first - numkeys, this.argvName);
      lua.lua_pop(L, 1);
    } finally {
      g.readonly = true;
    }
  }

  /** A coroutine for the next run (reused after a run that ended normally). */
  thread(hook: Hook): LuaState {
    const { lua, L } = this;
    let co = this.idleThread;
    if (co === null) {
      co = lua.lua_newthread(L);
      // Anchored in the registry so the main stack does not keep it.
      this.threadRefs.set(co, this.aux.luaL_ref(L, lua.LUA_REGISTRYINDEX));
      lua.lua_sethook(co, hook, lua.LUA_MASKCOUNT, HOOK_COUNT);
    }
    this.idleThread = null;
    return co;
  }

  /** The run on `co` failed: a dead coroutine cannot run again. */
  drop(co: LuaState): void {
    const ref = this.threadRefs.get(co);
    if (ref === undefined) return;
    this.threadRefs.delete(co);
    this.aux.luaL_unref(this.L, this.lua.LUA_REGISTRYINDEX, ref);
  }

  /** The run on `co` ended normally: keep it for the next one. */
  recycle(co: LuaState): void {
    this.lua.lua_settop(co, 0);
    this.idleThread = co;
  }

  /**
   * Where an error happened, from the failed coroutine's stack (not unwound on error in 5.3):
   * the function that raised it, or the Lua function that called it when that was a C
   * function, as Redis's error handler looks at getinfo(2) then getinfo(3).
   */
  errorPosition(co: LuaState): string | null {
    const { lua, f } = this;
    const ar = new lua.lua_Debug();
    const sl = f.to_luastring("Sl");
    // fengari says "J" (not "C") for functions written in JS.
    for (let level = 0; level < 3; level++) {
      if (!lua.lua_getstack(co, level, ar)) return null;
      lua.lua_getinfo(co, sl, ar);
      const what = ar.what === null ? "" : f.to_jsstring(ar.what);
      if (what === "C" || what === "J") continue;
      const source = ar.source === null ? "?" : bytesToKey(ar.source);
      return `${source}:${ar.currentline}`;
    }
    return null;
  }
}

const EMPTY = new Uint8Array(0);
/** redis.call arguments longer than this are wrapped, not copied (see loadCommandArgs). */
const ARG_COPY_MAX = 4096;
const ARG_BUFFER_SIZE = 64 * 1024;
/** Command names remembered by lookupArgs (cleared when full: computed names are rare). */
const SPEC_CACHE_MAX = 1024;

function ascii(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}

// ---- the per-server engine ----

/** Scripting state of one server: the script cache, the Lua VM, the PRNG and the current run. */
export class ScriptEngine {
  readonly scripts = new Map<string, CachedScript>();
  current: Run | null = null;
  private vmInstance: LuaVM | null = null;
  /** The script's commands reply into this; its bytes become Lua values. */
  private readonly writer = new ReplyWriter();
  private readonly args = new Args();
  private readonly hook: Hook;
  private readonly specByName = new Map<Uint8Array, CommandSpec>();

  /**
   * `prng`: Redis's PRNG is process state, not Lua state: SCRIPT FLUSH does not reset it, and
   * the functions engine (src/scripting/functions.ts, its own Lua state) draws from the same one.
   */
  constructor(
    readonly server: ServerState,
    readonly prng: Lrand48 = new Lrand48(),
  ) {
    this.hook = (L) => this.onHook(L);
  }

  /** The Lua state, created on first use. */
  vm(): LuaVM {
    if (this.vmInstance === null) this.vmInstance = new LuaVM(this);
    return this.vmInstance;
  }

  /** Whether the VM exists (INFO's used_memory_lua without creating it). */
  get started(): boolean {
    return this.vmInstance !== null;
  }

  /** SCRIPT FLUSH: forget every script and start a fresh Lua state on next use. */
  flush(): void {
    this.scripts.clear();
    this.vmInstance = null;
  }

  /** SCRIPT LOAD / EVAL: the cached script for `body`, compiling it on first sight. */
  load(body: Uint8Array): CachedScript {
    const sha = sha1hex(body);
    const cached = this.scripts.get(sha);
    if (cached !== undefined) return cached;
    const { flags, codeStart } = parseShebang(body);
    const ref = this.vm().compile(body.subarray(codeStart));
    const script: CachedScript = { sha, ref, flags, bodyBytes: body.length };
    this.scripts.set(sha, script);
    return script;
  }

  /** lookup() for the arguments loadCommandArgs put in `args` (`name`: the Lua string of the first). */
  lookupArgs(args: Args, name: Uint8Array | null): CommandSpec | undefined {
    // A script names its commands with constant strings, the same object every run: looked up
    // by identity, without making a JS string of the name each time.
    let spec = name === null ? undefined : this.specByName.get(name);
    if (spec === undefined) {
      spec = findCommand(args.key(0));
      if (spec === undefined) return undefined;
      if (name !== null) {
        if (this.specByName.size >= SPEC_CACHE_MAX) this.specByName.clear();
        this.specByName.set(name, spec);
      }
    }
    if (spec.subcommands === undefined || args.length < 2) return spec;
    return spec.subcommands.get(args.lower(1));
  }

  /** The spec redis.call would run for argv (a subcommand where there is one), or undefined. */
  lookup(argv: readonly Uint8Array[]): CommandSpec | undefined {
    const spec = findCommand(bytesToKey(argv[0]!));
    if (spec === undefined || spec.subcommands === undefined || argv.length < 2) return spec;
    return spec.subcommands.get(lowerAscii(argv[1]!));
  }

  log(level: number, message: string): void {
    const log = (this.server as { log?: Record<string, (m: string) => void> }).log;
    const method = ["debug", "verbose", "notice", "warning"][level]!;
    if (log !== undefined && typeof log[method] === "function") log[method]!(message);
    else if (level === 3) this.server.warn(message);
  }

  /**
   * EVAL / EVALSHA and the _RO forms once the script is found: KEYS/ARGV from args[first..],
   * then `run`.
   */
  evalScript(
    ctx: Context,
    script: CachedScript,
    args: Args,
    first: number,
    numkeys: number,
    ro: boolean,
  ): void {
    if (ro && (script.flags & (FLAG_EVAL_COMPAT | FLAG_NO_WRITES)) === 0) {
      throw new ReplyError(ERR.scriptWriteFlagRo);
    }
    const vm = this.vm();
    vm.setKeysAndArgv(args, first, numkeys);
    const readOnly = ro || (script.flags & FLAG_NO_WRITES) !== 0;
    this.run(ctx, script.ref, () => 0, { name: script.sha, isEval: true, readOnly });
  }

  /**
   * Run the function `ref` for the client in ctx: `push` pushes its arguments onto the thread
   * and returns how many. Writes the reply (or parks the client until the script ends); throws
   * a ReplyError for an error reply when the script ends at once.
   */
  run(ctx: Context, ref: number, push: (L: LuaState) => number, options: RunOptions): void {
    const vm = this.vm();
    const { lua } = vm;
    const threshold = ctx.server.config.getNumber("busy-reply-threshold");
    const co = vm.thread(this.hook);
    const run = new Run(ctx, co, options, this.writer, threshold);
    lua.lua_rawgeti(co, lua.LUA_REGISTRYINDEX, ref);
    const nargs = push(co);
    const result = this.resume(run, nargs);
    // Ended without yielding: nothing can have come due meanwhile, but the hold ends here.
    if (result !== "yielded") this.server.dbs.releaseTimers();
    if (result === "yielded") {
      // Parked like a blocked client: its later commands wait, its reply comes when it ends.
      ctx.client.blocked = true;
      setImmediate(() => this.continueRun(run));
      return;
    }
    if (result !== null) throw result;
  }

  /** Resume `run` once: "yielded", null (the reply is written), or the error to reply. */
  private resume(run: Run, nargs: number): "yielded" | ReplyError | null {
    const vm = this.vm();
    const { lua } = vm;
    const co = run.thread;
    this.current = run;
    runningThread = co;
    run.hookYielded = false;
    const dbs = this.server.dbs;
    // Lazy expiry inside the script compares deadlines with its start time, as Redis does.
    dbs.scriptNow = run.sctx.now;
    let status: number;
    try {
      status = lua.lua_resume(co, null, nargs);
    } finally {
      this.current = null;
      runningThread = null;
      dbs.scriptNow = null;
    }
    if (status === lua.LUA_YIELD && run.hookYielded) return "yielded";
    const out = run.ctx.out;
    run.restore();
    this.endBusy(run);
    if (status === lua.LUA_OK) {
      lua.lua_checkstack(co, 8);
      if (lua.lua_gettop(co) === 0) lua.lua_pushnil(co);
      else lua.lua_settop(co, 1);
      // A top-level error table is an error reply like any other, counted by the dispatcher.
      if (lua.lua_type(co, -1) === lua.LUA_TTABLE) {
        const error = topLevelError(vm, co);
        if (error !== null) {
          vm.recycle(co);
          return error;
        }
      }
      writeReply(vm.f, vm.keys, co, out, run.resp);
      vm.recycle(co);
      return null;
    }
    // An error, or coroutine.yield at the script's top level (Redis: not yieldable there).
    // The dead coroutine's stack is full up to its frame's limit: read the error object on
    // the main state.
    const where = vm.errorPosition(co);
    const L = vm.L;
    let message: string;
    let counted = false;
    if (status === lua.LUA_YIELD) message = `ERR ${LUA_ERR.yieldAcrossC}`;
    else {
      lua.lua_xmove(co, L, 1);
      if (lua.lua_type(L, -1) === lua.LUA_TTABLE) {
        lua.lua_getfield(L, -1, vm.keys.err);
        const err = lua.lua_tolstring(L, -1);
        message =
          err === null ? "ERR Error running script (the error table has no err field)" : bytesToKey(err);
        lua.lua_pop(L, 1);
        lua.lua_getfield(L, -1, vm.keys.ignoreStats);
        counted = lua.lua_toboolean(L, -1);
        lua.lua_pop(L, 1);
      } else {
        message = `ERR ${bytesToKey(vm.aux.luaL_tolstring(L, -1))}`;
        lua.lua_pop(L, 1);
      }
      lua.lua_pop(L, 1);
    }
    message = lua51Wording(message);
    if (where !== null) message += ` script: ${run.options.name}, on ${where}.`;
    vm.drop(co);
    const error = new ReplyError(scriptErrorMessage(ascii(message)));
    error.counted = counted;
    return error;
  }

  private continueRun(run: Run): void {
    run.sliceStart = performance.now();
    const result = this.resume(run, 0);
    if (result === "yielded") {
      setImmediate(() => this.continueRun(run));
      return;
    }
    const ctx = run.ctx;
    if (result !== null) {
      const mark = ctx.out.len;
      ctx.out.error(result.message);
      if (ctx.client.replyMode === "off") ctx.out.len = mark;
      const stats = ctx.server.stats;
      if (!result.counted) {
        stats.errorReplies++;
        const code = result.code;
        stats.errorCodes.set(code, (stats.errorCodes.get(code) ?? 0) + 1);
      }
      const st = stats.commands.get(ctx.client.lastCommand);
      if (st !== undefined) st.failedCalls++;
    }
    ctx.client.blocked = false;
    if (ctx.server.blocking.hasReady) ctx.server.blocking.serveReady();
    // What came due while the script ran (expiry, blocking timeouts) runs now: after the
    // clients its writes released, as Redis handles timeouts after the command.
    ctx.server.dbs.releaseTimers();
    ctx.client.resume();
  }

  private endBusy(run: Run): void {
    if (!run.busy) return;
    run.busy = false;
    setBusyScript(this.server, null);
  }

  /** The count hook: SCRIPT KILL, the BUSY threshold, and slices once busy. */
  private onHook(L: LuaState): void {
    const run = this.current;
    if (run === null) return;
    const vm = this.vm();
    if (run.killed) {
      pushErrorTable(vm.f, vm.keys, L, errorText(LUA_ERR.killed), false);
      vm.lua.lua_error(L);
    }
    const now = performance.now();
    if (!run.busy) {
      if (now - run.startedAt < run.threshold) return;
      run.busy = true;
      // From the first turn of the event loop on, expiry and blocking timeouts wait for the end.
      this.server.dbs.holdTimers();
      const busy = run;
      setBusyScript(this.server, {
        isEval: run.isEval,
        get wrote() {
          return busy.wrote;
        },
        get killed() {
          return busy.killed;
        },
        set killed(v: boolean) {
          busy.killed = v;
        },
      });
    } else if (now - run.sliceStart < SLICE_MS) return;
    // Only the run's own thread yields to us; inside a script's coroutine or a C call
    // (table.sort's comparator, ...) it cannot, so it tries again at the next check.
    if (L !== run.thread || !vm.lua.lua_isyieldable(L)) return;
    run.hookYielded = true;
    vm.lua.lua_yield(L, 0);
  }

  /** redis.call (raise) / redis.pcall: Redis's luaRedisGenericCommand. */
  callFromScript(L: LuaState, raise: boolean): number {
    const vm = this.vm();
    const { lua, f, keys } = vm;
    const run = this.current;
    if (run === null) {
      pushErrorTable(
        f,
        keys,
        L,
        errorText("redis.call/pcall can only be called inside a script invocation"),
        false,
      );
      return lua.lua_error(L);
    }
    const args = this.args;
    let failure = vm.loadCommandArgs(L, args);
    let spec: CommandSpec | undefined;
    if (failure === null) {
      spec = this.lookupArgs(args, vm.commandName);
      if (spec === undefined) failure = LUA_ERR.unknownCommand;
      else if ((spec.arity > 0 && spec.arity !== args.length) || args.length < -spec.arity) {
        failure = LUA_ERR.wrongArity;
      } else if (spec.flags.includes("noscript")) failure = LUA_ERR.noScript;
      else if (run.options.readOnly && mayReplicate(spec)) {
        failure = LUA_ERR.readOnly;
      }
    }
    if (failure !== null) {
      const text = errorText(failure);
      // Counted here (Redis's afterErrorReply), so the script's own error is not counted again.
      const stats = this.server.stats;
      stats.errorReplies++;
      const code = text.slice(0, text.indexOf(" "));
      stats.errorCodes.set(code, (stats.errorCodes.get(code) ?? 0) + 1);
      if (spec !== undefined) {
        const st = stats.commands.get(spec.name);
        if (st !== undefined) st.rejectedCalls++;
      }
      lua.lua_settop(L, 0);
      pushErrorTable(f, keys, L, text, true);
      return raise ? lua.lua_error(L) : 1;
    }
    const w = this.writer;
    w.len = 0;
    w.resp = run.resp;
    const client = run.ctx.client;
    client.resp = run.resp;
    if (spec!.flags.includes("write")) run.wrote = true;
    this.server.stats.totalCommands++;
    const sctx = run.sctx;
    execute(sctx, spec!, args, false);
    lua.lua_settop(L, 0);
    pushReply(f, keys, L, w.buf, 0);
    if (raise && w.buf[0] === 45) return lua.lua_error(L);
    return 1;
  }
}

/** A top-level `return {err=...}`: the ReplyError to answer with, else null (left on the stack). */
function topLevelError(vm: LuaVM, co: LuaState): ReplyError | null {
  const { lua, keys } = vm;
  lua.lua_pushstring(co, keys.err);
  if (lua.lua_rawget(co, -2) !== lua.LUA_TSTRING) {
    lua.lua_pop(co, 1);
    return null;
  }
  const message = scriptErrorMessage(lua.lua_tolstring(co, -1)!);
  lua.lua_pop(co, 1);
  lua.lua_getfield(co, -1, keys.ignoreStats);
  const counted = lua.lua_toboolean(co, -1);
  lua.lua_pop(co, 2);
  const error = new ReplyError(message);
  error.counted = counted;
  return error;
}

const engines = new WeakMap<ServerState, ScriptEngine>();

/** The scripting engine of `server`, created on first use (the Lua state itself later still). */
export function engineOf(server: ServerState): ScriptEngine {
  let e = engines.get(server);
  if (e === undefined) {
    e = new ScriptEngine(server);
    engines.set(server, e);
  }
  return e;
}

/** The engine if `server` ever used scripting (INFO), without creating one. */
export function engineIfAny(server: ServerState): ScriptEngine | undefined {
  return engines.get(server);
}

declaredFlags.script = (server, sha) => engines.get(server)?.scripts.get(sha)?.flags;
