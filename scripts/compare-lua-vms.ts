/**
 * The comparison behind redbun's choice of Lua VM (docs/architecture.md, "Scripting"): the
 * candidates the issue named, on what a script can observe of Lua 5.1 (Redis's Lua) and on speed.
 *
 *   bun scripts/compare-lua-vms.ts
 *
 * Installs wasmoon into a temporary folder from the npm registry (fengari is a redbun
 * dependency); uses Debian's liblua5.1 through bun:ffi when /usr/lib/.../liblua5.1.so.0 exists
 * (`apt-get install liblua5.1-0`), else skips that row. Speed: a pure-Lua loop, and a loop of
 * calls to a host function (what redis.call costs before the command itself). Each VM runs in
 * its own process: redbun's Lua 5.1 layer patches fengari as it loads, so plain fengari and the
 * patched one cannot share a process.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const PROBES = [
  "return tostring(10/2)",
  "return tostring(2^53)",
  "return tostring(math.huge)",
  "return tostring(2147483647 + 1)",
  "return type(unpack)",
  "return string.format('%.17g', 0.1)",
  "return string.format('%d', 3.7)",
];
const LOOP = "local s=0 for i=1,3000000 do s=s+i end return s";
const CALLS = "for i=1,300000 do rcall('SET','k',i) end return 1";

interface Vm {
  name: string;
  run(src: string): string;
  close(): void;
}

function timed(vm: Vm, src: string): number {
  const t = performance.now();
  vm.run(src);
  return performance.now() - t;
}

function fengariVm(name: string, redbun: boolean): Vm {
  const { lua, lauxlib, lualib, to_luastring, to_jsstring } = redbun
    ? require("../src/scripting/lib/index.ts").loadFengari()
    : require("fengari");
  const L = lauxlib.luaL_newstate();
  lualib.luaL_openlibs(L);
  if (redbun) require("../src/scripting/lib/index.ts").openRedisLibs(L);
  lua.lua_pushjsfunction(L, (l: unknown) => {
    lua.lua_pushstring(l, to_luastring("OK"));
    return 1;
  });
  lua.lua_setglobal(L, to_luastring("rcall"));
  return {
    name,
    run(src) {
      if (lauxlib.luaL_loadstring(L, to_luastring(src)) !== 0) return `compile error`;
      const status = lua.lua_pcall(L, 0, 1, 0);
      const r = lua.lua_tolstring(L, -1);
      lua.lua_pop(L, 1);
      return (status ? "error: " : "") + (r ? to_jsstring(r) : "nil");
    },
    close() {},
  };
}

async function wasmoonVm(dir: string): Promise<Vm> {
  const { LuaFactory } = require(join(dir, "node_modules", "wasmoon"));
  const engine = await new LuaFactory().createEngine();
  engine.global.set("rcall", () => "OK");
  return {
    name: "wasmoon 1.16 (Lua 5.4, wasm)",
    run(src) {
      try {
        // doStringSync exists in wasmoon 1.16; the engine runs synchronously for these probes.
        return String(engine.doStringSync(src));
      } catch (e) {
        return `error: ${(e as Error).message.split("\n")[0]}`;
      }
    },
    close() {
      engine.global.close();
    },
  };
}

function liblua51Vm(path: string): Vm {
  const { dlopen, FFIType, JSCallback, ptr, CString } = require("bun:ffi");
  const lib = dlopen(path, {
    luaL_newstate: { returns: FFIType.ptr, args: [] },
    luaL_openlibs: { returns: FFIType.void, args: [FFIType.ptr] },
    luaL_loadstring: { returns: FFIType.i32, args: [FFIType.ptr, FFIType.cstring] },
    lua_pcall: { returns: FFIType.i32, args: [FFIType.ptr, FFIType.i32, FFIType.i32, FFIType.i32] },
    lua_tolstring: { returns: FFIType.ptr, args: [FFIType.ptr, FFIType.i32, FFIType.ptr] },
    lua_settop: { returns: FFIType.void, args: [FFIType.ptr, FFIType.i32] },
    lua_pushlstring: { returns: FFIType.void, args: [FFIType.ptr, FFIType.ptr, FFIType.u64] },
    lua_pushcclosure: { returns: FFIType.void, args: [FFIType.ptr, FFIType.function, FFIType.i32] },
    lua_setfield: { returns: FFIType.void, args: [FFIType.ptr, FFIType.i32, FFIType.cstring] },
    lua_close: { returns: FFIType.void, args: [FFIType.ptr] },
  });
  const f = lib.symbols;
  const L = f.luaL_newstate();
  f.luaL_openlibs(L);
  const cstr = (s: string) => Buffer.from(`${s}\0`);
  const ok = Buffer.from("OK");
  const cb = new JSCallback(
    (l: unknown) => {
      f.lua_pushlstring(l, ptr(ok), 2);
      return 1;
    },
    { returns: FFIType.i32, args: [FFIType.ptr] },
  );
  f.lua_pushcclosure(L, cb.ptr, 0);
  f.lua_setfield(L, -10002 /* LUA_GLOBALSINDEX */, cstr("rcall"));
  return {
    name: "liblua5.1 via bun:ffi (Lua 5.1, native)",
    run(src) {
      if (f.luaL_loadstring(L, cstr(src))) return "compile error";
      const status = f.lua_pcall(L, 0, 1, 0);
      const p = f.lua_tolstring(L, -1, null);
      const r = p ? new CString(p).toString() : "nil";
      f.lua_settop(L, 0);
      return (status ? "error: " : "") + r;
    },
    close() {
      f.lua_close(L);
      cb.close();
      lib.close();
    },
  };
}

async function runOne(which: string, dir: string): Promise<void> {
  let vm: Vm;
  if (which === "fengari") vm = fengariVm("fengari 0.1.5 as published (Lua 5.3, JS)", false);
  else if (which === "redbun")
    vm = fengariVm("fengari + redbun's Lua 5.1 layer and libraries (what redbun runs)", true);
  else if (which === "wasmoon") vm = await wasmoonVm(dir);
  else vm = liblua51Vm(which);
  console.log(`\n${vm.name}`);
  for (const p of PROBES) console.log(`  ${p.padEnd(40)} => ${vm.run(p)}`);
  console.log(`  pure-Lua loop, 3M additions: ${timed(vm, LOOP).toFixed(0)} ms`);
  console.log(`  300k host-function calls:    ${timed(vm, CALLS).toFixed(0)} ms`);
  vm.close();
}

const at = process.argv.indexOf("--vm");
if (at > 0) {
  await runOne(process.argv[at + 1]!, process.argv[at + 2] ?? "");
} else {
  const dir = mkdtempSync(join(tmpdir(), "redbun-lua-vms-"));
  try {
    const install = Bun.spawnSync(["bun", "add", "wasmoon@1.16.0"], {
      cwd: dir,
      stdout: "ignore",
      stderr: "pipe",
    });
    const which = ["fengari", "redbun"];
    if (install.exitCode === 0) which.push("wasmoon");
    else console.log(`wasmoon not installed: ${install.stderr.toString().trim()}`);
    const so = "/usr/lib/x86_64-linux-gnu/liblua5.1.so.0";
    if (existsSync(so)) which.push(so);
    else console.log(`${so} missing (apt-get install liblua5.1-0): no native Lua 5.1 row`);
    for (const w of which) {
      Bun.spawnSync(["bun", import.meta.path, "--vm", w, dir], { stdout: "inherit", stderr: "inherit" });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
