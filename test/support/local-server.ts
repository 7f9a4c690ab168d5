/**
 * A redbun server without sockets, for byte-level command tests: bytes go straight into a
 * Connection's onData and whatever it writes is captured. The clock is manual.
 */
import type { Socket } from "bun";
import type { CommandTracer } from "../../src/commands/types.ts";
import { Config } from "../../src/config/config.ts";
import { ManualClock } from "../../src/db/clock.ts";
import { Connection } from "../../src/server/connection.ts";
import { type Logger, Server } from "../../src/server/server.ts";

const silent: Logger = { debug() {}, verbose() {}, notice() {}, warning() {} };
const encoder = new TextEncoder();
const decoder = new TextDecoder("latin1");

export interface LocalClient {
  conn: Connection;
  /** Send raw bytes (or RESP-encode an argv) and return everything written back, as latin1 text. */
  send(input: string | Uint8Array | string[]): string;
  /** Output written outside a send (published messages), drained. */
  take(): string;
  closed: boolean;
}

export function encodeCommand(argv: string[]): string {
  let s = `*${argv.length}\r\n`;
  for (const a of argv) s += `$${encoder.encode(a).length}\r\n${a}\r\n`;
  return s;
}

export function localServer(config: Record<string, string> = {}, tracer: CommandTracer | null = null) {
  const clock = new ManualClock(1_700_000_000_000);
  const server = new Server(new Config(config), clock, silent, tracer);
  let nextPort = 50000;
  function connect(): LocalClient {
    let written = "";
    const client: LocalClient = {
      conn: undefined as unknown as Connection,
      closed: false,
      send(input) {
        const bytes =
          typeof input === "string"
            ? encoder.encode(input)
            : Array.isArray(input)
              ? encoder.encode(encodeCommand(input))
              : input;
        client.conn.onData(bytes);
        return client.take();
      },
      take() {
        const out = written;
        written = "";
        return out;
      },
    };
    const socket = {
      write(buf: Uint8Array, offset = 0, length = buf.length - offset) {
        written += decoder.decode(buf.subarray(offset, offset + length));
        return length;
      },
      end() {
        client.closed = true;
      },
      pause() {},
      resume() {},
    } as unknown as Socket<Connection>;
    client.conn = new Connection(
      server,
      socket,
      server.clients.size + 1,
      `127.0.0.1:${nextPort++}`,
      "127.0.0.1:6379",
    );
    server.clients.set(client.conn.id, client.conn);
    return client;
  }
  return { server, clock, connect };
}

/** The bulk strings of a flat array or set reply (`*n` / `~n` of `$len` items), in order. */
export function bulkItems(reply: string): string[] {
  const out: string[] = [];
  let at = reply.indexOf("\r\n") + 2;
  while (at < reply.length) {
    const eol = reply.indexOf("\r\n", at);
    const len = Number(reply.slice(at + 1, eol));
    out.push(reply.slice(eol + 2, eol + 2 + len));
    at = eol + 4 + len;
  }
  return out;
}
