/**
 * Redis functions (FUNCTION LOAD & co., FCALL): the library registry of one server and the Lua
 * engine its libraries run in.
 *
 * As in Redis 7.0 (functions.c, function_lua.c), functions live in a Lua state of their own, not
 * the EVAL one: SCRIPT FLUSH leaves them alone and FUNCTION FLUSH starts a fresh state. That
 * state is a second ScriptEngine (src/scripting/engine.ts), so FCALL gets EVAL's sandbox,
 * redis.* API, conversions, BUSY handling and error formatting; both draw from one PRNG.
 *
 * Every library's code runs with the same globals table G, empty and read-only, whose
 * metatable's __index is switched:
 * - while a library loads, to the load API: only `redis.register_function`, `redis.log`, the
 *   LOG_* levels and the version fields, every other name an error ("Script attempted to access
 *   nonexistent global variable 'call'"), under a 500 ms budget;
 * - otherwise to the state's real globals, which the registered callbacks (closures over G)
 *   then see when FCALL runs them, with KEYS and ARGV as their two parameters.
 *
 * Names: libraries are case-sensitive, functions are looked up case-insensitively (Redis's
 * dictSdsKeyCaseCompare) and must be unique across libraries.
 */

import type { ServerState } from "../commands/types.ts";
import { splitArgs } from "../config/config-file.ts";
import { ERR, LUA_ERR, ReplyError } from "../errors.ts";
import { bytesToKey } from "../protocol/bytes.ts";
import { declaredFlags } from "./command-flags.ts";
import { errorText, pushErrorTable } from "./convert.ts";
import { engineOf, type LuaVM, lua51Wording, ScriptEngine } from "./engine.ts";
import {
  encodeFunctionPayload,
  OPCODE_FUNCTION_PRE_GA,
  OPCODE_FUNCTION2,
  PayloadReader,
  verifyPayload,
} from "./function-payload.ts";
import type { LuaState } from "./lib/fengari.ts";
import { FLAG_NO_WRITES } from "./script-cache.ts";

/** Redis's scripts_flags_def, in its order (FUNCTION LIST shows flags in this order). */
export const FUNCTION_FLAGS: readonly (readonly [name: string, bit: number])[] = [
  ["no-writes", FLAG_NO_WRITES],
  ["allow-oom", 2],
  ["allow-stale", 4],
  ["no-cluster", 8],
  ["allow-cross-slot-keys", 16],
];

export interface LuaFunction {
  /** As registered (FUNCTION LIST, error replies, FUNCTION STATS). */
  readonly name: string;
  /** The callback in the functions engine's Lua registry. */
  readonly ref: number;
  readonly flags: number;
  readonly description: Uint8Array | null;
}

export interface Library {
  readonly name: string;
  /** The code as loaded, shebang included (FUNCTION LIST WITHCODE, FUNCTION DUMP). */
  readonly code: Uint8Array;
  /** In registration order (Redis: dict order). */
  readonly functions: Map<string, LuaFunction>;
}

/** A set of libraries and the function index over them (Redis's functionsLibCtx). */
export class LibrarySet {
  readonly libraries = new Map<string, Library>();
  /** Lower-cased function name -> function. */
  readonly functions = new Map<string, LuaFunction>();
  functionCount = 0;

  link(lib: Library): void {
    for (const fn of lib.functions.values()) {
      const key = lowerAscii(fn.name);
      // Redis's dictAdd keeps the first of two names differing only in case in one library.
      if (!this.functions.has(key)) this.functions.set(key, fn);
    }
    this.libraries.set(lib.name, lib);
    this.functionCount += lib.functions.size;
  }

  unlink(lib: Library): void {
    for (const fn of lib.functions.values()) {
      const key = lowerAscii(fn.name);
      if (this.functions.get(key) === fn) this.functions.delete(key);
    }
    this.libraries.delete(lib.name);
    this.functionCount -= lib.functions.size;
  }
}

/** What FUNCTION STATS shows of an FCALL running past busy-reply-threshold. */
export interface RunningFunction {
  readonly name: string;
  readonly argv: readonly Uint8Array[];
  readonly startedAt: number;
}

export type RestorePolicy = "flush" | "append" | "replace";

/** FUNCTION LOAD's budget for running a library's top-level code (Redis's LOAD_TIMEOUT_MS). */
const LOAD_TIMEOUT_MS = 500;
/** Instructions between two checks of that budget. */
const LOAD_HOOK_COUNT = 100_000;

/** The fengari calls used here beyond those engine.ts and lib/fengari.ts declare. */
interface FunctionLua {
  LUA_MASKCOUNT: number;
  lua_setupvalue(L: LuaState, funcindex: number, n: number): Uint8Array | null;
  lua_sethook(L: LuaState, f: ((L: LuaState) => void) | null, mask: number, count: number): void;
  lua_isfunction(L: LuaState, idx: number): boolean;
  lua_pushglobaltable(L: LuaState): void;
}

interface LuaTable {
  readonly?: boolean;
}

/** The load-time environment of one Lua state. */
interface LoadEnv {
  /** The globals of every library's code (G), in the registry. */
  readonly globalsRef: number;
  /** G's metatable, whose __index is switched. */
  readonly meta: LuaTable;
  readonly metaRef: number;
  readonly loadApiRef: number;
  readonly realGlobalsRef: number;
}

/** The library being loaded, for redis.register_function. */
interface Loading {
  readonly lib: Library;
  readonly startedAt: number;
  readonly timeoutMs: number;
}

const enc = new TextEncoder();
const PRE_GA_NAME = enc.encode(" name=");
const NEWLINE = enc.encode("\n");

/** Functions and libraries of one server. */
export class FunctionEngine {
  private engine: ScriptEngine;
  private env: LoadEnv | null = null;
  private envVm: LuaVM | null = null;
  current = new LibrarySet();
  private loading: Loading | null = null;
  /** Set when an FCALL yields (past busy-reply-threshold), read by FUNCTION STATS. */
  running: RunningFunction | null = null;

  constructor(readonly server: ServerState) {
    this.engine = this.newEngine();
  }

  private newEngine(): ScriptEngine {
    return new ScriptEngine(this.server, engineOf(this.server).prng);
  }

  /** The engine FCALL runs callbacks with. */
  get scripts(): ScriptEngine {
    return this.engine;
  }

  /** The functions' Lua state, with the library environment set up. */
  vm(): LuaVM {
    const vm = this.engine.vm();
    if (this.envVm !== vm) {
      this.env = this.makeEnv(vm);
      this.envVm = vm;
    }
    return vm;
  }

  /** FCALL's lookup (case-insensitive, `lowerName` already lower-cased). */
  find(lowerName: string): LuaFunction | undefined {
    return this.current.functions.get(lowerName);
  }

  /** FUNCTION LOAD [REPLACE] code: the library's name; throws Redis's error. */
  load(code: Uint8Array, replace: boolean): string {
    return this.create(code, replace, this.current, LOAD_TIMEOUT_MS);
  }

  /** FUNCTION DELETE: false when there is no such library. */
  delete(name: string): boolean {
    const lib = this.current.libraries.get(name);
    if (lib === undefined) return false;
    this.current.unlink(lib);
    this.release(lib);
    return true;
  }

  /** FUNCTION FLUSH: every library goes, with the Lua state (a fresh one on next use). */
  flush(): void {
    this.current = new LibrarySet();
    this.engine = this.newEngine();
    this.env = null;
    this.envVm = null;
  }

  /** FUNCTION DUMP. */
  dump(): Uint8Array {
    return encodeFunctionPayload(Array.from(this.current.libraries.values(), (lib) => lib.code));
  }

  /** FUNCTION RESTORE payload [policy]: throws Redis's error, changing nothing. */
  restore(payload: Uint8Array, policy: RestorePolicy): void {
    if (!verifyPayload(payload)) throw new ReplyError(ERR.functionPayloadInvalid);
    const incoming = new LibrarySet();
    try {
      const reader = new PayloadReader(payload);
      while (reader.bodyLeft > 0) {
        const type = reader.type();
        if (type === -1) throw new ReplyError(ERR.functionRestoreReadType);
        if (type !== OPCODE_FUNCTION2 && type !== OPCODE_FUNCTION_PRE_GA) {
          throw new ReplyError(ERR.functionRestoreNotFunction);
        }
        const code = type === OPCODE_FUNCTION2 ? readLibraryCode(reader) : readPreGaLibrary(reader);
        // Restored code runs without the load budget, as Redis's rdbFunctionLoad does.
        this.create(code, false, incoming, 0);
      }
      if (policy === "flush") {
        const old = this.current;
        this.current = incoming;
        for (const lib of old.libraries.values()) this.release(lib);
        return;
      }
      this.join(incoming, policy === "replace");
    } catch (e) {
      for (const lib of incoming.libraries.values()) this.release(lib);
      throw e;
    }
  }

  /** Redis's libraryJoin: add `src`'s libraries to the current ones, or throw and change nothing. */
  private join(src: LibrarySet, replace: boolean): void {
    const dst = this.current;
    const replaced: Library[] = [];
    try {
      for (const lib of src.libraries.values()) {
        const old = dst.libraries.get(lib.name);
        if (old === undefined) continue;
        if (!replace) throw new ReplyError(ERR.functionLibraryExistsRestore(lib.name));
        dst.unlink(old);
        replaced.push(old);
      }
      for (const fn of src.functions.values()) {
        if (dst.functions.has(lowerAscii(fn.name))) throw new ReplyError(ERR.functionExists(fn.name));
      }
    } catch (e) {
      for (const old of replaced) dst.link(old);
      throw e;
    }
    for (const lib of src.libraries.values()) dst.link(lib);
    for (const old of replaced) this.release(old);
  }

  /**
   * Redis's functionsCreateWithLibraryCtx: parse the shebang, run the code to register its
   * functions, and link the library into `set` (replacing one of the same name if `replace`).
   */
  private create(code: Uint8Array, replace: boolean, set: LibrarySet, timeoutMs: number): string {
    const md = extractMetadata(code);
    if (!validName(md.name)) throw new ReplyError(ERR.functionNameInvalid);
    if (lowerAscii(md.engine) !== "lua") throw new ReplyError(ERR.functionEngineNotFound(md.engine));
    const old = set.libraries.get(md.name);
    if (old !== undefined && !replace) throw new ReplyError(ERR.functionLibraryExists(md.name));
    if (old !== undefined) set.unlink(old);
    const lib: Library = { name: md.name, code, functions: new Map() };
    try {
      this.runLibrary(lib, code.subarray(md.codeStart), timeoutMs);
      if (lib.functions.size === 0) throw new ReplyError(ERR.functionNoneRegistered);
      for (const fn of lib.functions.values()) {
        if (set.functions.has(lowerAscii(fn.name))) throw new ReplyError(ERR.functionExists(fn.name));
      }
    } catch (e) {
      this.release(lib);
      if (old !== undefined) set.link(old);
      throw e;
    }
    set.link(lib);
    if (old !== undefined) this.release(old);
    return md.name;
  }

  /** Drop a library's callbacks from the Lua registry. */
  private release(lib: Library): void {
    if (this.envVm === null) return;
    for (const fn of lib.functions.values()) this.envVm.release(fn.ref);
  }

  /** Compile `body` as "@user_function" and run it with the load API as its globals. */
  private runLibrary(lib: Library, body: Uint8Array, timeoutMs: number): void {
    const vm = this.vm();
    const env = this.env!;
    const { lua, L } = vm;
    const flua = lua as unknown as FunctionLua;
    let ref: number;
    try {
      ref = vm.compile(body, USER_FUNCTION);
    } catch (e) {
      if (e instanceof ReplyError && e.message.startsWith(COMPILE_PREFIX)) {
        throw new ReplyError(ERR.functionCompile(e.message.slice(COMPILE_PREFIX.length)));
      }
      throw e;
    }
    const top = lua.lua_gettop(L);
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, ref);
    vm.release(ref);
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, env.globalsRef);
    flua.lua_setupvalue(L, -2, 1);
    this.setIndex(vm, env, env.loadApiRef);
    this.loading = { lib, startedAt: performance.now(), timeoutMs };
    flua.lua_sethook(L, this.loadHook, flua.LUA_MASKCOUNT, LOAD_HOOK_COUNT);
    let status: number;
    try {
      status = lua.lua_pcall(L, 0, 0, 0);
    } finally {
      flua.lua_sethook(L, null, 0, 0);
      this.loading = null;
      this.setIndex(vm, env, env.realGlobalsRef);
    }
    if (status !== lua.LUA_OK) {
      const message = errorObjectText(vm, L);
      lua.lua_settop(L, top);
      throw new ReplyError(ERR.functionRegister(message));
    }
    lua.lua_settop(L, top);
  }

  /** luaEngineLoadHook: FUNCTION LOAD's budget. */
  private readonly loadHook = (L: LuaState): void => {
    const loading = this.loading;
    if (loading === null || loading.timeoutMs === 0) return;
    if (performance.now() - loading.startedAt <= loading.timeoutMs) return;
    const vm = this.envVm!;
    pushErrorTable(vm.f, vm.keys, L, errorText(LUA_ERR.loadTimeout), false);
    vm.lua.lua_error(L);
  };

  /** Point G's __index at the table in the registry slot `ref`. */
  private setIndex(vm: LuaVM, env: LoadEnv, ref: number): void {
    const { lua, L } = vm;
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, env.metaRef);
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, ref);
    env.meta.readonly = false;
    try {
      lua.lua_setfield(L, -2, INDEX);
    } finally {
      env.meta.readonly = true;
    }
    lua.lua_pop(L, 1);
  }

  /** G, its metatable and the load API, built once per Lua state (luaEngineInitEngine). */
  private makeEnv(vm: LuaVM): LoadEnv {
    const { lua, aux, f, L } = vm;
    const registry = lua.LUA_REGISTRYINDEX;
    const flua = lua as unknown as FunctionLua;
    const ref = () => aux.luaL_ref(L, registry);
    const errorMeta = () => {
      // luaSetErrorMetatable on the table at the top of the stack.
      lua.lua_createtable(L, 0, 1);
      lua.lua_pushcfunction(L, (L) =>
        aux.luaL_error(L, NONEXISTENT, lua.lua_tolstring(L, 2) ?? f.to_luastring("?")),
      );
      lua.lua_setfield(L, -2, INDEX);
      (lua.lua_topointer(L, -1) as LuaTable).readonly = true;
      lua.lua_setmetatable(L, -2);
    };

    // The load API: { redis = { register_function, log, LOG_*, REDIS_VERSION(_NUM) } }.
    lua.lua_createtable(L, 0, 1);
    lua.lua_createtable(L, 0, 8);
    lua.lua_pushcfunction(L, (L) => this.registerFunction(L));
    lua.lua_setfield(L, -2, f.to_luastring("register_function"));
    lua.lua_getglobal(L, f.to_luastring("redis"));
    for (const name of LOAD_API_COPIED) {
      lua.lua_getfield(L, -1, name);
      lua.lua_setfield(L, -3, name);
    }
    lua.lua_pop(L, 1);
    errorMeta();
    (lua.lua_topointer(L, -1) as LuaTable).readonly = true;
    lua.lua_setfield(L, -2, f.to_luastring("redis"));
    errorMeta();
    (lua.lua_topointer(L, -1) as LuaTable).readonly = true;
    const loadApiRef = ref();

    flua.lua_pushglobaltable(L);
    // Redis's functions state keeps its error handler in the registry, not among the globals.
    const globals = lua.lua_topointer(L, -1) as LuaTable;
    globals.readonly = false;
    try {
      lua.lua_pushnil(L);
      lua.lua_setfield(L, -2, f.to_luastring("__redis__err__handler"));
    } finally {
      globals.readonly = true;
    }
    const realGlobalsRef = ref();

    lua.lua_createtable(L, 0, 0);
    lua.lua_createtable(L, 0, 1);
    flua.lua_pushglobaltable(L);
    lua.lua_setfield(L, -2, INDEX);
    const meta = lua.lua_topointer(L, -1) as LuaTable;
    meta.readonly = true;
    lua.lua_pushvalue(L, -1);
    const metaRef = ref();
    lua.lua_setmetatable(L, -2);
    (lua.lua_topointer(L, -1) as LuaTable).readonly = true;
    const globalsRef = ref();
    return { globalsRef, meta, metaRef, loadApiRef, realGlobalsRef };
  }

  /** redis.register_function(name, callback) / redis.register_function{...} (luaRegisterFunction). */
  private registerFunction(L: LuaState): number {
    const vm = this.envVm!;
    const loading = this.loading;
    if (loading === null) return raise(vm, L, LUA_ERR.registerOutsideLoad);
    const { lua } = vm;
    const argc = lua.lua_gettop(L);
    if (argc < 1 || argc > 2) return raise(vm, L, LUA_ERR.registerArgs);
    const args = argc === 1 ? readNamedArgs(vm, L) : readPositionalArgs(vm, L);
    if (typeof args === "string") return raise(vm, L, args);
    const lib = loading.lib;
    let failure: string | null = null;
    if (!validName(args.name)) failure = FUNCTION_NAME_INVALID;
    else if (lib.functions.has(args.name)) failure = LUA_ERR.registerDuplicate;
    if (failure !== null) {
      vm.release(args.ref);
      return raise(vm, L, failure);
    }
    lib.functions.set(args.name, args);
    return 0;
  }
}

const INDEX = new TextEncoder().encode("__index");
const USER_FUNCTION = new TextEncoder().encode("@user_function");
const NONEXISTENT = new TextEncoder().encode(LUA_ERR.nonexistentGlobal);
const COMPILE_PREFIX = ERR.scriptCompile("");
const FUNCTION_NAME_INVALID = ERR.functionNameInvalid.slice(4);
/** What the load API's `redis` table takes from the full one (luaRegisterLogFunction, luaRegisterVersion). */
const LOAD_API_COPIED = [
  "log",
  "LOG_DEBUG",
  "LOG_VERBOSE",
  "LOG_NOTICE",
  "LOG_WARNING",
  "REDIS_VERSION",
  "REDIS_VERSION_NUM",
];

/** Raise {err="ERR <message>"} (luaPushError + luaError). */
function raise(vm: LuaVM, L: LuaState, message: string): never {
  pushErrorTable(vm.f, vm.keys, L, errorText(message), false);
  return vm.lua.lua_error(L);
}

/** luaGetStringSds: a string or number argument's bytes, else null. */
function stringArg(vm: LuaVM, L: LuaState, idx: number): Uint8Array | null {
  const { lua } = vm;
  if (!lua.lua_isstring(L, idx)) return null;
  return lua.lua_tolstring(L, idx)!.slice();
}

type Registered = LuaFunction | string;

function readPositionalArgs(vm: LuaVM, L: LuaState): Registered {
  const { lua, aux } = vm;
  const name = stringArg(vm, L, 1);
  if (name === null) return LUA_ERR.registerFirstArg;
  if (!(lua as unknown as FunctionLua).lua_isfunction(L, 2)) {
    return LUA_ERR.registerSecondArg;
  }
  const ref = aux.luaL_ref(L, lua.LUA_REGISTRYINDEX);
  return { name: bytesToKey(name), ref, flags: 0, description: null };
}

function readNamedArgs(vm: LuaVM, L: LuaState): Registered {
  const { lua, aux } = vm;
  const flua = lua as unknown as FunctionLua;
  if (lua.lua_type(L, 1) !== lua.LUA_TTABLE) {
    return LUA_ERR.registerNotTable;
  }
  let name: Uint8Array | null = null;
  let description: Uint8Array | null = null;
  let ref = -1;
  let flags = 0;
  let failure: string | null = null;
  lua.lua_pushnil(L);
  while (lua.lua_next(L, 1)) {
    const keyType = lua.lua_type(L, -2);
    if (keyType !== lua.LUA_TSTRING && keyType !== lua.LUA_TNUMBER) {
      failure = LUA_ERR.registerKeyType;
      break;
    }
    // A number key is never a known name (and converting it in place would break lua_next).
    const key = keyType === lua.LUA_TSTRING ? cLower(lua.lua_tolstring(L, -2)!) : "";
    if (key === "function_name") {
      name = stringArg(vm, L, -1);
      if (name === null) {
        failure = LUA_ERR.registerNameType;
        break;
      }
    } else if (key === "description") {
      description = stringArg(vm, L, -1);
      if (description === null) {
        failure = LUA_ERR.registerDescriptionType;
        break;
      }
    } else if (key === "callback") {
      if (!flua.lua_isfunction(L, -1)) {
        failure = LUA_ERR.registerCallbackType;
        break;
      }
      if (ref !== -1) vm.release(ref);
      ref = aux.luaL_ref(L, lua.LUA_REGISTRYINDEX);
      continue; // luaL_ref popped the value
    } else if (key === "flags") {
      if (lua.lua_type(L, -1) !== lua.LUA_TTABLE) {
        failure = LUA_ERR.registerFlagsType;
        break;
      }
      const read = readFlags(vm, L);
      if (read === null) {
        failure = LUA_ERR.registerUnknownFlag;
        break;
      }
      flags = read;
    } else {
      failure = LUA_ERR.registerUnknownArgument;
      break;
    }
    lua.lua_pop(L, 1);
  }
  if (failure === null && name === null) failure = LUA_ERR.registerNoName;
  if (failure === null && ref === -1) failure = LUA_ERR.registerNoCallback;
  if (failure !== null) {
    if (ref !== -1) vm.release(ref);
    return failure;
  }
  return { name: bytesToKey(name!), ref, flags, description };
}

/** luaRegisterFunctionReadFlags: the flags table at the top of the stack, or null on an unknown flag. */
function readFlags(vm: LuaVM, L: LuaState): number | null {
  const { lua } = vm;
  let flags = 0;
  for (let j = 1; ; j++) {
    lua.lua_pushnumber(L, j);
    lua.lua_gettable(L, -2);
    const t = lua.lua_type(L, -1);
    if (t === lua.LUA_TNIL) {
      lua.lua_pop(L, 1);
      return flags;
    }
    if (t !== lua.LUA_TSTRING && t !== lua.LUA_TNUMBER) {
      lua.lua_pop(L, 1);
      return null;
    }
    const text = cLower(lua.lua_tolstring(L, -1)!);
    lua.lua_pop(L, 1);
    const flag = FUNCTION_FLAGS.find(([n]) => n === text);
    if (flag === undefined) return null;
    flags |= flag[1];
  }
}

/** The text of the error object at the top of L (luaExtractErrorInformation's msg). */
function errorObjectText(vm: LuaVM, L: LuaState): string {
  const { lua, keys } = vm;
  if (lua.lua_isstring(L, -1)) return lua51Wording(`ERR ${bytesToKey(lua.lua_tolstring(L, -1)!)}`);
  if (lua.lua_type(L, -1) === lua.LUA_TTABLE) {
    lua.lua_getfield(L, -1, keys.err);
    const err = lua.lua_isstring(L, -1) ? bytesToKey(lua.lua_tolstring(L, -1)!) : null;
    lua.lua_pop(L, 1);
    if (err !== null) return err;
  }
  // Redis formats a missing message with printf's %s of NULL.
  return "(null)";
}

/** A C string's ASCII lower case (strcasecmp stops at a NUL). */
function cLower(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length && b[i] !== 0; i++) {
    const c = b[i]!;
    s += String.fromCharCode(c >= 65 && c <= 90 ? c + 32 : c);
  }
  return s;
}

function lowerAscii(s: string): string {
  return /[A-Z]/.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s;
}

/** functionsVerifyName: [a-zA-Z0-9_]+. */
function validName(name: string): boolean {
  return /^[a-zA-Z0-9_]+$/.test(name);
}

interface Metadata {
  readonly engine: string;
  readonly name: string;
  /** Where the code after the shebang line starts (at its newline, so line numbers hold). */
  readonly codeStart: number;
}

/** functionExtractLibMetaData: `#!<engine> name=<name>` on the first line. */
function extractMetadata(code: Uint8Array): Metadata {
  if (code[0] !== 35 || code[1] !== 33) throw new ReplyError(ERR.functionMetadataMissing);
  // strchr on the C string: a NUL before the newline ends the search.
  let nl = -1;
  for (let i = 0; i < code.length && code[i] !== 0; i++) {
    if (code[i] === 10) {
      nl = i;
      break;
    }
  }
  if (nl < 0) throw new ReplyError(ERR.functionMetadataInvalid);
  const parts = splitArgs(bytesToKey(code.subarray(0, nl)));
  if (parts === null || parts.length === 0) throw new ReplyError(ERR.functionMetadataInvalid);
  const engine = parts[0]!.slice(2);
  let name: string | null = null;
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.length >= 5 && part.slice(0, 5).toLowerCase() === "name=") {
      if (name !== null) throw new ReplyError(ERR.functionMetadataNameTwice);
      name = part.slice(5);
      continue;
    }
    throw new ReplyError(ERR.functionMetadataValue(part));
  }
  if (name === null) throw new ReplyError(ERR.functionMetadataNoName);
  return { engine, name, codeStart: nl };
}

/** An RDB_OPCODE_FUNCTION2 record: the library's code. */
function readLibraryCode(reader: PayloadReader): Uint8Array {
  const code = reader.string();
  if (code === null) throw new ReplyError(ERR.functionRestoreFailed("library payload"));
  return code;
}

/**
 * A record of Redis 7.0's release candidates (RDB_OPCODE_FUNCTION): name, engine, an optional
 * description and the code without its shebang, which Redis 7.0.15 still reads.
 */
function readPreGaLibrary(reader: PayloadReader): Uint8Array {
  const name = reader.string();
  if (name === null) throw new ReplyError(ERR.functionRestoreFailed("library name"));
  const engine = reader.string();
  if (engine === null) throw new ReplyError(ERR.functionRestoreFailed("engine name"));
  const hasDescription = reader.length();
  if (hasDescription === null)
    throw new ReplyError(ERR.functionRestoreFailed("library description indicator"));
  if (hasDescription !== 0 && reader.string() === null) {
    throw new ReplyError(ERR.functionRestoreFailed("library description"));
  }
  const blob = reader.string();
  if (blob === null) throw new ReplyError(ERR.functionRestoreFailed("library blob"));
  const head = new Uint8Array(2 + engine.length + PRE_GA_NAME.length + name.length + NEWLINE.length);
  head.set([35, 33]);
  head.set(engine, 2);
  head.set(PRE_GA_NAME, 2 + engine.length);
  head.set(name, 2 + engine.length + PRE_GA_NAME.length);
  head.set(NEWLINE, head.length - 1);
  const code = new Uint8Array(head.length + blob.length);
  code.set(head);
  code.set(blob, head.length);
  return code;
}

const engines = new WeakMap<ServerState, FunctionEngine>();

/** The functions of `server`, created on first use (the Lua state later still). */
export function functionsOf(server: ServerState): FunctionEngine {
  let e = engines.get(server);
  if (e === undefined) {
    e = new FunctionEngine(server);
    engines.set(server, e);
  }
  return e;
}

/** The functions of `server` if it ever had any (INFO), without creating them. */
export function functionsIfAny(server: ServerState): FunctionEngine | undefined {
  return engines.get(server);
}

declaredFlags.fn = (server, lowerName) => engines.get(server)?.find(lowerName)?.flags;
