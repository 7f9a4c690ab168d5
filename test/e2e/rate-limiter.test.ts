/**
 * rate-limiter-flexible's RateLimiterRedis, unmodified, over ioredis (RESP3 and RESP2) against
 * redis-server and against redbun. consume, penalty and reward go through its Lua script
 * (ioredis defineCommand: EVALSHA, then EVAL), get and block through MULTI, and a limiter
 * without a duration through MULTI INCRBY/PTTL. A rejection that is not a RateLimiterRes is the
 * server's error, and the test fails with it.
 */
import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { Redis, type RedisOptions } from "ioredis";
import { type IRateLimiterStoreOptions, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { describeTargets, within } from "./support/library-targets.ts";

setDefaultTimeout(15_000);

const clients: Redis[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.disconnect();
});

/** The RateLimiterRes `promise` rejects with; any other outcome fails the test. */
async function rejected(promise: Promise<RateLimiterRes>, what: string): Promise<RateLimiterRes> {
  const outcome = await within(
    promise.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    ),
    5_000,
    what,
  );
  if (!("error" in outcome)) throw new Error(`${what}: expected a rejection, it resolved`);
  if (!(outcome.error instanceof RateLimiterRes)) throw outcome.error;
  return outcome.error;
}

const ok = <T>(promise: Promise<T>, what: string) => within(promise, 5_000, what);

describeTargets("rate-limiter-flexible", (server, target) => {
  for (const protocol of [3, 2] as const) {
    describe(`ioredis RESP${protocol}`, () => {
      function limiter(options: Omit<IRateLimiterStoreOptions, "storeClient">): {
        limits: RateLimiterRedis;
        redis: Redis;
      } {
        const options_: RedisOptions = {
          host: server().host,
          port: server().port,
          protocol,
          retryStrategy: () => null,
          maxRetriesPerRequest: 0,
        };
        const redis = new Redis(options_);
        clients.push(redis);
        const prefix = `rl:${target}:${protocol}:${crypto.randomUUID().slice(0, 8)}`;
        return { limits: new RateLimiterRedis({ storeClient: redis, keyPrefix: prefix, ...options }), redis };
      }

      test("consume counts points inside the window and rejects past the limit", async () => {
        const { limits, redis } = limiter({ points: 5, duration: 10 });
        const first = await ok(limits.consume("user", 1), "consume 1");
        expect(first).toBeInstanceOf(RateLimiterRes);
        expect(first.consumedPoints).toBe(1);
        expect(first.remainingPoints).toBe(4);
        expect(first.isFirstInDuration).toBe(true);
        expect(first.msBeforeNext).toBeGreaterThan(9_000);
        expect(first.msBeforeNext).toBeLessThanOrEqual(10_000);
        // The script's SET ... EX NX created the key with the window as its TTL.
        expect(await redis.get(limits.getKey("user"))).toBe("1");
        expect(await redis.ttl(limits.getKey("user"))).toBe(10);

        const third = await ok(limits.consume("user", 3), "consume 3");
        expect(third.consumedPoints).toBe(4);
        expect(third.remainingPoints).toBe(1);
        expect(third.isFirstInDuration).toBe(false);

        const over = await rejected(limits.consume("user", 2), "consume past the limit");
        expect(over.consumedPoints).toBe(6);
        expect(over.remainingPoints).toBe(0);
        expect(over.msBeforeNext).toBeGreaterThan(9_000);

        const other = await ok(limits.consume("someone-else"), "consume for another key");
        expect(other.consumedPoints).toBe(1);
      });

      test("penalty and reward move the count; get reads it; delete clears it", async () => {
        const { limits, redis } = limiter({ points: 10, duration: 10 });
        await ok(limits.consume("user", 2), "consume 2");
        const penalised = await ok(limits.penalty("user", 5), "penalty 5");
        expect(penalised.consumedPoints).toBe(7);
        expect(penalised.remainingPoints).toBe(3);
        const rewarded = await ok(limits.reward("user", 4), "reward 4");
        expect(rewarded.consumedPoints).toBe(3);
        expect(rewarded.remainingPoints).toBe(7);

        const read = await ok(limits.get("user"), "get");
        expect(read).not.toBeNull();
        expect(read!.consumedPoints).toBe(3);
        expect(read!.remainingPoints).toBe(7);
        expect(read!.msBeforeNext).toBeGreaterThan(9_000);
        expect(await ok(limits.get("nobody"), "get of an unknown key")).toBeNull();

        expect(await ok(limits.delete("user"), "delete")).toBe(true);
        expect(await redis.exists(limits.getKey("user"))).toBe(0);
        expect(await ok(limits.delete("user"), "second delete")).toBe(false);
      });

      test("block and blockDuration keep a key rejected for the block's length", async () => {
        const { limits, redis } = limiter({ points: 2, duration: 5, blockDuration: 30 });
        await ok(limits.block("manual", 20), "block 20 s");
        const blocked = await rejected(limits.consume("manual"), "consume while blocked");
        expect(blocked.msBeforeNext).toBeGreaterThan(19_000);
        expect(blocked.msBeforeNext).toBeLessThanOrEqual(20_000);
        expect(await redis.ttl(limits.getKey("manual"))).toBe(20);

        await ok(limits.consume("auto", 2), "consume the whole budget");
        // Crossing the limit blocks the key for blockDuration, not for the 5 s window.
        const over = await rejected(limits.consume("auto"), "consume past the limit");
        expect(over.msBeforeNext).toBe(30_000);
        const ttl = await redis.pttl(limits.getKey("auto"));
        expect(ttl).toBeGreaterThan(29_000);
        expect(ttl).toBeLessThanOrEqual(30_000);
        const again = await rejected(limits.consume("auto"), "consume inside the block");
        expect(again.msBeforeNext).toBeGreaterThan(29_000);
      });

      test("a limiter without a duration counts forever (MULTI INCRBY / PTTL)", async () => {
        const { limits, redis } = limiter({ points: 3, duration: 0 });
        for (let n = 1; n <= 3; n++) {
          const res = await ok(limits.consume("user"), `consume ${n}`);
          expect(res.consumedPoints).toBe(n);
          expect(res.msBeforeNext).toBe(-1);
        }
        const over = await rejected(limits.consume("user"), "consume past the limit");
        expect(over.consumedPoints).toBe(4);
        expect(await redis.pttl(limits.getKey("user"))).toBe(-1);
      });

      test("concurrent consumers never overspend the budget (the script is atomic)", async () => {
        const { limits } = limiter({ points: 50, duration: 10 });
        const outcomes = await ok(
          Promise.allSettled(Array.from({ length: 80 }, () => limits.consume("shared"))),
          "80 concurrent consumes",
        );
        const granted = outcomes.filter((o) => o.status === "fulfilled");
        const refused = outcomes.filter((o) => o.status === "rejected");
        for (const o of refused) {
          // Anything but a RateLimiterRes is the server's error: fail with it.
          const reason = (o as PromiseRejectedResult).reason;
          if (!(reason instanceof RateLimiterRes)) throw reason;
        }
        expect(granted.length).toBe(50);
        expect(refused.length).toBe(30);
        const seen = granted.map((o) => (o as PromiseFulfilledResult<RateLimiterRes>).value.consumedPoints);
        expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, n) => n + 1));
      });
    });
  }
});
