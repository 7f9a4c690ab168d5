/**
 * Key specs (src/commands/key-specs.ts): the table notation, the legacy triple and movablekeys
 * Redis derives from the specs, and the keys of one call. Specs redbun's own commands do not
 * use yet (keyword begin_search, range limits) are checked here against what Redis 7.0.15
 * answers for XREAD, GEORADIUS and MIGRATE.
 */
import { describe, expect, test } from "bun:test";
import type { KeySpecText } from "../../src/commands/key-specs.ts";
import { commandKeys, hasKeys, legacyRange, parseKeySpec } from "../../src/commands/key-specs.ts";
import { spec } from "../../src/commands/spec.ts";

const enc = new TextEncoder();
const argv = (line: string) => line.split(" ").map((w) => enc.encode(w === '""' ? "" : w));
const dec = new TextDecoder();

/** A row with these specs, and the keys (`name:flags`) COMMAND GETKEYSANDFLAGS would list. */
function row(ks: KeySpecText[], extra: { flags?: string; arity?: number } = {}) {
  const s = spec("x", "generic", {
    arity: extra.arity ?? -2,
    flags: extra.flags ?? "readonly",
    ks,
    acl: "read",
    since: "1.0.0",
    summary: "",
    complexity: "",
  });
  const keys = (line: string) => {
    const words = argv(line);
    return commandKeys(s, words).map((k) => `${dec.decode(words[k.pos])}:${k.flags.join(",")}`);
  };
  return { s, keys };
}

describe("notation", () => {
  test("index, range, keynum, keyword and unknown", () => {
    expect(parseKeySpec("RW access delete @1")).toEqual({
      flags: ["RW", "access", "delete"],
      begin: { type: "index", index: 1 },
      find: { type: "range", lastkey: 0, keystep: 1, limit: 0 },
    });
    expect(parseKeySpec("OW update @1 range(-1,2)").find).toEqual({
      type: "range",
      lastkey: -1,
      keystep: 2,
      limit: 0,
    });
    expect(parseKeySpec("RO @2 keynum").find).toEqual({
      type: "keynum",
      keynumidx: 0,
      firstkey: 1,
      keystep: 1,
    });
    expect(parseKeySpec("RO @2 keynum(1,2,2)").find).toEqual({
      type: "keynum",
      keynumidx: 1,
      firstkey: 2,
      keystep: 2,
    });
    expect(parseKeySpec("RO access keyword(STREAMS,1) range(-1,1,2)")).toEqual({
      flags: ["RO", "access"],
      begin: { type: "keyword", keyword: "STREAMS", startfrom: 1 },
      find: { type: "range", lastkey: -1, keystep: 1, limit: 2 },
    });
    expect(parseKeySpec({ ks: "RO unknown unknown", notes: "why" })).toEqual({
      notes: "why",
      flags: ["RO"],
      begin: { type: "unknown" },
      find: { type: "unknown" },
    });
  });

  test("malformed specs are rejected when the table loads", () => {
    expect(() => parseKeySpec("RW access")).toThrow("without begin_search");
    expect(() => parseKeySpec("RW @1 nonsense")).toThrow("bad key spec");
    expect(() => parseKeySpec("RW @1 range(x)")).toThrow("bad key spec arguments");
    expect(() => parseKeySpec("RW @1 range(0) range(0)")).toThrow("bad key spec");
  });
});

describe("legacy triple and movablekeys, as Redis derives them", () => {
  const triple = (...ks: string[]) => legacyRange(ks.map((k) => parseKeySpec(k)));

  test("one index/range spec is the triple itself", () => {
    expect(triple("OW update @1 range(-1,2)")).toEqual({ keys: [1, -1, 2], movable: false });
    expect(triple("RO access @1 range(1)")).toEqual({ keys: [1, 2, 1], movable: false });
    expect(triple("RW incomplete @1")).toEqual({ keys: [1, 1, 1], movable: true });
    expect(triple()).toEqual({ keys: [0, 0, 0], movable: false });
  });

  test("consecutive specs are glued; a negative last key wins", () => {
    expect(triple("RW access delete @1", "RW insert @2")).toEqual({ keys: [1, 2, 1], movable: false });
    expect(triple("OW update @1", "RO access @2 range(-1)")).toEqual({ keys: [1, -1, 1], movable: false });
  });

  test("specs the triple cannot say make the command movablekeys", () => {
    expect(triple("RW @1 keynum")).toEqual({ keys: [0, 0, 0], movable: true });
    expect(triple("OW update @1", "RO access @2 keynum")).toEqual({ keys: [1, 1, 1], movable: true });
    expect(triple("RO @1", "RO unknown unknown")).toEqual({ keys: [1, 1, 1], movable: true });
    expect(triple("RO @1", "RO @3")).toEqual({ keys: [1, 1, 1], movable: true });
    expect(triple("RO @1", "RO @2 range(-1,2)")).toEqual({ keys: [1, 1, 1], movable: true });
    expect(triple("RO access keyword(STREAMS,1) range(-1,1,2)")).toEqual({ keys: [0, 0, 0], movable: true });
  });

  test("rows get movablekeys in Redis's flag order, and never from the row itself", () => {
    expect(row(["RW @1 keynum"], { flags: "write blocking" }).s.flags).toEqual([
      "write",
      "blocking",
      "movablekeys",
    ]);
    expect(row(["RW @1 keynum"], { flags: "write no_multi allow_busy" }).s.flags).toEqual([
      "write",
      "no_multi",
      "movablekeys",
      "allow_busy",
    ]);
    expect(row(["RW @1"], { flags: "write movablekeys" }).s.flags).toEqual(["write"]);
  });
});

describe("the keys of one call", () => {
  test("keyword begin_search with a limit (XREAD)", () => {
    const { keys } = row(["RO access keyword(STREAMS,1) range(-1,1,2)"]);
    expect(keys("xread COUNT 2 STREAMS a b 0 0")).toEqual(["a:RO,access", "b:RO,access"]);
    expect(keys("xread streams a 0")).toEqual(["a:RO,access"]);
    expect(keys("xread count 1 streams a b c")).toEqual(["a:RO,access"]);
    // The keyword is absent: that spec finds nothing, which GETKEYS reports as an error.
    expect(keys("xread count 1")).toEqual([]);
  });

  test("a keyword searched backwards, and an optional keyword (GEORADIUS STORE)", () => {
    const back = row(["RW access delete keyword(KEYS,-2) range(-1)"]);
    expect(back.keys('migrate h p "" 0 5 KEYS a b')).toEqual(["a:RW,access,delete", "b:RW,access,delete"]);
    const geo = row(["RO access @1", "OW update keyword(STORE,6)", "OW update keyword(STOREDIST,6)"]);
    expect(geo.keys("georadius k 0 0 1 m STORE d")).toEqual(["k:RO,access", "d:OW,update"]);
    expect(geo.keys("georadius k 0 0 1 m")).toEqual(["k:RO,access"]);
  });

  test("keynum: strict counts; keys past the end or none at all find nothing", () => {
    const { keys } = row(["OW update @1", "RO access @2 keynum"]);
    expect(keys("zunionstore d 2 a b WEIGHTS 1 2")).toEqual(["d:OW,update", "a:RO,access", "b:RO,access"]);
    expect(keys("zunionstore d 3 a b")).toEqual([]);
    expect(keys("zunionstore d 0 a")).toEqual([]);
    expect(keys("zunionstore d 02 a b")).toEqual([]);
    // C's (int) cast of the count: 2^32 + 1 is 1.
    expect(keys("zunionstore d 4294967297 a b")).toEqual(["d:OW,update", "a:RO,access"]);
  });

  test("an unknown or incomplete spec hands over to the getkeys procedure", () => {
    const s = spec("x", "generic", {
      arity: -2,
      flags: "write",
      ks: ["RO access @1", "OW update unknown unknown"],
      getkeys: () => [{ pos: 2, flags: ["OW"] }],
      acl: "write",
      since: "1.0.0",
      summary: "",
      complexity: "",
    });
    expect(commandKeys(s, argv("x a b")).map((k) => k.pos)).toEqual([2]);
    const incomplete = row(["RW incomplete @1"]);
    expect(incomplete.keys("x a")).toEqual([]);
  });

  test("not_key specs are not keys", () => {
    const { s, keys } = row(["RO not_key @1"]);
    expect(hasKeys(s)).toBe(false);
    expect(keys("x a")).toEqual([]);
  });
});
