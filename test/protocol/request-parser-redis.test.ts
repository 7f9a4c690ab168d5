/**
 * Differential check of the request parser's quirks against a real redis-server (skipped when it is
 * not installed): each input is sent on a fresh connection, and Redis's whole answer (read until it
 * closes the connection) must be what our parse implies: ECHO replies, unknown-command errors
 * (which list the args, so they show how a line was split), then the protocol error.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { unknownCommand } from "../../src/errors.ts";
import { ProtocolError, RequestParser } from "../../src/protocol/request-parser.ts";
import { b, s } from "./helpers.ts";

const redisServer = Bun.which("redis-server");

function expectedAnswer(input: Uint8Array): string {
  const p = new RequestParser({ maxBulkLen: 512 * 1024 * 1024, maxQueryBuffer: 1024 * 1024 * 1024 });
  p.authenticated = true;
  p.feed(input);
  let out = "";
  try {
    for (let argv = p.next(); argv !== null; argv = p.next()) {
      const args = argv.map(s);
      const name = args[0]!.toLowerCase();
      if (name === "echo" && args.length === 2) out += `$${args[1]!.length}\r\n${args[1]}\r\n`;
      else if (name === "ping" && args.length === 1) out += "+PONG\r\n";
      else if (name === "quit") return `${out}+OK\r\n`;
      else out += `-${unknownCommand(args[0]!, args.slice(1)).replace(/[\r\n]/g, " ")}\r\n`;
    }
  } catch (err) {
    if (!(err instanceof ProtocolError)) throw err;
    return `${out}-${err.message}\r\n`;
  }
  throw new Error("input must end in an error or QUIT");
}

async function answer(port: number, input: Uint8Array): Promise<string> {
  const { promise, resolve, reject } = Promise.withResolvers<string>();
  let got = "";
  const socket = await Bun.connect({
    hostname: "127.0.0.1",
    port,
    socket: {
      data: (_s, data) => {
        got += s(data);
      },
      close: () => resolve(got),
      error: (_s, err) => reject(err),
    },
  });
  socket.write(input);
  return promise;
}

const QUIT = "*1\r\n$4\r\nQUIT\r\n";

const inputs: string[] = [
  `ECHO "a\\x41\\n\\t\\"b"\r\n${QUIT}`,
  `ECHO 'it\\'s \\n'\n${QUIT}`,
  `zz a\x0bb \x0b\x0cc "d e"f'\n`,
  `zz ab"c d" x\n${QUIT}`,
  `zz "a"\x0b'b' c\n${QUIT}`,
  `zz a\rb\r\n${QUIT}`,
  `\r\n\n  \r\n${QUIT}`,
  `zz "a"b\r\n`,
  `zz 'a\\'\r\n`,
  "*1\n$4\r\nPING\r\n",
  "*1\r\n*1\r\n",
  "*1\r\n\r\n",
  "*1\r\n\n\r\n",
  "*-9223372036854775809\r\n",
  `*-9223372036854775808\r\n*0\r\n${QUIT}`,
  `*1\rX$4\rYQUITab`,
  `*2\r\n$4\r\nECHO\r\n$3\r\na\r\n\r\n${QUIT}`,
  "*01\r\n",
  "*1\r\n$01\r\n",
  "*1\r\n$-0\r\n",
  "*2147483648\r\n",
  "*1\r\n$536870913\r\n",
  `*1\r\n$4\r\nPING\r\n*x\r\n`,
];

describe.skipIf(!redisServer)("request parser vs redis-server", () => {
  let server: Bun.Subprocess<"ignore", "pipe", "ignore"> | undefined;
  let port = 0;

  beforeAll(async () => {
    const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    port = probe.port;
    probe.stop(true);
    server = Bun.spawn(
      [redisServer!, "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdin: "ignore", stdout: "pipe", stderr: "ignore" },
    );
    // Wait for the "Ready to accept connections" line rather than sleeping.
    const reader = server.stdout.getReader();
    let log = "";
    while (!log.includes("Ready to accept connections")) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`redis-server did not start: ${log}`);
      log += new TextDecoder().decode(value);
    }
    reader.releaseLock();
  });

  afterAll(async () => {
    server?.kill();
    await server?.exited;
  });

  for (const input of inputs) {
    test(JSON.stringify(input), async () => {
      const bytes = b(input);
      expect(await answer(port, bytes)).toBe(expectedAnswer(bytes));
    });
  }
});
