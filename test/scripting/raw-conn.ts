/**
 * A raw RESP connection for the busy-script tests: commands out as multibulk, replies in as
 * text chunks, so a test can see -BUSY and a script's late reply exactly as a client would.
 */
import { expect } from "bun:test";
import type { Socket } from "bun";

export interface RawConn {
  send(...args: string[]): void;
  /** What arrived up to the next CRLF-terminated chunk (one or more replies). */
  read(): Promise<string>;
  close(): void;
}

/** Opens a connection to 127.0.0.1:`port`; `open` collects sockets for the file's afterAll. */
export async function rawConnect(port: number, open: Socket[]): Promise<RawConn> {
  let buf = "";
  let wake: (() => void) | null = null;
  const sock = await Bun.connect({
    hostname: "127.0.0.1",
    port,
    socket: {
      data(_s, d) {
        buf += d.toString("latin1");
        wake?.();
      },
    },
  });
  open.push(sock);
  return {
    send(...a) {
      let s = `*${a.length}\r\n`;
      for (const x of a) s += `$${Buffer.byteLength(x)}\r\n${x}\r\n`;
      sock.write(s);
    },
    async read() {
      while (!buf.endsWith("\r\n")) await new Promise<void>((r) => (wake = r));
      const out = buf;
      buf = "";
      return out;
    },
    close: () => sock.end(),
  };
}

/** Resolves once `conn`'s pings come back BUSY (the script is past the threshold). */
export async function untilBusy(conn: RawConn): Promise<void> {
  for (;;) {
    conn.send("PING");
    const r = await conn.read();
    if (r.startsWith("-BUSY")) return;
    expect(r).toBe("+PONG\r\n");
  }
}
