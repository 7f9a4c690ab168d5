/**
 * A small app on Bun's built-in Redis client (`Bun.redis`, which reads REDIS_URL): sessions with
 * a TTL, and a job queue with retries in the style of BullMQ (a waiting list, a processing list,
 * attempts counted in a hash, failed jobs moved aside after the last attempt).
 */
import { redis } from "bun";

const SESSION_TTL_S = 30 * 60;

export async function createSession(token: string, userId: string): Promise<void> {
  await redis.send("SET", [`session:${token}`, userId, "EX", String(SESSION_TTL_S)]);
}

export async function sessionUser(token: string): Promise<string | null> {
  return await redis.get(`session:${token}`);
}

/**
 * Retry a command while the server answers -LOADING (a Redis restarting from disk), up to
 * `attempts` times, as production queue libraries do.
 */
export async function whileLoading<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= attempts || !String((e as Error)?.message).startsWith("LOADING")) throw e;
    }
  }
}

export async function enqueue(job: string): Promise<void> {
  await redis.send("LPUSH", ["jobs:waiting", job]);
}

/**
 * Take the next job and run `handler` on it. A failure puts it back (up to `maxAttempts`), then
 * moves it to `jobs:failed`. Returns what happened, or null when the queue is empty.
 */
export async function processNext(
  handler: (job: string) => Promise<void>,
  maxAttempts = 3,
): Promise<"done" | "retry" | "failed" | null> {
  const job = (await whileLoading(() =>
    redis.send("LMOVE", ["jobs:waiting", "jobs:active", "RIGHT", "LEFT"]),
  )) as string | null;
  if (job === null) return null;
  try {
    await handler(job);
    await redis.send("LREM", ["jobs:active", "1", job]);
    await redis.send("HDEL", ["jobs:attempts", job]);
    return "done";
  } catch {
    const attempts = (await redis.send("HINCRBY", ["jobs:attempts", job, "1"])) as number;
    await redis.send("LREM", ["jobs:active", "1", job]);
    if (attempts >= maxAttempts) {
      await redis.send("LPUSH", ["jobs:failed", job]);
      return "failed";
    }
    await redis.send("RPUSH", ["jobs:waiting", job]);
    return "retry";
  }
}
