/**
 * redlock 4, unmodified, over ioredis against redis-server and against redbun: its lock, extend
 * and unlock Lua scripts (EVALSHA first, EVAL after NOSCRIPT) decide acquire, contention between
 * two Redlock instances, extend, release and expiry. redlock reports a server error only as a
 * `clientError` event and then a generic LockError, so every test collects those events and puts
 * them in its failure message.
 */
import { afterEach, expect, setDefaultTimeout, test } from "bun:test";
import { Redis } from "ioredis";
import Redlock from "redlock";
import { describeErrors, describeTargets, within } from "./support/library-targets.ts";

setDefaultTimeout(15_000);

const clients: Redis[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.disconnect();
});

describeTargets("redlock", (server, target) => {
  const clientErrors: unknown[] = [];
  afterEach(() => {
    clientErrors.length = 0;
  });

  function client(): Redis {
    const redis = new Redis({
      host: server().host,
      port: server().port,
      // A refused or dropped connection fails the test instead of retrying forever.
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
    });
    clients.push(redis);
    return redis;
  }

  function redlock(redis: Redis, options: Redlock.Options = {}): Redlock {
    const lock = new Redlock([redis], { retryCount: 0, retryJitter: 0, ...options });
    lock.on("clientError", (error) => clientErrors.push(error));
    return lock;
  }

  /** `promise`, with the server errors redlock swallowed added to the message when it fails. */
  async function ok<T>(promise: Promise<T>, what: string): Promise<T> {
    try {
      return await within(promise, 5_000, what, () => describeErrors("redlock client errors", clientErrors));
    } catch (error) {
      const detail = describeErrors("redlock client errors", clientErrors);
      throw detail
        ? new Error(`${what} failed: ${(error as Error).message}\n${detail}`, { cause: error })
        : error;
    }
  }

  /** The LockError `promise` rejects with (and no server error on the way). */
  async function lockError(promise: Promise<unknown>, what: string): Promise<Redlock.LockError> {
    const outcome = await within(
      promise.then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      ),
      5_000,
      what,
    );
    if (!("error" in outcome)) throw new Error(`${what}: expected a LockError, it succeeded`);
    expect(clientErrors).toEqual([]);
    expect(outcome.error).toBeInstanceOf(Redlock.LockError);
    return outcome.error as Redlock.LockError;
  }

  const key = (name: string) => `lock:${target}:${name}:${crypto.randomUUID().slice(0, 8)}`;

  test("acquire sets the resource to the lock's value with the TTL; release deletes it", async () => {
    const redis = client();
    const locks = redlock(redis);
    const resource = key("acquire");
    const lock = await ok(locks.acquire(resource, 5_000), "acquire");
    expect(lock.value).toMatch(/^[0-9a-f]{32}$/);
    expect(await redis.get(resource)).toBe(lock.value);
    const pttl = await redis.pttl(resource);
    expect(pttl).toBeGreaterThan(4_000);
    expect(pttl).toBeLessThanOrEqual(5_000);
    expect(lock.expiration).toBeGreaterThan(Date.now() + 4_000);

    await ok(lock.unlock(), "release");
    expect(await redis.exists(resource)).toBe(0);
    // The unlock script deletes only its own value: a second release finds nothing to remove.
    const error = await lockError(locks.release(lock), "second release");
    expect(error.message).toContain("Unable to fully release");
    expect(clientErrors).toEqual([]);
  });

  test("several resources are locked together or not at all", async () => {
    const redis = client();
    const locks = redlock(redis);
    const [a, b, c] = [key("multi-a"), key("multi-b"), key("multi-c")];
    const both = await ok(locks.acquire([a, b], 5_000), "acquire [a, b]");
    expect(await redis.mget(a, b)).toEqual([both.value, both.value]);
    // b is taken, so [b, c] fails as a whole and c stays free.
    await lockError(locks.acquire([b, c], 5_000), "acquire [b, c] while b is locked");
    expect(await redis.exists(c)).toBe(0);
    await ok(both.unlock(), "release [a, b]");
    expect(await redis.exists(a, b)).toBe(0);
    expect(clientErrors).toEqual([]);
  });

  test("two Redlock instances contend: the second fails while the first holds the lock", async () => {
    const first = redlock(client());
    const second = redlock(client(), { retryCount: 2, retryDelay: 20 });
    const resource = key("contention");
    const held = await ok(first.acquire(resource, 5_000), "first acquire");
    const error = await lockError(second.acquire(resource, 5_000), "second acquire while held");
    expect(error.attempts).toBe(3);
    // The loser must not have removed the winner's entry when it gave up.
    expect(await clients[0]!.get(resource)).toBe(held.value);

    await ok(held.unlock(), "first release");
    const taken = await ok(second.acquire(resource, 5_000), "second acquire after release");
    expect(taken.value).not.toBe(held.value);
    expect(await clients[1]!.get(resource)).toBe(taken.value);
    // Releasing the stale lock leaves the new holder alone.
    await lockError(first.release(held), "stale release");
    expect(await clients[0]!.get(resource)).toBe(taken.value);
    await ok(taken.unlock(), "second release");
    expect(clientErrors).toEqual([]);
  });

  test("extend moves the expiry out; another holder's lock cannot be extended", async () => {
    const redis = client();
    const locks = redlock(redis);
    const resource = key("extend");
    const lock = await ok(locks.acquire(resource, 1_000), "acquire");
    expect(await redis.pttl(resource)).toBeLessThanOrEqual(1_000);
    const before = lock.expiration;
    const extended = await ok(lock.extend(10_000), "extend");
    expect(extended).toBe(lock);
    expect(lock.expiration).toBeGreaterThan(before + 8_000);
    const pttl = await redis.pttl(resource);
    expect(pttl).toBeGreaterThan(9_000);
    expect(await redis.get(resource)).toBe(lock.value);

    // Someone else's value on the key: the extend script must refuse and change nothing.
    await redis.set(resource, "someone-else", "PX", 10_000);
    await lockError(lock.extend(10_000), "extend of a lock taken over");
    expect(await redis.get(resource)).toBe("someone-else");
    expect(clientErrors).toEqual([]);
  });

  test("an expired lock is free for the other instance, and can no longer be extended", async () => {
    const first = redlock(client());
    // Retries every 25 ms until the first lock's 150 ms TTL has run out on the server.
    const second = redlock(client(), { retryCount: 100, retryDelay: 25 });
    const resource = key("expiry");
    const started = Date.now();
    const short = await ok(first.acquire(resource, 150), "short acquire");
    const taken = await ok(second.acquire(resource, 5_000), "acquire after expiry");
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(taken.attempts).toBeGreaterThan(1);
    expect(await clients[1]!.get(resource)).toBe(taken.value);
    const error = await lockError(short.extend(1_000), "extend after expiry");
    expect(error.message).toContain("already expired");
    await ok(taken.unlock(), "release");
    expect(clientErrors).toEqual([]);
  });
});
