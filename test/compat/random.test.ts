/**
 * Random command sequences over every data type (random-commands.ts), replayed on redis-server
 * and on redbun, every reply compared (exactly, or by the property random-commands.ts gives for
 * the few that Redis itself does not fix), in RESP2 and RESP3.
 *
 * Each sequence runs on one fresh connection per server after a FLUSHALL, pipelined (one write,
 * then one read per command), both servers at the same time so relative expiries stay close.
 * On a mismatch the test shrinks the sequence to a small one that still fails at the same
 * command (dropping chunks of the commands before it, ddmin-style) and prints the seed, the
 * mismatch and that sequence as steps to paste into REGRESSIONS below (written with the
 * harness's `c`, `sortedCmd`, `shaped`, `ranged` and random-commands.ts's `bin`, `scanReply`,
 * `unordered`: import the ones a pasted case uses). REGRESSIONS run through `compatSuite`.
 *
 * CI runs seeds 1..8 of 300 random commands each. For a long hunt (RANDOM_SEED is the first
 * seed, RANDOM_SEEDS how many, RANDOM_LENGTH the random commands per sequence):
 *   RANDOM_SEEDS=2000 bun test test/compat/random.test.ts
 *   RANDOM_SEED=1234 RANDOM_SEEDS=1 RANDOM_LENGTH=1000 bun test test/compat/random.test.ts
 * `COMPAT_PEER=redis` compares two redis-servers: the generator's own check that everything it
 * compares exactly is deterministic.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  type Arg,
  type Case,
  c,
  compareReplies,
  compatSuite,
  describeReply,
  encodeCommand,
  peerKind,
  RawConnection,
  type Reply,
  ranged,
  type Step,
  startRedbun,
  startRedis,
  type Target,
} from "./harness.ts";
import { comparatorCode, randomSteps, scanReply } from "./random-commands.ts";

const SEEDS = Number(process.env.RANDOM_SEEDS ?? 8);
const FIRST_SEED = Number(process.env.RANDOM_SEED ?? 1);
const LENGTH = Number(process.env.RANDOM_LENGTH ?? 300);
/** Shrinking reruns the sequence many times; a failing test may take this long. */
const TEST_TIMEOUT_MS = 300_000;

// ---------------------------------------------------------------------------------------------
// Replaying one sequence

/** The step every sequence ends with: a stray extra reply anywhere shows up here at the latest. */
const END: Step = { send: ["PING", "end of sequence"] };

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Sends the whole sequence at once on a fresh connection and reads one reply per step. */
async function replay(target: Target, steps: readonly Step[], proto: 2 | 3): Promise<Reply[]> {
  const conn = await RawConnection.open(target.host, target.port);
  try {
    const preamble: Arg[][] = proto === 3 ? [["HELLO", "3"], ["FLUSHALL"]] : [["FLUSHALL"]];
    const commands = [...preamble, ...steps.map((s) => s.send as Arg[])];
    conn.write(concat(commands.map(encodeCommand)));
    for (const args of preamble) {
      const r = await conn.next();
      if (r.kind !== "frame" || r.node.type === "-") {
        throw new Error(`${target.name}: ${args.join(" ")} failed: ${describeReply(r)}`);
      }
    }
    const replies: Reply[] = [];
    for (let i = 0; i < steps.length; i++) {
      const r = await conn.next();
      replies.push(r);
      // Closed or silent: the rest would only wait for their timeouts one by one.
      if (r.kind === "closed" || r.kind === "timeout") {
        while (replies.length < steps.length) replies.push({ kind: r.kind, bytes: new Uint8Array(0) });
      }
    }
    return replies;
  } finally {
    conn.close();
  }
}

interface Mismatch {
  index: number;
  /** Why and both replies, without the step: equal for the same failure at another index. */
  detail: string;
  text: string;
}

let redis: Target | undefined;
let peer: Target | undefined;
const counts = { sequences: 0, commands: 0, mismatches: 0 };

/** Runs `steps` (plus END) on both servers; the first step whose replies differ, if any. */
async function firstMismatch(steps: readonly Step[], proto: 2 | 3): Promise<Mismatch | undefined> {
  const all = [...steps, END];
  const [a, b] = await Promise.all([replay(redis!, all, proto), replay(peer!, all, proto)]);
  for (let i = 0; i < all.length; i++) {
    const why = compareReplies(a[i]!, b[i]!, all[i]!);
    if (!why) continue;
    const detail = `${why}\n    redis:  ${describeReply(a[i]!)}\n    ${`${peer!.name}:`.padEnd(7)} ${describeReply(b[i]!)}`;
    return { index: i, detail, text: `> #${i} ${label(all[i]!)}: ${detail}` };
  }
  return undefined;
}

/**
 * The smallest sequence found that still fails first at its last step, the step that failed
 * first in `steps`, with the same replies (ddmin over the steps before it: drop chunks, halve
 * the chunk size).
 */
async function shrink(steps: readonly Step[], found: Mismatch, proto: 2 | 3): Promise<Step[]> {
  let current = steps.slice(0, found.index + 1);
  const failsAtEnd = async (candidate: Step[]) => {
    const m = await firstMismatch(candidate, proto);
    return m?.index === candidate.length - 1 && m.detail === found.detail;
  };
  for (let chunk = Math.max(1, Math.floor(current.length / 2)); chunk >= 1; chunk = Math.floor(chunk / 2)) {
    for (let start = 0; start < current.length - 1; ) {
      const end = Math.min(start + chunk, current.length - 1);
      const candidate = [...current.slice(0, start), ...current.slice(end)];
      if (await failsAtEnd(candidate)) current = candidate;
      else start = end;
    }
  }
  return current;
}

// ---------------------------------------------------------------------------------------------
// Printing a failing sequence as code for REGRESSIONS

function latin1(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

const argCode = (a: Arg): string =>
  typeof a === "string" ? JSON.stringify(a) : `bin(${JSON.stringify(latin1(a))})`;

function label(step: Step): string {
  return (step.send as Arg[]).map((a) => (typeof a === "string" ? a : JSON.stringify(latin1(a)))).join(" ");
}

/** The step as it would be written in REGRESSIONS (see the helpers imported above). */
function stepCode(step: Step): string {
  const args = (step.send as Arg[]).map(argCode).join(", ");
  switch (step.cmp) {
    case undefined:
    case "exact":
      return `c(${args})`;
    case "sorted":
      return `sortedCmd(${args})`;
    case "shape":
      return `shaped(${args})`;
    case "pairs":
      return `{ send: [${args}], cmp: "pairs" }`;
    case "integer-range":
      return `ranged(${step.tolerance}, ${args})`;
    default:
      return `{ send: [${args}], cmp: ${comparatorCode(step.cmp)} }`;
  }
}

// ---------------------------------------------------------------------------------------------
// Regressions: sequences the generator found, shrunk, kept as fixed cases.

const REGRESSIONS: Case[] = [
  {
    // Seeds 2, 4, 8 (and most others): redbun checked GETEX's expiry value before the key.
    name: "seed 4: GETEX checks the expiry's value only for an existing string",
    steps: [
      c("GETEX", "k2", "EXAT", "-1"),
      c("GETEX", "k6", "PX", "9223372036854775807"),
      c("GETEX", "k3", "EX", "9223372036854775"),
      c("ZADD", "lx", "0", "a"),
      c("GETEX", "lx", "EXAT", "x"),
      c("GETEX", "lx", "PX", "0"),
      c("SET", "k2", "v"),
      c("GETEX", "k2", "EXAT", "-1"),
      c("GETEX", "k2", "EXAT", "x"),
      c("GETEX", "k2", "EX", "1", "PX", "1"),
      ranged(1, "TTL", "k2"),
    ],
  },
  {
    // SORT converts a sorted set to a skip list, which keeps -0; redbun's set stayed a listpack.
    name: "seed 54: a sorted set SORT has read keeps -0 scores",
    steps: [
      c("ZINCRBY", "k3", "-0", "b"),
      c("SORT", "k3", "STORE", "k4"),
      c("ZADD", "k3", "1e3", "2", "1e3", "2"),
      c("ZADD", "k3", "2.5", "1", "-0", ""),
      c("ZREMRANGEBYRANK", "k3", "-3", "5"),
      c("ZRANGE", "k3", "0", "-1", "WITHSCORES"),
    ],
  },
  {
    name: "seed 147: -0 after SORT BY, popped",
    steps: [
      c("ZINCRBY", "k1", "-0", "d"),
      c("SORT", "k1", "BY", "k*"),
      c("ZINCRBY", "k1", "-inf", "b"),
      c("ZADD", "k1", "CH", "1e3", "2", "-0", ""),
      c("ZPOPMIN", "k1", "3"),
    ],
  },
  {
    name: "seed 74: -0 after SORT, through ZMPOP, SWAPDB and COPY",
    steps: [
      c("ZADD", "k6", "3", "1"),
      c("ZINCRBY", "k6", "1", "d"),
      c("SORT", "k6", "BY", "k*->f1", "GET", "nosuch*", "GET", "nosuch*", "STORE", "k3"),
      c("BZPOPMAX", "k6", "k6", "0.01"),
      c("ZADD", "k6", "0.1", "2", "-inf", "d"),
      c("ZMPOP", "2", "lx", "k6", "MAX"),
      c("ZADD", "k6", "-0", "", "-0", "1"),
      c("SELECT", "1"),
      c("SWAPDB", "0", "1"),
      c("ZRANGE", "k6", "2", "100", "WITHSCORES"),
      c("COPY", "k6", "k5"),
      c("ZADD", "k5", "-0", "e"),
      c("ZSCORE", "k5", "e"),
      { send: ["ZSCAN", "k5", "0", "COUNT", "1000"], cmp: scanReply(true) },
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// The random sequences

const seeds = Array.from({ length: SEEDS }, (_, i) => FIRST_SEED + i);

if (!Bun.which("redis-server")) {
  const message = "compat: redis-server is not installed; the random sequences cannot run";
  if (process.env.CI === "true") {
    test("random sequences", () => {
      throw new Error(message);
    });
  } else {
    console.warn(`\n*** ${message} (skipped) ***\n`);
    test.skip("random sequences", () => {});
  }
} else {
  describe("random sequences", () => {
    beforeAll(async () => {
      // hz 100: Redis checks blocking timeouts in its cron, 10 times a second by default,
      // which makes each 0.01 s timeout of the sequences cost up to 100 ms.
      [redis, peer] = await Promise.all([
        startRedis({ hz: "100" }),
        peerKind() === "redis" ? startRedis({ hz: "100" }, "redis#2") : startRedbun(),
      ]);
    });

    afterAll(async () => {
      await Promise.all([redis?.close(), peer?.close()]);
      console.log(
        `compat[random]: ${counts.sequences} sequences, ${counts.commands} commands compared, ` +
          `${counts.mismatches} mismatches`,
      );
    });

    for (const seed of seeds) {
      for (const proto of [2, 3] as const) {
        test(
          `seed ${seed}, ${LENGTH} commands [RESP${proto}]`,
          async () => {
            const steps = randomSteps(seed, LENGTH);
            const found = await firstMismatch(steps, proto);
            counts.sequences++;
            counts.commands += (found ? found.index : steps.length) + 1;
            if (found) {
              counts.mismatches++;
              const small = await shrink(steps, found, proto);
              const again = await firstMismatch(small, proto);
              console.log(
                `random: seed ${seed} [RESP${proto}] mismatch at command #${found.index} of ${steps.length}\n` +
                  `${found.text}\n` +
                  `shrunk to ${small.length} commands, failing as:\n${again?.text ?? "(no longer fails)"}\n` +
                  `  {\n    name: "seed ${seed}: <what it shows>",\n    proto: ${proto},\n    steps: [\n` +
                  small.map((s) => `      ${stepCode(s)},\n`).join("") +
                  "    ],\n  },",
              );
            }
            expect(found?.text).toBeUndefined();
          },
          TEST_TIMEOUT_MS,
        );
      }
    }
  });
}

compatSuite("random-regressions", REGRESSIONS);
