import { expect, test } from "bun:test";
import type { CommandTracer } from "../../src/commands/types.ts";
import { localServer } from "../support/local-server.ts";

test("the dispatcher reports one span per command with the keys its key specs name", () => {
  const spans: { op: string; keys: number; db: number; error?: string }[] = [];
  const tracer: CommandTracer = {
    record: (op, keys, db, _start, _ms, error) => spans.push({ op, keys, db, error }),
    shutdown: async () => {},
  };
  const c = localServer({}, tracer).connect();
  c.send(["SET", "k", "v"]);
  c.send(["MGET", "a", "b", "c"]);
  c.send(["ZUNION", "2", "z1", "z2"]);
  c.send(["LMPOP", "2", "l1", "l2", "LEFT"]);
  c.send(["SELECT", "3"]);
  c.send(["INCR", "k"]);
  c.send(["PING"]);
  expect(spans).toEqual([
    { op: "SET", keys: 1, db: 0, error: undefined },
    { op: "MGET", keys: 3, db: 0, error: undefined },
    { op: "ZUNION", keys: 2, db: 0, error: undefined },
    { op: "LMPOP", keys: 2, db: 0, error: undefined },
    { op: "SELECT", keys: 0, db: 3, error: undefined },
    { op: "INCR", keys: 1, db: 3, error: undefined },
    { op: "PING", keys: 0, db: 3, error: undefined },
  ]);
});
