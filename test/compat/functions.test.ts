/**
 * Differential cases for FUNCTION and FCALL: FUNCTION LOAD (shebang metadata, library and
 * function names, redis.register_function in both forms and each of its errors, the load-time
 * sandbox and budget), FCALL / FCALL_RO (numkeys errors, KEYS/ARGV, no-writes, runtime errors
 * with Redis's " script: <function>, on @user_function:N." suffix), FUNCTION LIST in RESP2 and
 * RESP3, DELETE, FLUSH, STATS, HELP, FUNCTION DUMP byte for byte, FUNCTION RESTORE of
 * redis-server's own payloads and of malformed ones, BUSY / FUNCTION KILL / FUNCTION STATS
 * while a function runs past busy-reply-threshold, and the command table rows.
 *
 * Redis lists libraries, and functions within a library, in the order of a dict seeded at
 * random per process: cases list one library with one function at a time, or compare lists
 * with their order ignored. FLUSHALL (run between cases) keeps functions, so every case starts
 * with FUNCTION FLUSH.
 *
 * The last block is not a harness case: it moves payloads between the two servers (redis-server's
 * FUNCTION DUMP restored into redbun, and redbun's into redis-server).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { crc64 } from "../../src/scripting/crc64.ts";
import {
  type Case,
  type CustomComparator,
  c,
  compatSuite,
  docsExceptArguments,
  on,
  RawConnection,
  type Reply,
  read,
  replyText,
  type Step,
  saveText,
  startRedbun,
  startRedis,
  type Target,
} from "./harness.ts";

const enc = new TextEncoder();
const flush = c("FUNCTION", "FLUSH");
const load = (code: string, ...opts: string[]): Step => c("FUNCTION", "LOAD", ...opts, code);
/** A library whose code is `body` after the shebang. */
const lib = (name: string, body: string): string => `#!lua name=${name}\n${body}`;
/** FUNCTION LOAD of a library with `body`, expected to fail at registration. */
const loadBody = (body: string): Step => load(lib("l", body));

function hex(h: string): Uint8Array {
  return Uint8Array.from(h.match(/../g)!, (b) => Number.parseInt(b, 16));
}

/** A payload: `body` then RDB version `version` and the CRC-64 footer. */
function payload(body: readonly number[], version = 10): Uint8Array {
  const b = [...body, version & 0xff, version >> 8];
  let crc = crc64(Uint8Array.from(b));
  for (let i = 0; i < 8; i++) {
    b.push(Number(crc & 0xffn));
    crc >>= 8n;
  }
  return Uint8Array.from(b);
}

/** An RDB string (plain encoding). */
function rdbString(s: string): number[] {
  const bytes = [...enc.encode(s)];
  return bytes.length < 64
    ? [bytes.length, ...bytes]
    : [0x40 | (bytes.length >> 8), bytes.length & 0xff, ...bytes];
}

const oneFn = (lname: string, fname: string) =>
  lib(lname, `redis.register_function('${fname}', function() return '${fname}' end)`);

/**
 * FUNCTION DUMP of redis-server 7.0.15 with two libraries: `short` (76 bytes, stored plain: LZF
 * would not save 4 bytes) and `captured` (LZF-compressed, a flagged function with a description).
 */
const REDIS_DUMP = hex(
  "f5404c23216c7561206e616d653d73686f72740a72656469732e72656769737465725f66756e6374696f6e28276361705f6f6e65272c2066756e6374696f6e28292072657475726e203120656e6429f5c340b640c81323216c7561206e616d653d63617074757265640a20031469732e72656769737465725f66756e6374696f6e7bc008005f602e0027202f105f6563686f272c2063616c6c6261636b3dc0220e286b6579732c2061726773292072652057026e207b4013025b315d801620081f7d20656e642c20666c6167733d7b276e6f2d777269746573277d2c2064657363027269704077013d2740650c6573206974732066697273742020490320616e64405f06756d656e74277d0a0053fbfcd631f74c3b",
);

/** INFO memory's function counters only. */
const functionCounters: CustomComparator = (a, b) => {
  const pick = (r: Reply) =>
    (replyText(r) ?? "")
      .split("\r\n")
      .filter((l) => l.startsWith("number_of_functions:") || l.startsWith("number_of_libraries:"))
      .join(",");
  const x = pick(a);
  const y = pick(b);
  return x === y ? undefined : `${x} vs ${y}`;
};

/** INFO errorstats and the FCALL / FUNCTION rows of commandstats, timings taken out. */
const statsWithoutTimes: CustomComparator = (a, b) => {
  const norm = (r: Reply) =>
    (replyText(r) ?? "")
      .split("\r\n")
      .filter(
        (l) =>
          l.startsWith("errorstat_") || /^cmdstat_(fcall|fcall_ro|function\|delete|incr|set)[:|]/.test(l),
      )
      .map((l) => l.replace(/usec=\d+,usec_per_call=[\d.]+,/, ""))
      .sort()
      .join("\n");
  const x = norm(a);
  const y = norm(b);
  return x === y ? undefined : `stats differ:\n${x}\n---\n${y}`;
};

/** FUNCTION STATS while a function runs: equal except duration_ms (any non-negative integer). */
const statsWhileBusy: CustomComparator = (a, b) => {
  if (a.kind !== "frame" || b.kind !== "frame") return `${a.kind} vs ${b.kind}`;
  const norm = (r: Reply) =>
    new TextDecoder("latin1").decode(r.bytes).replace(/:\d+\r\n(\$7\r\nengines)/, ":N\r\n$1");
  const x = norm(a);
  const y = norm(b);
  return x === y ? undefined : `${JSON.stringify(x)} vs ${JSON.stringify(y)}`;
};

/**
 * A list of libraries in any order (Redis's is its dict's): the same elements, each compared
 * byte for byte. Libraries in these cases have one function each, so no inner order matters.
 */
const librariesAnyOrder: CustomComparator = (a, b) => {
  if (a.kind !== "frame" || b.kind !== "frame") return `${a.kind} vs ${b.kind}`;
  const items = (r: Reply & { kind: "frame" }) =>
    (r.node.children ?? [])
      .map((n) =>
        new TextDecoder("latin1").decode(r.bytes.subarray(n.start - r.node.start, n.end - r.node.start)),
      )
      .sort();
  if (a.node.type !== b.node.type || a.node.count !== b.node.count) return "different aggregate";
  const x = items(a);
  const y = items(b);
  return x.every((v, i) => v === y[i])
    ? undefined
    : `libraries differ:\n${x.join("\n")}\n---\n${y.join("\n")}`;
};
const anyOrder = (...args: string[]): Step => ({ send: args, cmp: librariesAnyOrder });

/** The same error, naming any one of `names` (which of several colliding libraries Redis meets first is its dict's order). */
const collisionAmong =
  (...names: string[]): CustomComparator =>
  (a, b) => {
    const re = new RegExp(`^-ERR Library (${names.join("|")}) already exists\r\n$`);
    const x = a.kind === "frame" ? new TextDecoder().decode(a.bytes) : a.kind;
    const y = b.kind === "frame" ? new TextDecoder().decode(b.bytes) : b.kind;
    return re.test(x) && re.test(y) ? undefined : `${JSON.stringify(x)} vs ${JSON.stringify(y)}`;
  };

const latin1Bytes = (s: string) => Uint8Array.from(s, (ch) => ch.charCodeAt(0));

const BASICS = lib(
  "basics",
  [
    "redis.register_function('echo', function(keys, args) return {keys, args} end)",
    "redis.register_function{function_name='ro_set', callback=function(keys, args) return redis.call('set', keys[1], args[1]) end, flags={'no-writes'}, description='tries to write'}",
    "redis.register_function{function_name='ro_get', callback=function(keys, args) return redis.call('get', keys[1]) end, flags={'no-writes'}}",
    "redis.register_function('rw_set', function(keys, args) return redis.call('set', keys[1], args[1]) end)",
    "redis.register_function('counts', function(keys, args) return #keys .. ' ' .. #args end)",
    "redis.register_function(5, function() return 'five' end)",
  ].join("\n"),
);

const RUNTIME = lib(
  "rt",
  [
    "redis.register_function('e_error', function(k, a) error('boom') end)",
    "redis.register_function('e_keys', function(k, a) return KEYS end)",
    "redis.register_function('e_global', function(k, a) x = 1 end)",
    "redis.register_function('e_unknown', function(k, a) return redis.call('nosuch') end)",
    "redis.register_function('e_errtable', function(k, a) return {err='MY x'} end)",
    "redis.register_function('e_register', function(k, a) return redis.register_function end)",
    "redis.register_function('e_index', function(k, a) local t = nil; return t.x end)",
    "redis.register_function('e_string', function(k, a) return string.rep('x', 3) end)",
    "redis.register_function('e_fcall', function(k, a) return redis.call('fcall', 'counts', 0) end)",
    "redis.register_function('e_function', function(k, a) return redis.call('function', 'list') end)",
    "redis.register_function('e_eval', function(k, a) return redis.call('eval', 'return 1', 0) end)",
    "redis.register_function('e_raise', function(k, a) return error({err='X bad'}) end)",
    "redis.register_function('e_reply', function(k, a) return redis.error_reply('X bad') end)",
    "redis.register_function('e_pcall', function(k, a) return redis.pcall('incr', k[1]) end)",
    "redis.register_function('resp3', function(k, a) redis.setresp(3) return redis.call('hgetall', k[1]) end)",
    "redis.register_function('conv', function(k, a) return {1, 2.9, 'x', true, false, {ok='fine'}, {double=1.5}, nil, 4} end)",
    "redis.register_function('globals', function(k, a) return {type(redis), type(cjson), type(string.format), type(loadstring), type(_G)} end)",
  ].join("\n"),
);

const cases: Case[] = [
  {
    name: "FUNCTION LOAD and FCALL: KEYS/ARGV, names, numkeys errors",
    steps: [
      flush,
      load(BASICS),
      c("FCALL", "echo", "2", "a", "b", "c", "d"),
      c("FCALL", "ECHO", "0"),
      c("FCALL", "echo", "1", "", "\x00\xff"),
      c("FCALL", "counts", "2", "a", "b", "c"),
      c("FCALL", "5", "0"),
      c("FCALL", "nosuch", "0"),
      c("FCALL", "nosuch", "x"),
      c("FCALL", "echo", "x"),
      c("FCALL", "echo", "01", "a"),
      c("FCALL", "echo", " 1", "a"),
      c("FCALL", "echo", "-1"),
      c("FCALL", "echo", "3", "a"),
      c("FCALL", "echo", "9223372036854775808", "a"),
      c("FCALL", "echo"),
      c("FCALL_RO", "echo"),
      c("FCALL"),
    ],
  },
  {
    name: "no-writes and FCALL_RO",
    steps: [
      flush,
      load(BASICS),
      c("SET", "k", "v"),
      c("FCALL", "ro_set", "1", "k", "w"),
      c("FCALL", "ro_get", "1", "k"),
      c("FCALL_RO", "ro_get", "1", "k"),
      c("FCALL_RO", "ro_set", "1", "k", "w"),
      c("FCALL_RO", "rw_set", "1", "k", "w"),
      c("FCALL_RO", "echo", "0"),
      c("FCALL", "rw_set", "1", "k", "w"),
      c("GET", "k"),
    ],
  },
  {
    name: "FUNCTION LOAD: shebang metadata and library names",
    steps: [
      flush,
      load("return 1"),
      load("#!lua"),
      load("#!lua name=a"),
      load("#!lua\n"),
      load("#!js name=a\n"),
      load("#!LUA name=upper\nredis.register_function('upper_f', function() return 1 end)"),
      load("#! name=a\n"),
      load("#!lua name=a name=b\n"),
      load("#!lua foo=a\n"),
      load("#!lua NAME=nameupper\nredis.register_function('nu', function() return 1 end)"),
      load("#!lua name=\n"),
      load("#!lua name=a-b\n"),
      load('#!lua name="a b"\n'),
      load('#!lua name="ab\n'),
      load("#!lua \"name=quoted\"\nredis.register_function('q', function() return 1 end)"),
      load("#!lua name=a flags=no-writes\n"),
      load("#!lua name=a\x00\n"),
      load(lib("nothing", "return 1")),
      load(lib("empty", "")),
      load(oneFn("dup", "dup_f")),
      load(oneFn("dup", "dup_f")),
      load(oneFn("dup", "dup_g"), "REPLACE"),
      load(oneFn("dup", "dup_h"), "replace", "REPLACE"),
      load(oneFn("other", "dup_h")),
      load(oneFn("other", "DUP_H")),
      load(oneFn("x", "y"), "x"),
      c("FUNCTION", "LOAD", "REPLACE"),
      c("FUNCTION", "LOAD"),
      c("FCALL", "dup_h", "0"),
      c("FCALL", "dup_f", "0"),
    ],
  },
  {
    name: "FUNCTION LOAD: redis.register_function errors",
    steps: [
      flush,
      loadBody("redis.register_function('x', function() end) redis.register_function('x', function() end)"),
      loadBody("redis.register_function('x', function() end) redis.register_function('X', function() end)"),
      loadBody("redis.register_function('x-y', function() end)"),
      loadBody("redis.register_function('', function() end)"),
      loadBody("redis.register_function('x')"),
      loadBody("redis.register_function(function() end)"),
      loadBody("redis.register_function()"),
      loadBody("redis.register_function(1, 2, 3)"),
      loadBody("redis.register_function('a', 1)"),
      loadBody("redis.register_function({}, function() end)"),
      loadBody("redis.register_function(nil, function() end)"),
      loadBody("redis.register_function{function_name='a', callback=function() end, flags={'bad'}}"),
      loadBody("redis.register_function{function_name='a', callback=function() end, flags={'no-writes', 1}}"),
      loadBody(
        "redis.register_function{function_name='a', callback=function() end, flags={'no-writes', {}}}",
      ),
      loadBody("redis.register_function{function_name='a', callback=function() end, foo=1}"),
      loadBody("redis.register_function{callback=function() end}"),
      loadBody("redis.register_function{function_name='a'}"),
      loadBody("redis.register_function{function_name='a', callback=1}"),
      loadBody("redis.register_function{function_name={}, callback=function() end}"),
      loadBody("redis.register_function{function_name='a', callback=function() end, description={}}"),
      loadBody("redis.register_function{function_name='a', callback=function() end, flags='no-writes'}"),
      loadBody("redis.register_function{[1]=2}"),
      loadBody("redis.register_function{[true]=2}"),
      loadBody("redis.register_function{}"),
      load(
        lib(
          "flags",
          "redis.register_function{function_name='allflags', callback=function() return 1 end, flags={'no-writes', 'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys'}, description='d'}",
        ),
      ),
      load(
        lib(
          "flags2",
          "redis.register_function{function_name='caseflags', callback=function() return 1 end, flags={'NO-WRITES', 'Allow-Oom'}, DESCRIPTION=5}",
        ),
      ),
      load(
        lib(
          "flags3",
          "redis.register_function{function_name='noflags', callback=function() return 1 end, flags={}}",
        ),
      ),
      load(lib("cfn", "redis.register_function('cfn', redis.log)")),
      c("FUNCTION", "LIST", "LIBRARYNAME", "flags"),
      c("FUNCTION", "LIST", "LIBRARYNAME", "flags2"),
      c("FUNCTION", "LIST", "LIBRARYNAME", "flags3"),
      c("FCALL_RO", "caseflags", "0"),
      c("FCALL_RO", "noflags", "0"),
    ],
  },
  {
    name: "FUNCTION LOAD: the load-time sandbox",
    steps: [
      flush,
      loadBody("local x = string.len('a')"),
      loadBody("redis.call('ping')"),
      loadBody("redis.pcall('ping')"),
      loadBody("redis.setresp(3)"),
      loadBody("return redis.error_reply('x')"),
      loadBody("x = 1"),
      loadBody("error('boom')"),
      loadBody("print('x')"),
      loadBody("local t = nil; t.x = 1"),
      loadBody("redis.foo()"),
      loadBody("redis.x = 1"),
      loadBody("x("),
      loadBody("return 'a' + 1"),
      load(
        lib(
          "logs",
          "redis.log(redis.LOG_WARNING, 'loading') redis.register_function('ver', function() return {redis.REDIS_VERSION, redis.REDIS_VERSION_NUM, redis.LOG_DEBUG, redis.LOG_NOTICE} end)",
        ),
      ),
      c("FCALL", "ver", "0"),
    ],
  },
  {
    name: "FUNCTION LOAD: code running past the 500 ms load budget",
    proto: 2,
    steps: [flush, loadBody("while true do end"), c("FUNCTION", "LIST")],
  },
  {
    name: "FCALL: runtime errors, the sandbox, conversions",
    steps: [
      flush,
      load(RUNTIME),
      load(BASICS),
      c("HSET", "h", "a", "1"),
      c("SET", "str", "x"),
      ...[
        "e_error",
        "e_keys",
        "e_global",
        "e_unknown",
        "e_errtable",
        "e_register",
        "e_index",
        "e_string",
        "e_fcall",
        "e_function",
        "e_eval",
        "e_raise",
        "e_reply",
        "conv",
        "globals",
      ].map((f) => c("FCALL", f, "0")),
      c("FCALL", "e_pcall", "1", "str"),
      c("FCALL", "resp3", "1", "h"),
    ],
  },
  {
    name: "more edges: load-time writes, shebang whitespace, upvalues, the globals a function sees",
    steps: [
      flush,
      loadBody("redis[1] = 1"),
      loadBody("rawset(redis, 'a', 1)"),
      loadBody("local r = redis; r.LOG_DEBUG = 5"),
      loadBody("redis.register_function('a\\0b', function() end)"),
      loadBody("redis.register_function{function_name='nul', callback=function() end, description='x\\0y'}"),
      c("FUNCTION", "LIST"),
      flush,
      load("#!lua name=cr\r\nredis.register_function('crf', function() return 1 end)"),
      load("#!lua\tname=tab\nredis.register_function('tabf', function() return 1 end)"),
      load("#!lua name=comments\n-- nothing\n--[[ still ]]"),
      load(
        lib(
          "ups",
          "local n = 0\nlocal function bump() n = n + 1 return n end\nredis.register_function('ups', function() return bump() end)",
        ),
      ),
      c("FCALL", "ups", "0"),
      c("FCALL", "ups", "0"),
      c("FCALL", "crf", "0"),
      load(
        lib(
          "sel",
          "redis.register_function('sel', function() redis.call('select', 2) redis.call('set', 'x', 1) return redis.call('dbsize') end)",
        ),
      ),
      c("FCALL", "sel", "0"),
      c("DBSIZE"),
      load(
        lib(
          "rt2",
          "redis.register_function('pc', function(k, a) return {pcall(function() error('x') end)} end)",
        ),
      ),
      c("FCALL", "pc", "0"),
      load(
        lib(
          "rt3",
          "redis.register_function('co', function(k, a) local co = coroutine.create(function() coroutine.yield(1) end) return {coroutine.resume(co)} end)",
        ),
      ),
      c("FCALL", "co", "0"),
      load(
        lib(
          "rt5",
          "redis.register_function('env', function(k, a) local t = {} for k in pairs(_G) do t[#t+1] = k end table.sort(t) return t end)",
        ),
      ),
      c("FCALL", "env", "0"),
      load(lib("rt6", "redis.register_function('yield', function() coroutine.yield() end)")),
      c("FCALL", "yield", "0"),
      c("FUNCTION", "LOAD", lib("x", "redis.register_function('ns', function() end)"), "extra"),
      c("FCALL", "ns", "0"),
    ],
  },
  {
    name: "FUNCTION LIST: shapes, WITHCODE, LIBRARYNAME, errors",
    steps: [
      flush,
      c("FUNCTION", "LIST"),
      load(
        lib(
          "mylib",
          "redis.register_function{function_name='described', callback=function() return 1 end, flags={'no-writes', 'allow-stale'}, description='a \\0 b'}",
        ),
      ),
      load(oneFn("other", "other_f")),
      load(oneFn("MyUpper", "upper_f")),
      c("FUNCTION", "LIST", "LIBRARYNAME", "mylib"),
      c("FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "mylib"),
      c("FUNCTION", "LIST", "libraryname", "MYLIB", "withcode"),
      c("FUNCTION", "LIST", "LIBRARYNAME", "oth*"),
      c("FUNCTION", "LIST", "LIBRARYNAME", "myupper"),
      c("FUNCTION", "LIST", "LIBRARYNAME", "nomatch*"),
      anyOrder("FUNCTION", "LIST"),
      anyOrder("FUNCTION", "LIST", "WITHCODE"),
      anyOrder("FUNCTION", "LIST", "LIBRARYNAME", "*"),
      c("FUNCTION", "LIST", "LIBRARYNAME"),
      c("FUNCTION", "LIST", "WITHCODE", "WITHCODE"),
      c("FUNCTION", "LIST", "LIBRARYNAME", "a", "LIBRARYNAME", "b"),
      c("FUNCTION", "LIST", "foo"),
      c("FUNCTION", "LIST", "LIBRARYNAME", "a", "foo"),
    ],
  },
  {
    name: "FUNCTION DELETE, FLUSH, STATS, HELP and INFO's counters",
    steps: [
      flush,
      c("FUNCTION", "STATS"),
      load(oneFn("one", "f1")),
      load(
        lib(
          "two",
          "redis.register_function('f2', function() end) redis.register_function('f3', function() end)",
        ),
      ),
      c("FUNCTION", "STATS"),
      { send: ["INFO", "memory"], cmp: functionCounters },
      c("FUNCTION", "DELETE", "nosuch"),
      c("FUNCTION", "DELETE", "ONE"),
      c("FUNCTION", "DELETE", "one"),
      c("FCALL", "f1", "0"),
      c("FUNCTION", "STATS"),
      c("FUNCTION", "DELETE"),
      c("FUNCTION", "DELETE", "a", "b"),
      c("FUNCTION", "FLUSH", "x"),
      c("FUNCTION", "FLUSH", "a", "b"),
      c("FUNCTION", "FLUSH", "SYNC"),
      c("FUNCTION", "STATS"),
      load(oneFn("one", "f1")),
      c("FUNCTION", "FLUSH", "async"),
      c("FCALL", "f1", "0"),
      { send: ["INFO", "memory"], cmp: functionCounters },
      c("FUNCTION", "STATS", "x"),
      c("FUNCTION", "KILL"),
      c("FUNCTION", "KILL", "x"),
      c("FUNCTION", "HELP"),
      c("FUNCTION", "nosuch"),
      c("FUNCTION"),
      load(oneFn("kept", "kept_f")),
      c("FLUSHALL"),
      c("SCRIPT", "FLUSH"),
      c("FCALL", "kept_f", "0"),
    ],
  },
  {
    name: "FUNCTION DUMP byte for byte, FUNCTION RESTORE policies",
    steps: [
      flush,
      c("FUNCTION", "DUMP"),
      load(
        lib(
          "dumped",
          "redis.register_function{function_name='dumped_f', callback=function(keys, args) return {keys[1], args[1]} end, flags={'no-writes'}, description='some text that repeats, some text that repeats'}",
        ),
      ),
      { send: ["FUNCTION", "DUMP"], save: saveText("dump") },
      c("FUNCTION", "RESTORE", REDIS_DUMP),
      anyOrder("FUNCTION", "LIST", "WITHCODE"),
      { send: ["FUNCTION", "RESTORE", REDIS_DUMP], cmp: collisionAmong("short", "captured") },
      { send: ["FUNCTION", "RESTORE", REDIS_DUMP, "APPEND"], cmp: collisionAmong("short", "captured") },
      c("FUNCTION", "RESTORE", REDIS_DUMP, "replace"),
      c("FCALL", "cap_echo", "1", "k", "a"),
      c("FCALL_RO", "cap_echo", "1", "k", "a"),
      c("FCALL", "cap_one", "0"),
      { send: (v) => ["FUNCTION", "RESTORE", latin1Bytes(v.dump!)] },
      { send: (v) => ["FUNCTION", "RESTORE", latin1Bytes(v.dump!), "FLUSH"] },
      anyOrder("FUNCTION", "LIST"),
      c("FCALL", "dumped_f", "1", "k", "a"),
      c("FCALL", "cap_one", "0"),
      c("FUNCTION", "RESTORE", payload([]), "FLUSH"),
      c("FUNCTION", "LIST"),
      c("FUNCTION", "RESTORE", REDIS_DUMP, "FOO"),
      c("FUNCTION", "RESTORE", REDIS_DUMP, "FLUSH", "x"),
      c("FUNCTION", "RESTORE"),
      c("FUNCTION", "DUMP", "x"),
    ],
  },
  {
    name: "FUNCTION RESTORE: collisions",
    steps: [
      flush,
      load(oneFn("a", "f_a")),
      c("FUNCTION", "RESTORE", payload([245, ...rdbString(oneFn("a", "f_a"))])),
      c("FUNCTION", "RESTORE", payload([245, ...rdbString(oneFn("a", "f_new"))]), "REPLACE"),
      c("FCALL", "f_new", "0"),
      c("FCALL", "f_a", "0"),
      c("FUNCTION", "RESTORE", payload([245, ...rdbString(oneFn("b", "f_new"))])),
      c("FUNCTION", "RESTORE", payload([245, ...rdbString(oneFn("b", "F_NEW"))]), "REPLACE"),
      c(
        "FUNCTION",
        "RESTORE",
        payload([245, ...rdbString(oneFn("c", "x")), 245, ...rdbString(oneFn("c", "y"))]),
      ),
      c(
        "FUNCTION",
        "RESTORE",
        payload([245, ...rdbString(oneFn("d", "x")), 245, ...rdbString(oneFn("e", "x"))]),
      ),
      c(
        "FUNCTION",
        "RESTORE",
        payload([245, ...rdbString(oneFn("g", "g1")), 245, ...rdbString(oneFn("a", "g2"))]),
      ),
      c("FCALL", "g1", "0"),
      c(
        "FUNCTION",
        "RESTORE",
        payload([245, ...rdbString(oneFn("g", "g1")), 245, ...rdbString(oneFn("a", "g2"))]),
        "REPLACE",
      ),
      anyOrder("FUNCTION", "LIST"),
      c(
        "FUNCTION",
        "RESTORE",
        payload([245, ...rdbString(oneFn("h", "h1")), 245, ...rdbString("#!lua name=q\nx(")]),
      ),
      c("FCALL", "h1", "0"),
      c(
        "FUNCTION",
        "RESTORE",
        payload([245, ...rdbString(oneFn("i", "i1")), 245, ...rdbString("x")]),
        "FLUSH",
      ),
      anyOrder("FUNCTION", "LIST"),
    ],
  },
  {
    name: "FUNCTION RESTORE: malformed payloads",
    steps: [
      flush,
      c("FUNCTION", "RESTORE", payload([], 11)),
      c("FUNCTION", "RESTORE", payload([], 9)),
      c("FUNCTION", "RESTORE", Uint8Array.from([1, 2, 3])),
      c("FUNCTION", "RESTORE", ""),
      c(
        "FUNCTION",
        "RESTORE",
        payload([]).map((b, i, a) => (i === a.length - 1 ? b ^ 1 : b)),
      ),
      c("FUNCTION", "RESTORE", payload([0, ...rdbString("x")])),
      c("FUNCTION", "RESTORE", payload([245, 0xc0 | 5])),
      c("FUNCTION", "RESTORE", payload([245, 12])),
      c("FUNCTION", "RESTORE", payload([245, 40, 65, 65])),
      c("FUNCTION", "RESTORE", payload([245, 0xc0, 5])),
      c("FUNCTION", "RESTORE", payload([245, 0xc1, 0x39, 0x30])),
      c("FUNCTION", "RESTORE", payload([245, 0xc2, 1, 0, 0, 0x80])),
      c("FUNCTION", "RESTORE", payload([245, ...rdbString("hello")])),
      c("FUNCTION", "RESTORE", payload([245, 0xc3, 3, 10, 1, 2, 3])),
      c("FUNCTION", "RESTORE", payload([245, 0xc3, 0, 0])),
      c("FUNCTION", "RESTORE", payload([245, 0xc3, 3, 0, 31, 2, 3])),
      c("FUNCTION", "RESTORE", payload([245, 0x80, 0, 0, 0, 3, 65, 66, 67])),
      c("FUNCTION", "RESTORE", payload([245, ...rdbString(oneFn("y", "y1")), 7])),
      c("FUNCTION", "RESTORE", payload([246, ...rdbString("x")])),
      c("FUNCTION", "RESTORE", payload([246, 0xc3])),
      c(
        "FUNCTION",
        "RESTORE",
        payload([
          246,
          ...rdbString("pg"),
          ...rdbString("LUA"),
          0,
          ...rdbString("redis.register_function('pgf', function() return 'pre-ga' end)"),
        ]),
      ),
      c(
        "FUNCTION",
        "RESTORE",
        payload([
          246,
          ...rdbString("pg2"),
          ...rdbString("lua"),
          1,
          ...rdbString("a description"),
          ...rdbString("redis.register_function('pgf2', function() return 2 end)"),
        ]),
      ),
      c(
        "FUNCTION",
        "RESTORE",
        payload([
          246,
          ...rdbString("pg3"),
          ...rdbString("js"),
          0,
          ...rdbString("redis.register_function('x', 1)"),
        ]),
      ),
      c("FUNCTION", "RESTORE", payload([246, ...rdbString("pg4"), ...rdbString("LUA"), 0])),
      c("FUNCTION", "RESTORE", payload([246, ...rdbString("pg4"), ...rdbString("LUA"), 1])),
      c("FUNCTION", "RESTORE", payload([246, ...rdbString("pg4"), ...rdbString("LUA"), 0xc1])),
      c("FCALL", "pgf", "0"),
      anyOrder("FUNCTION", "LIST", "WITHCODE"),
    ],
  },
  {
    name: "INFO errorstats and commandstats after function errors",
    proto: 2,
    steps: [
      flush,
      load(RUNTIME),
      c("CONFIG", "RESETSTAT"),
      c("SET", "str", "x"),
      c("FCALL", "e_error", "0"),
      c("FCALL", "e_unknown", "0"),
      c("FCALL", "e_errtable", "0"),
      c("FCALL", "e_pcall", "1", "str"),
      c("FCALL", "nosuch", "0"),
      c("FCALL_RO", "e_error", "0"),
      c("FUNCTION", "DELETE", "nosuch"),
      { send: ["INFO", "errorstats"], cmp: statsWithoutTimes },
      { send: ["INFO", "commandstats"], cmp: statsWithoutTimes },
    ],
  },
  {
    name: "MULTI/EXEC around FCALL",
    steps: [
      flush,
      load(lib("incr", "redis.register_function('bump', function(k) return redis.call('incr', k[1]) end)")),
      c("MULTI"),
      c("FCALL", "bump", "1", "n"),
      c("FCALL", "nosuch", "0"),
      c("FCALL", "bump", "1", "n"),
      c("EXEC"),
    ],
  },
  {
    name: "BUSY while a function runs past busy-reply-threshold, FUNCTION STATS, FUNCTION KILL",
    proto: 2,
    cleanup: [["CONFIG", "SET", "busy-reply-threshold", "5000"]],
    steps: [
      flush,
      load(
        lib(
          "busy",
          "redis.register_function('spin', function(k, a) local i = 0 while true do i = i + 1 end end)",
        ),
      ),
      c("CONFIG", "SET", "busy-reply-threshold", "50"),
      { client: 0, send: ["FCALL", "spin", "1", "key", "arg"], replies: 0 },
      // Client 2 waits well past the threshold by its own blocked pop (no sleep here).
      { client: 2, send: ["BLPOP", "never-filled", "0.3"], replies: 0 },
      on(2, read())[0]!,
      on(1, c("PING"))[0]!,
      on(1, c("FCALL", "spin", "0"))[0]!,
      on(1, c("SCRIPT", "KILL"))[0]!,
      { client: 1, send: ["FUNCTION", "STATS"], cmp: statsWhileBusy },
      on(1, c("FUNCTION", "KILL"))[0]!,
      on(0, read())[0]!,
      on(1, c("FUNCTION", "STATS"))[0]!,
      on(1, c("FUNCTION", "KILL"))[0]!,
      on(0, c("PING"))[0]!,
    ],
  },
  {
    name: "FUNCTION STATS and FUNCTION KILL while EVAL is busy",
    proto: 2,
    cleanup: [["CONFIG", "SET", "busy-reply-threshold", "5000"]],
    steps: [
      c("CONFIG", "SET", "busy-reply-threshold", "50"),
      { client: 0, send: ["EVAL", "local i = 0 while true do i = i + 1 end", "0"], replies: 0 },
      { client: 2, send: ["BLPOP", "never-filled", "0.3"], replies: 0 },
      on(2, read())[0]!,
      on(1, c("FUNCTION", "STATS"))[0]!,
      on(1, c("FUNCTION", "KILL"))[0]!,
      on(1, c("FCALL", "x", "0"))[0]!,
      on(1, c("SCRIPT", "KILL"))[0]!,
      on(0, read())[0]!,
    ],
  },
  {
    // FUNCTION's own row lists its subcommands in Redis's (seeded, per-process) dict order: each
    // subcommand is compared on its own instead.
    name: "COMMAND INFO and DOCS rows",
    steps: [
      c("COMMAND", "INFO", "fcall", "fcall_ro"),
      ...["load", "list", "delete", "flush", "dump", "restore", "stats", "kill", "help"].map((s) =>
        c("COMMAND", "INFO", `function|${s}`),
      ),
      { send: ["COMMAND", "DOCS", "fcall", "fcall_ro"], cmp: docsExceptArguments },
      ...["load", "list", "delete", "flush", "dump", "restore", "stats", "kill", "help"].map(
        (s): Step => ({ send: ["COMMAND", "DOCS", `function|${s}`], cmp: docsExceptArguments }),
      ),
      c("COMMAND", "GETKEYS", "FCALL", "f", "2", "a", "b", "c"),
      c("COMMAND", "GETKEYS", "FCALL_RO", "f", "0", "a"),
    ],
  },
];

compatSuite("functions", cases);

// ---------------------------------------------------------------------------------------------
// Payloads across servers

/** The bulk string of a reply frame. */
function bulk(r: Reply): Uint8Array {
  if (r.kind !== "frame" || r.node.type !== "$") throw new Error(`not a bulk reply: ${r.kind}`);
  const len = Number(r.node.head);
  return r.bytes.subarray(r.bytes.length - 2 - len, r.bytes.length - 2);
}

const text = (r: Reply) => new TextDecoder().decode(r.bytes);

describe.skipIf(!Bun.which("redis-server"))("functions: FUNCTION DUMP payloads across servers", () => {
  let redis: Target;
  let redbun: Target;
  let r: RawConnection;
  let b: RawConnection;

  beforeAll(async () => {
    [redis, redbun] = await Promise.all([startRedis(), startRedbun()]);
    [r, b] = await Promise.all([
      RawConnection.open(redis.host, redis.port),
      RawConnection.open(redbun.host, redbun.port),
    ]);
  });

  afterAll(async () => {
    r?.close();
    b?.close();
    await Promise.all([redis?.close(), redbun?.close()]);
  });

  const libraries = [
    oneFn("tiny", "tiny_f"),
    lib(
      "big",
      `redis.register_function('big_f', function(keys, args) return #args end)\n-- ${"lorem ipsum dolor ".repeat(400)}\n`,
    ),
    lib(
      "bin",
      "redis.register_function{function_name='bin_f', callback=function() return '\\0\\255' end, description='\\1\\2'}",
    ),
  ];

  test("redis-server's dump restores into redbun, redbun's into redis-server, with equal listings", async () => {
    for (const conn of [r, b]) {
      expect(text(await conn.command("FUNCTION", "FLUSH"))).toBe("+OK\r\n");
    }
    for (const code of libraries) expect(text(await r.command("FUNCTION", "LOAD", code))).toStartWith("$");
    const fromRedis = bulk(await r.command("FUNCTION", "DUMP"));
    expect(text(await b.command("FUNCTION", "RESTORE", fromRedis))).toBe("+OK\r\n");
    // Listed one library at a time: the order of several is Redis's dict order.
    for (const name of ["tiny", "big", "bin"]) {
      const list = ["FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", name];
      expect(text(await b.command(...list))).toBe(text(await r.command(...list)));
    }
    expect(text(await b.command("FCALL", "big_f", "0", "a", "b"))).toBe(":2\r\n");

    // And back: redbun's dump of the same libraries, into an emptied redis-server.
    const fromRedbun = bulk(await b.command("FUNCTION", "DUMP"));
    expect(text(await r.command("FUNCTION", "FLUSH"))).toBe("+OK\r\n");
    expect(text(await r.command("FUNCTION", "RESTORE", fromRedbun))).toBe("+OK\r\n");
    for (const name of ["tiny", "big", "bin"]) {
      const list = ["FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", name];
      expect(text(await r.command(...list))).toBe(text(await b.command(...list)));
    }
  });

  test("a single library dumps to the same bytes on both servers", async () => {
    for (const code of libraries) {
      for (const conn of [r, b]) {
        await conn.command("FUNCTION", "FLUSH");
        expect(text(await conn.command("FUNCTION", "LOAD", code))).toStartWith("$");
      }
      const x = bulk(await r.command("FUNCTION", "DUMP"));
      const y = bulk(await b.command("FUNCTION", "DUMP"));
      expect(Buffer.from(y).toString("hex")).toBe(Buffer.from(x).toString("hex"));
    }
  });
});
