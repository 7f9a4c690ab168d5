/** The redbun/testing matchers, on a server of the test's own. */
import { expect, test } from "bun:test";
import { startServer } from "../../src/server/index.ts";
import { installMatchers } from "../../src/testing/index.ts";

installMatchers();

test("toHaveKey and toHaveTTL, positive and negated, with Redis's deadline rule", async () => {
  await using server = await startServer({ port: 0, clock: "manual" });
  server.db().set("s", "x", { ttl: "10s" });
  server.db(2).set("other", "y");
  expect(server).toHaveKey("s");
  expect(server).not.toHaveKey("missing");
  expect(server).toHaveKey("other", 2);
  expect(server).not.toHaveKey("other");
  expect(server).toHaveTTL("s");
  expect(server).toHaveTTL("s", "10s");
  expect(server).toHaveTTL("s", 10_000);
  expect(server).not.toHaveTTL("s", "9s");
  expect(server).not.toHaveTTL("other", undefined, 2);
  server.clock.advance("10s");
  expect(server).toHaveTTL("s", 0);
  server.clock.advance(1);
  expect(server).not.toHaveKey("s");
  expect(() => expect(server).toHaveKey("s")).toThrow("expected db 0 to have key 's'");
  expect(() => expect(server).toHaveTTL("other", "1m", 2)).toThrow("it has no TTL");
  expect(() => expect({}).toHaveKey("s")).toThrow("expected a redbun server");
});

test("toHaveReceived looks in the journal", async () => {
  await using server = await startServer({ port: 0 });
  void server.journal;
  server.db().command("SET", "job:1", "queued");
  expect(server).toHaveReceived("set", "job:1");
  expect(server).toHaveReceived("SET", /^job:/, "queued");
  expect(server).not.toHaveReceived("set", "job:2");
  expect(() => expect(server).toHaveReceived("del")).toThrow("expected 'del' in the journal");
});
