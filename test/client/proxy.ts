/**
 * A TCP pass-through between the client and the target that counts the chunks the client
 * sends (how many socket writes reached the server, give or take kernel coalescing), and can
 * hold back the server's replies on the connections open right now: a "command that never
 * replies" (or replies late) for any server, where Redis tests would use BLPOP.
 */
import type { Socket } from "bun";

export interface Proxy extends Disposable {
  port: number;
  url: string;
  /** Data events received from clients so far. */
  chunks: number;
  bytes: number;
  /**
   * From now on, on the connections open now, deliver server bytes `ms` later (in order);
   * `Infinity` swallows them. Connections opened later (reconnects) are not affected.
   */
  delayReplies(ms: number): void;
}

interface Pair {
  upstream: Socket<undefined> | null;
  pending: Uint8Array[];
  /** Delay for server → client bytes on this connection (0: pass through at once). */
  delay: number;
  /** Delayed server bytes with the time they may go out, oldest first. */
  held: { at: number; bytes: Uint8Array }[];
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** Send the held bytes that are due, then wait for the next. */
function release(client: Socket<Pair>): void {
  const pair = client.data;
  pair.timer = undefined;
  const now = performance.now();
  while (pair.held.length > 0 && pair.held[0]!.at <= now) client.write(pair.held.shift()!.bytes);
  const next = pair.held[0];
  if (next !== undefined && Number.isFinite(next.at)) {
    pair.timer = setTimeout(() => release(client), next.at - now);
  }
}

export function startProxy(targetPort: number): Proxy {
  const stats = { chunks: 0, bytes: 0 };
  const open = new Set<Socket<Pair>>();
  const server = Bun.listen<Pair>({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      open(client) {
        client.data = { upstream: null, pending: [], delay: 0, held: [], timer: undefined };
        open.add(client);
        Bun.connect({
          hostname: "127.0.0.1",
          port: targetPort,
          socket: {
            data: (_s, chunk) => {
              const pair = client.data;
              if (pair.delay === 0) {
                client.write(chunk);
                return;
              }
              pair.held.push({ at: performance.now() + pair.delay, bytes: chunk.slice() });
              if (pair.timer === undefined && Number.isFinite(pair.delay)) {
                pair.timer = setTimeout(() => release(client), pair.delay);
              }
            },
            close: () => {
              clearTimeout(client.data.timer);
              client.end();
            },
          },
        }).then((up) => {
          client.data.upstream = up;
          for (const c of client.data.pending) up.write(c);
          client.data.pending = [];
        });
      },
      data(client, chunk) {
        stats.chunks++;
        stats.bytes += chunk.length;
        const copy = chunk.slice();
        if (client.data.upstream) client.data.upstream.write(copy);
        else client.data.pending.push(copy);
      },
      close(client) {
        open.delete(client);
        clearTimeout(client.data.timer);
        client.data.upstream?.end();
      },
    },
  });
  return {
    port: server.port,
    url: `redis://127.0.0.1:${server.port}`,
    get chunks() {
      return stats.chunks;
    },
    get bytes() {
      return stats.bytes;
    },
    delayReplies(ms: number) {
      for (const client of open) client.data.delay = ms;
    },
    [Symbol.dispose]() {
      for (const client of open) clearTimeout(client.data.timer);
      server.stop(true);
    },
  };
}
