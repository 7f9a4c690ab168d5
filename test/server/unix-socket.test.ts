/** `unixsocket` / `unixsocketperm`: the socket file, its mode, its clients' address, its removal. */
import { expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "../../src/server/index.ts";
import { bulk, command, RawSocket } from "./support/raw-socket.ts";

test("PING over the unix socket; mode 0700; CLIENT LIST addr=<path>:0; file removed on close", async () => {
  const dir = mkdtempSync(join(tmpdir(), "redbun-unix-"));
  const path = join(dir, "redbun.sock");
  try {
    const server = await startServer({ port: 0, config: { unixsocket: path, unixsocketperm: "700" } });
    try {
      expect(server.unixsocket).toBe(path);
      const st = statSync(path);
      expect(st.isSocket()).toBe(true);
      expect(st.mode & 0o777).toBe(0o700);

      await using s = await RawSocket.open({ unix: path });
      s.send(command("PING"));
      expect(await s.read(7)).toBe("+PONG\r\n");
      const me = await bulk(s, "CLIENT", "INFO");
      expect(me).toContain(` addr=${path}:0 `);
      expect(me).toContain(` laddr=${path}:0 `);
      // The TCP listener is still there, and a TCP client sees both connections.
      await using t = await RawSocket.open({ port: server.port });
      const list = (await bulk(t, "CLIENT", "LIST"))!.trimEnd().split("\n");
      expect(list.length).toBe(2);
      expect(list.filter((l) => l.includes(` addr=${path}:0 `)).length).toBe(1);
      expect(list.filter((l) => / addr=127\.0\.0\.1:\d+ /.test(l)).length).toBe(1);
    } finally {
      await server.close();
    }
    expect(existsSync(path)).toBe(false);
    await expect(RawSocket.open({ unix: path })).rejects.toThrow();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a stale socket file left by a crashed server is replaced", async () => {
  const dir = mkdtempSync(join(tmpdir(), "redbun-unix-"));
  const path = join(dir, "stale.sock");
  try {
    await Bun.write(path, "not a socket");
    await using server = await startServer({ port: 0, config: { unixsocket: path } });
    expect(statSync(path).isSocket()).toBe(true);
    await using s = await RawSocket.open({ unix: path });
    s.send(command("ECHO", "hi"));
    expect(await s.read(8)).toBe("$2\r\nhi\r\n");
    expect(server.port).toBeGreaterThan(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
