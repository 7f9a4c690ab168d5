/**
 * FUNCTION / FCALL through redbun alone: what the differential suite cannot show — the functions'
 * Lua state apart from EVAL's (each FLUSH leaves the other alone), one PRNG for both, MONITOR's
 * order, a function that wrote being UNKILLABLE (redis-server would need SHUTDOWN NOSAVE),
 * FUNCTION STATS while a function is busy — plus the payload pieces in isolation: CRC-64, LZF
 * both ways, RDB string encodings.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Socket } from "bun";
import { ERR } from "../../src/errors.ts";
import { crc64 } from "../../src/scripting/crc64.ts";
import { encodeFunctionPayload, PayloadReader, verifyPayload } from "../../src/scripting/function-payload.ts";
import { lzfCompress, lzfDecompress } from "../../src/scripting/lzf.ts";
import { type RedbunServer, startServer } from "../../src/server/index.ts";
import { localServer } from "../support/local-server.ts";

const enc = new TextEncoder();
/** Replies written outside a command (monitor feeds) go out on a microtask. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

const lib = (name: string, body: string) => `#!lua name=${name}\n${body}`;

describe("payload pieces", () => {
  test("CRC-64 is Redis's (crc64.c's own check value), and continues from a previous value", () => {
    const data = enc.encode("123456789");
    expect(crc64(data)).toBe(0xe9c6d914c4b8d9can);
    expect(crc64(data, 4, 9, crc64(data, 0, 4))).toBe(0xe9c6d914c4b8d9can);
    expect(crc64(new Uint8Array(0))).toBe(0n);
  });

  test("LZF: compressible input shrinks and inflates back; random bytes do not fit", () => {
    let seed = 7;
    const rand = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed >>> 16;
    };
    for (let round = 0; round < 200; round++) {
      const len = 1 + (rand() % 5000);
      const alphabet = 1 + (rand() % 8);
      const input = Uint8Array.from({ length: len }, () => 97 + (rand() % alphabet));
      const packed = lzfCompress(input, len + 64);
      expect(packed).not.toBeNull();
      expect(lzfDecompress(packed!, len)).toEqual(input);
      if (len > 1000 && alphabet === 1) expect(packed!.length).toBeLessThan(len / 20);
    }
    const noise = Uint8Array.from({ length: 300 }, () => rand() & 0xff);
    expect(lzfCompress(noise, noise.length - 4)).toBeNull();
  });

  test("LZF: corrupt input or a wrong size is refused", () => {
    const packed = lzfCompress(enc.encode("abcabcabcabcabcabcabcabc"), 100)!;
    expect(lzfDecompress(packed, 23)).toBeNull();
    expect(lzfDecompress(packed, 25)).toBeNull();
    // A back reference before the start of the output.
    expect(lzfDecompress(Uint8Array.from([0x20, 0x05]), 3)).toBeNull();
    expect(lzfDecompress(Uint8Array.from([5, 1]), 6)).toBeNull();
  });

  test("the payload: opcode, string encodings (plain, LZF, integers), version and CRC footer", () => {
    const short = enc.encode("#!lua name=a\nx");
    const long = enc.encode(`#!lua name=b\n${"-- filler ".repeat(20)}`);
    const p = encodeFunctionPayload([short, long]);
    expect(verifyPayload(p)).toBe(true);
    expect(p[0]).toBe(245);
    expect(p[1]).toBe(short.length);
    expect(p[2 + short.length]).toBe(245);
    expect(p[3 + short.length]).toBe(0xc3); // LZF
    expect([p[p.length - 10], p[p.length - 9]]).toEqual([10, 0]);
    const r = new PayloadReader(p);
    expect(r.type()).toBe(245);
    expect(r.string()).toEqual(short);
    expect(r.type()).toBe(245);
    expect(r.string()).toEqual(long);
    expect(r.bodyLeft).toBe(0);
    const flipped = p.slice();
    flipped[5]! ^= 1;
    expect(verifyPayload(flipped)).toBe(false);
    expect(verifyPayload(p.subarray(0, 9))).toBe(false);

    const ints = new PayloadReader(
      Uint8Array.from([0xc0, 0xfb, 0xc1, 0x39, 0x30, 0xc2, 0, 0, 0, 0x80, 0xc4]),
    );
    expect(new TextDecoder().decode(ints.string()!)).toBe("-5");
    expect(new TextDecoder().decode(ints.string()!)).toBe("12345");
    expect(new TextDecoder().decode(ints.string()!)).toBe("-2147483648");
    expect(ints.string()).toBeNull(); // unknown encoding
    const wide = new PayloadReader(Uint8Array.from([0x80, 0, 0, 0, 2, 65, 66, 0x40, 3]));
    expect(new TextDecoder().decode(wide.string()!)).toBe("AB");
    expect(wide.string()).toBeNull(); // 14-bit length 3 with nothing after it
  });
});

describe("FUNCTION / FCALL through the dispatcher", () => {
  test("SCRIPT FLUSH keeps functions, FUNCTION FLUSH keeps cached scripts", () => {
    const c = localServer().connect();
    c.send(["FUNCTION", "LOAD", lib("l", "redis.register_function('f', function() return 1 end)")]);
    c.send(["SCRIPT", "LOAD", "return 2"]);
    c.send(["SCRIPT", "FLUSH"]);
    expect(c.send(["FCALL", "f", "0"])).toBe(":1\r\n");
    expect(c.send(["SCRIPT", "LOAD", "return 2"])).toBe(
      "$40\r\n7f923f79fe76194c868d7e1d0820de36700eb649\r\n",
    );
    c.send(["FUNCTION", "FLUSH"]);
    expect(c.send(["EVALSHA", "7f923f79fe76194c868d7e1d0820de36700eb649", "0"])).toBe(":2\r\n");
    expect(c.send(["FCALL", "f", "0"])).toBe(`-${ERR.functionNotFound}\r\n`);
    // A fresh Lua state after FUNCTION FLUSH still has the load environment.
    expect(
      c.send(["FUNCTION", "LOAD", lib("l", "redis.register_function('g', function() return 3 end)")]),
    ).toBe("$1\r\nl\r\n");
    expect(c.send(["FCALL", "g", "0"])).toBe(":3\r\n");
  });

  test("EVAL and FCALL draw from one PRNG, as redis-server's scripts do", () => {
    const a = localServer().connect();
    const b = localServer().connect();
    a.send([
      "FUNCTION",
      "LOAD",
      lib("r", "redis.register_function('rnd', function() return math.random(1000000) end)"),
    ]);
    const mixed = [
      a.send(["FCALL", "rnd", "0"]),
      a.send(["EVAL", "return math.random(1000000)", "0"]),
      a.send(["FCALL", "rnd", "0"]),
    ];
    const evalOnly = [0, 1, 2].map(() => b.send(["EVAL", "return math.random(1000000)", "0"]));
    expect(mixed).toEqual(evalOnly);
  });

  test("a library's callbacks survive other libraries being replaced and deleted", () => {
    const c = localServer().connect();
    c.send(["FUNCTION", "LOAD", lib("a", "redis.register_function('fa', function(k, a) return a[1] end)")]);
    for (let i = 0; i < 20; i++) {
      c.send([
        "FUNCTION",
        "LOAD",
        "REPLACE",
        lib("b", `redis.register_function('fb', function() return ${i} end)`),
      ]);
    }
    expect(c.send(["FCALL", "fb", "0"])).toBe(":19\r\n");
    expect(c.send(["FUNCTION", "DELETE", "b"])).toBe("+OK\r\n");
    expect(c.send(["FCALL", "fa", "0", "x"])).toBe("$1\r\nx\r\n");
    // A failed REPLACE leaves the old library working.
    expect(c.send(["FUNCTION", "LOAD", "REPLACE", lib("a", "redis.register_function('fa', 1)")])).toStartWith(
      "-ERR Error registering functions",
    );
    expect(c.send(["FCALL", "FA", "0", "y"])).toBe("$1\r\ny\r\n");
  });

  test("MONITOR shows FCALL before the commands its function runs", async () => {
    const server = localServer();
    const m = server.connect();
    const c = server.connect();
    c.send([
      "FUNCTION",
      "LOAD",
      lib("m", "redis.register_function('setter', function(k) return redis.call('set', k[1], 'v') end)"),
    ]);
    expect(m.send(["MONITOR"])).toBe("+OK\r\n");
    expect(c.send(["FCALL", "setter", "1", "key"])).toBe("+OK\r\n");
    c.send(["FCALL", "nosuch", "0"]);
    await turn();
    const lines = m.take().trimEnd().split("\r\n");
    expect(lines.map((l) => l.replace(/^\+\d+\.\d+ \[0 [^\]]+\] /, ""))).toEqual([
      '"FCALL" "setter" "1" "key"',
      '"set" "key" "v"',
      '"FCALL" "nosuch" "0"',
    ]);
    expect(lines[1]).toContain("[0 lua]");
  });

  test("INFO memory counts functions and libraries", () => {
    const c = localServer().connect();
    const counts = () => {
      const info = c.send(["INFO", "memory"]);
      return [/number_of_functions:(\d+)/.exec(info)?.[1], /number_of_libraries:(\d+)/.exec(info)?.[1]];
    };
    expect(counts()).toEqual(["0", "0"]);
    c.send([
      "FUNCTION",
      "LOAD",
      lib("a", "redis.register_function('x', function() end) redis.register_function('y', function() end)"),
    ]);
    c.send(["FUNCTION", "LOAD", lib("b", "redis.register_function('z', function() end)")]);
    expect(counts()).toEqual(["3", "2"]);
    c.send(["FUNCTION", "DELETE", "a"]);
    expect(counts()).toEqual(["1", "1"]);
  });
});

describe("busy functions", () => {
  let server: RedbunServer;
  const open: Socket[] = [];

  beforeAll(async () => {
    server = await startServer({ port: 0 });
  });
  afterAll(async () => {
    for (const s of open) s.end();
    await server.close();
  });

  async function connect() {
    let buf = "";
    let wake: (() => void) | null = null;
    const sock = await Bun.connect({
      hostname: "127.0.0.1",
      port: server.port,
      socket: {
        data(_s, d) {
          buf += d.toString("latin1");
          wake?.();
        },
      },
    });
    open.push(sock);
    return {
      send(...a: string[]) {
        let s = `*${a.length}\r\n`;
        for (const x of a) s += `$${Buffer.byteLength(x)}\r\n${x}\r\n`;
        sock.write(s);
      },
      async read(): Promise<string> {
        while (!buf.endsWith("\r\n")) await new Promise<void>((r) => (wake = r));
        const out = buf;
        buf = "";
        return out;
      },
    };
  }
  type Conn = Awaited<ReturnType<typeof connect>>;

  async function untilBusy(conn: Conn): Promise<void> {
    for (;;) {
      conn.send("PING");
      const r = await conn.read();
      if (r.startsWith("-BUSY")) return;
      expect(r).toBe("+PONG\r\n");
    }
  }

  test("FUNCTION STATS names the running function and its command; FUNCTION KILL ends it", async () => {
    const a = await connect();
    const b = await connect();
    b.send(
      "FUNCTION",
      "LOAD",
      lib("spin", "redis.register_function('spin', function() while true do end end)"),
    );
    expect(await b.read()).toBe("$4\r\nspin\r\n");
    b.send("CONFIG", "SET", "busy-reply-threshold", "20");
    expect(await b.read()).toBe("+OK\r\n");
    a.send("FCALL", "spin", "1", "k\x00", "arg");
    await untilBusy(b);
    b.send("GET", "x");
    expect(await b.read()).toBe(`-${ERR.busyFunction}\r\n`);
    b.send("FUNCTION", "STATS");
    const stats = await b.read();
    expect(stats).toMatch(
      /^\*4\r\n\$14\r\nrunning_script\r\n\*6\r\n\$4\r\nname\r\n\$4\r\nspin\r\n\$7\r\ncommand\r\n\*5\r\n\$5\r\nFCALL\r\n\$4\r\nspin\r\n\$1\r\n1\r\n\$2\r\nk\x00\r\n\$3\r\narg\r\n\$11\r\nduration_ms\r\n:(\d+)\r\n\$7\r\nengines\r\n/,
    );
    expect(Number(/duration_ms\r\n:(\d+)/.exec(stats)![1])).toBeGreaterThanOrEqual(20);
    b.send("FUNCTION", "KILL");
    expect(await b.read()).toBe("+OK\r\n");
    expect(await a.read()).toBe(
      "-ERR Script killed by user with SCRIPT KILL... script: spin, on @user_function:2.\r\n",
    );
    b.send("FUNCTION", "STATS");
    expect(await b.read()).toStartWith("*4\r\n$14\r\nrunning_script\r\n$-1\r\n");
    b.send("CONFIG", "SET", "busy-reply-threshold", "5000");
    expect(await b.read()).toBe("+OK\r\n");
  });

  test("a function that wrote is UNKILLABLE and finishes with its result", async () => {
    const a = await connect();
    const b = await connect();
    b.send(
      "FUNCTION",
      "LOAD",
      "REPLACE",
      lib(
        "writer",
        "redis.register_function('writer', function(k) redis.call('SET', k[1], '1') local t = 0 for i = 1, 3000000 do t = t + 1 end return redis.call('INCR', k[1]) end)",
      ),
    );
    expect(await b.read()).toBe("$6\r\nwriter\r\n");
    b.send("CONFIG", "SET", "busy-reply-threshold", "20");
    expect(await b.read()).toBe("+OK\r\n");
    a.send("FCALL", "writer", "1", "w");
    a.send("GET", "w");
    await untilBusy(b);
    b.send("FUNCTION", "KILL");
    expect(await b.read()).toBe(`-${ERR.unkillable}\r\n`);
    // Redis's scriptKill tests "wrote" before the kind of script, so SCRIPT KILL says the same.
    b.send("SCRIPT", "KILL");
    expect(await b.read()).toBe(`-${ERR.unkillable}\r\n`);
    let replies = await a.read();
    while (!replies.includes("$1\r\n2\r\n")) replies += await a.read();
    expect(replies).toBe(":2\r\n$1\r\n2\r\n");
    b.send("CONFIG", "SET", "busy-reply-threshold", "5000");
    expect(await b.read()).toBe("+OK\r\n");
  });
});
