/**
 * `redbun/testing`: redbun inside bun:test.
 *
 * - `redbun/testing/preload` (in bunfig.toml `[test] preload`) starts one in-process server for
 *   the test run before any test file is loaded, points REDIS_URL, VALKEY_URL and REDBUN_URL at
 *   it (so `Bun.redis`, ioredis and node-redis reach it with no code change), installs the
 *   matchers below and closes the server when the run ends.
 * - `testServer()` is that server: its clock, `db(n)`, snapshots, settle().
 * - Matchers: `expect(server).toHaveKey(key, db?)`, `expect(server).toHaveTTL(key, ttl?, db?)`,
 *   `expect(server).toHaveReceived("set", "k", /^v/)`.
 *
 * @example
 * import { testServer } from "redbun/testing";
 * const server = testServer();
 * beforeEach(() => server.flushAll());
 * test("sessions expire", () => {
 *   server.db().set("s", "x", { ttl: "30m" });
 *   server.clock.advance("30m");
 *   expect(server).toHaveKey("s");
 *   server.clock.advance(1);
 *   expect(server).not.toHaveKey("s");
 * });
 */
import { expect } from "bun:test";
import { parseDuration } from "../db/clock.ts";
import type { RedbunServer } from "../server/index.ts";

export { type RedbunServer, type StartServerOptions, startServer } from "../server/index.ts";

const SLOT = Symbol.for("redbun.testing.server");

/** Where the preload leaves its server (a global symbol: test files may load their own copy of this module). */
export function setTestServer(server: RedbunServer | undefined): void {
  (globalThis as Record<symbol, unknown>)[SLOT] = server;
}

/** The server the preload started; throws when the preload is not configured. */
export function testServer(): RedbunServer {
  const server = (globalThis as Record<symbol, unknown>)[SLOT] as RedbunServer | undefined;
  if (server === undefined) {
    throw new Error(
      'redbun/testing: no test server. Add preload = ["redbun/testing/preload"] under [test] in bunfig.toml, or use startServer().',
    );
  }
  return server;
}

function isServer(v: unknown): v is RedbunServer {
  return typeof v === "object" && v !== null && typeof (v as RedbunServer).db === "function";
}

interface MatcherResult {
  pass: boolean;
  message: () => string;
}

/** Install the redbun matchers into bun:test's expect (the preload does this). */
export function installMatchers(): void {
  expect.extend({
    toHaveKey(received: unknown, key: string, db = 0): MatcherResult {
      if (!isServer(received))
        return { pass: false, message: () => "expected a redbun server (startServer's result)" };
      const pass = received.db(db).exists(key);
      return {
        pass,
        message: () => `expected db ${db} ${pass ? "not " : ""}to have key '${key}'`,
      };
    },
    /**
     * With `ttl` (ms or "10s", "5m"...): the key's remaining TTL is exactly that (use a manual
     * clock); without: the key exists and has a TTL.
     */
    toHaveTTL(received: unknown, key: string, ttl?: number | string, db = 0): MatcherResult {
      if (!isServer(received))
        return { pass: false, message: () => "expected a redbun server (startServer's result)" };
      const left = received.db(db).ttl(key);
      const want = ttl === undefined ? undefined : parseDuration(ttl);
      const pass = want === undefined ? left >= 0 : left === want;
      const what = left === -2 ? "does not exist" : left === -1 ? "has no TTL" : `has ${left} ms left`;
      return {
        pass,
        message: () =>
          `expected key '${key}' ${pass ? "not " : ""}to have ${want === undefined ? "a TTL" : `a TTL of ${want} ms`}; it ${what}`,
      };
    },
    /** The journal holds `name` with arguments starting with `args` (strings or RegExps). */
    toHaveReceived(received: unknown, name: string, ...args: (string | RegExp)[]): MatcherResult {
      if (!isServer(received))
        return { pass: false, message: () => "expected a redbun server (startServer's result)" };
      const pass = received.journal.received(name, ...args);
      const call = [name, ...args.map(String)].join(" ");
      return {
        pass,
        message: () =>
          pass
            ? `expected no '${call}' in the journal`
            : `expected '${call}' in the journal (it records from the first time server.journal is read: the preload does that at start)`,
      };
    },
  });
}

declare module "bun:test" {
  interface Matchers<T> {
    /** The server's database `db` (default 0) has `key`. */
    toHaveKey(key: string, db?: number): T;
    /** `key` has a TTL (exactly `ttl` when given: ms or "10s", "5m"...). */
    toHaveTTL(key: string, ttl?: number | string, db?: number): T;
    /** The server's journal has `name` with arguments starting with `args`. */
    toHaveReceived(name: string, ...args: (string | RegExp)[]): T;
  }
}
