/**
 * Runs after app.test.ts (files run in name order): the preload resets the server for each
 * file, so nothing that file left behind (keys, fault rules, journal entries) is seen here.
 */
import { expect, test } from "bun:test";
import { testServer } from "redbun/testing";
import { sessionUser } from "./app.ts";

const server = testServer();

test("each test file starts from an empty server", async () => {
  expect(server.db().size).toBe(0);
  expect(await sessionUser("t2")).toBeNull();
  expect(server.faults.list()).toHaveLength(0);
  expect(server).not.toHaveReceived("lpush", "jobs:failed");
  expect(server.clock.mode).toBe("real");
});
