/**
 * For the acceptance tests that run real libraries (BullMQ, redlock, rate-limiter-flexible):
 * one describe block per server, a real redis-server (a process on a free port, which shows the
 * test itself is right) and redbun in this process (`startServer` on port 0), plus a deadline
 * for every await that waits on the server, so a command redbun lacks fails the test with the
 * server's error instead of hanging it.
 *
 * @example
 * describeTargets("redlock", (server) => {
 *   test("acquire", async () => {
 *     const redis = new Redis(server().port, server().host);
 *     ...
 *   });
 * });
 */
import { afterAll, beforeAll, describe, test } from "bun:test";
import { TARGETS } from "../../client/target.ts";
import { type RunningServer, startTarget, type TargetName } from "./servers.ts";

/**
 * Declares `body` once per target inside `describe("<title> [<target>]")`, with the server
 * started in beforeAll and closed in afterAll. Without redis-server the redis block is skipped
 * with a loud warning, or fails under CI=true, as the compat suites do.
 */
export function describeTargets(
  title: string,
  body: (server: () => RunningServer, target: TargetName) => void,
): void {
  // Both servers, unless REDBUN_TEST_TARGET narrows the run to one (the client tests' list).
  for (const target of TARGETS) {
    const name = `${title} [${target}]`;
    if (target === "redis" && !Bun.which("redis-server")) {
      const message = `${name}: redis-server is not installed, so the reference run cannot happen`;
      if (process.env.CI === "true") {
        test(name, () => {
          throw new Error(message);
        });
      } else {
        console.warn(`\n*** ${message} (skipped) ***\n`);
        describe.skip(name, () => body(() => undefined as unknown as RunningServer, target));
      }
      continue;
    }
    describe(name, () => {
      let server: RunningServer | undefined;
      beforeAll(async () => {
        server = await startTarget({}, target);
      });
      afterAll(async () => {
        await server?.close();
      });
      body(() => {
        if (server === undefined) throw new Error(`${name}: the server did not start`);
        return server;
      }, target);
    });
  }
}

/** Thrown when a wait runs past its deadline; the message says what was awaited and what was seen. */
export class DeadlineError extends Error {
  override name = "DeadlineError";
}

/**
 * `promise`, or a DeadlineError after `ms` naming `what` plus `details()` (for instance the
 * errors a Worker emitted meanwhile, which is usually the server's reply that broke it).
 */
export async function within<T>(
  promise: Promise<T>,
  ms: number,
  what: string,
  details: () => string = () => "",
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const extra = details();
      reject(new DeadlineError(`timed out after ${ms} ms waiting for ${what}${extra ? `\n${extra}` : ""}`));
    }, ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A promise that resolves once `done()` turns true, re-checked by calling `check()` from the
 * event handlers that change the state (no polling).
 */
export function condition(done: () => boolean): { promise: Promise<void>; check(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  const check = () => {
    if (done()) resolve();
  };
  check();
  return { promise, check };
}

/** Error messages as one indented block, for DeadlineError details. */
export function describeErrors(label: string, errors: readonly unknown[]): string {
  if (errors.length === 0) return "";
  const unique = [
    ...new Set(errors.map((e) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e)))),
  ];
  return `${label} (${errors.length}, ${unique.length} distinct):\n  ${unique.slice(0, 10).join("\n  ")}`;
}
