/**
 * A TCP pass-through between the client and the target that counts the chunks the client
 * sends (how many socket writes reached the server, give or take kernel coalescing).
 */
import type { Socket } from "bun";

export interface Proxy extends Disposable {
  port: number;
  url: string;
  /** Data events received from clients so far. */
  chunks: number;
  bytes: number;
}

interface Pair {
  upstream: Socket<undefined> | null;
  pending: Uint8Array[];
}

export function startProxy(targetPort: number): Proxy {
  const stats = { chunks: 0, bytes: 0 };
  const server = Bun.listen<Pair>({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      open(client) {
        client.data = { upstream: null, pending: [] };
        Bun.connect({
          hostname: "127.0.0.1",
          port: targetPort,
          socket: {
            data: (_s, chunk) => {
              client.write(chunk);
            },
            close: () => {
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
    [Symbol.dispose]() {
      server.stop(true);
    },
  };
}
