/**
 * Differential cases for what redbun's scripting fast paths touch (src/scripting/lib/string-keys.ts,
 * fengari-speed.ts, the argument and reply paths of engine.ts and convert.ts): strings as table keys
 * and their order (bytes that fengari's hex keys confused), redis.call arguments (numbers, binary,
 * empty, longer than the copy limit, command names in any case or computed), replies of every type
 * made into Lua values, KEYS and ARGV fresh in every run, and deep call chains with closures.
 */
import { type Case, c, compatSuite } from "./harness.ts";

const ev = (script: string, ...rest: string[]) => c("EVAL", script, ...(rest.length ? rest : ["0"]));

const cases: Case[] = [
  {
    name: "strings as table keys and their order",
    steps: [
      // "\1#" and "\18\3" were one key under fengari's unpadded hex.
      ev("local t = {} t['\\1#'] = 1 t['\\18\\3'] = 2 return {t['\\1#'], t['\\18\\3']}"),
      ev(
        "return {tostring('\\t' < 'A'), tostring('\\15' < '\\16'), tostring('\\200' > 'z'), tostring('a\\0b' > 'a')}",
      ),
      ev(
        "local t = {'b', '\\10', 'A', '\\200', 'a\\0b', 'a', '\\15', '\\16', ''} table.sort(t) local o = {} for i, s in ipairs(t) do o[i] = string.format('%q', s) end return o",
      ),
      ev(
        "local t = {} for i = 0, 255 do t[string.char(i)] = i end local n = 0 for k, v in pairs(t) do n = n + 1 end return n",
      ),
      ev("local t = {} t[ARGV[1]] = 'x' return t['k\\255\\0']", "0", "k\xff\x00"),
    ],
  },
  {
    name: "redis.call arguments",
    steps: [
      ev("redis.call('SET', KEYS[1], 3.5) return redis.call('GET', KEYS[1])", "1", "fp:k"),
      ev("redis.call('SET', KEYS[1], 1e20) return redis.call('GET', KEYS[1])", "1", "fp:k"),
      ev("redis.call('SET', KEYS[1], -0.1) return redis.call('GET', KEYS[1])", "1", "fp:k"),
      ev("redis.call('SET', KEYS[1], '') return redis.call('STRLEN', KEYS[1])", "1", "fp:k"),
      ev("redis.call('SET', KEYS[1], 'a\\0b\\255') return redis.call('GET', KEYS[1])", "1", "fp:k"),
      ev(
        "redis.call('SET', KEYS[1], string.rep('x', 100000)) return redis.call('STRLEN', KEYS[1])",
        "1",
        "fp:k",
      ),
      ev(
        "local big = string.rep('y', 70000) redis.call('MSET', KEYS[1], big, KEYS[2], 'small', KEYS[3], big .. 'z') return {redis.call('STRLEN', KEYS[1]), redis.call('GET', KEYS[2]), redis.call('STRLEN', KEYS[3])}",
        "3",
        "fp:a",
        "fp:b",
        "fp:c",
      ),
      ev("return redis.call('sEt', KEYS[1], 'v')", "1", "fp:k"),
      ev("local name = 'G' .. 'ET' return redis.call(name, KEYS[1])", "1", "fp:k"),
      ev("return redis.pcall(42)"),
      ev("return redis.pcall('nosuchcommand')"),
      ev("return redis.pcall('GET', {})"),
      ev("return redis.call('OBJECT', 'ENCODING', KEYS[1])", "1", "fp:k"),
      ev("return redis.call('object', 'encoding', KEYS[1])", "1", "fp:k"),
      ev(
        "for i = 1, 200 do redis.call('RPUSH', KEYS[1], i, i * 1.5, 'v' .. i) end return redis.call('LRANGE', KEYS[1], -6, -1)",
        "1",
        "fp:l",
      ),
      c("DEL", "fp:k", "fp:a", "fp:b", "fp:c", "fp:l"),
    ],
  },
  {
    name: "replies made into Lua values",
    steps: [
      ev(
        "redis.call('HSET', KEYS[1], 'f1', 'v1', 'f2', '') local r = redis.call('HGETALL', KEYS[1]) return {#r, r[1], r[2], r[3], r[4]}",
        "1",
        "fp:h",
      ),
      ev("local r = redis.call('SET', KEYS[1], 'x') return {type(r), r.ok}", "1", "fp:s"),
      ev("local r = redis.pcall('INCR', KEYS[1]) return {type(r), r.err}", "1", "fp:s"),
      ev("return {redis.call('GET', 'fp:missing') == false, redis.call('EXISTS', KEYS[1])}", "1", "fp:s"),
      ev(
        "local r = redis.call('ZADD', KEYS[1], 1.5, 'a', 2, 'b') return {r, redis.call('ZSCORE', KEYS[1], 'a')}",
        "1",
        "fp:z",
      ),
      ev(
        "redis.setresp(3) local r = redis.call('HGETALL', KEYS[1]) return {r.map.f1, r.map.f2}",
        "1",
        "fp:h",
      ),
      ev(
        "redis.setresp(3) local r = redis.call('ZSCORE', KEYS[1], 'a') return tostring(r.double)",
        "1",
        "fp:z",
      ),
      ev("redis.setresp(3) local r = redis.call('SMEMBERS', 'fp:none') return type(r.set)"),
      c("DEL", "fp:h", "fp:s", "fp:z"),
    ],
  },
  {
    name: "KEYS and ARGV are fresh in every run",
    steps: [
      ev("KEYS[1] = 'changed' KEYS[5] = 'extra' ARGV.x = 1 return #KEYS", "2", "a", "b", "c"),
      ev(
        "return {#KEYS, #ARGV, KEYS[1], KEYS[2], ARGV[1], tostring(ARGV.x), tostring(KEYS[5])}",
        "2",
        "a",
        "b",
        "c",
      ),
      ev("setmetatable(KEYS, {__index = function() return 'meta' end}) return KEYS[9]", "1", "a"),
      ev("return {tostring(KEYS[9]), tostring(getmetatable(KEYS))}", "1", "a"),
      ev("return {#KEYS, #ARGV}"),
    ],
  },
  {
    name: "calls, closures and errors deep in the stack",
    steps: [
      ev(
        "local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end return fib(20)",
      ),
      ev(
        "local fs = {} for i = 1, 10 do local j = i * 2 fs[i] = function() j = j + 1 return j end end local s = 0 for i = 1, 10 do s = s + fs[i]() + fs[i]() end return s",
      ),
      ev(
        "local function f(...) return select('#', ...), ... end local a, b, c = f(1, nil, 3) return {a, b, tostring(c)}",
      ),
      ev(
        "local function deep(n) if n == 0 then error('bottom') end return deep(n - 1) end local ok, e = pcall(deep, 50) return {tostring(ok), e}",
      ),
      ev(
        "local co = coroutine.create(function(a) local b = coroutine.yield(a + 1) return b * 2 end) local _, x = coroutine.resume(co, 1) local _, y = coroutine.resume(co, 10) return {x, y}",
      ),
      ev("local function f(n) if n == 0 then return 0 end return f(n - 1) end return f(10000)"),
    ],
  },
];

compatSuite("scripting-fast-paths", cases);
