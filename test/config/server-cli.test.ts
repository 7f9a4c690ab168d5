/**
 * `redbun-server` (cli/server.ts): config file + includes + flags, version, tracing target, and
 * the process itself: usage errors exit 1 with a message, a started server answers and exits 0
 * on SHUTDOWN.
 */

import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, readConfigFile, tracingTarget, versionLine } from "../../cli/server.ts";
import pkg from "../../package.json" with { type: "json" };
import { Config, ConfigError, parseServerArgv } from "../../src/config/config.ts";

const ROOT = join(import.meta.dir, "../..");
const dir = mkdtempSync(join(tmpdir(), "redbun-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function files(map: Record<string, string>): (path: string) => string {
  return (path) => {
    const text = map[path];
    if (text === undefined) throw new Error("ENOENT");
    return text;
  };
}

describe("config file and flags", () => {
  test("includes are expanded in place; flags override the file", () => {
    const read = files({
      "/etc/r.conf": "port 7000\ninclude /etc/extra.conf\nmaxmemory 1mb\n",
      "/etc/extra.conf": "maxmemory 5mb\nrequirepass 'from include'\nhz 20\n",
    });
    expect(readConfigFile("/etc/r.conf", read)).toEqual([
      ["port", ["7000"]],
      ["maxmemory", ["5mb"]],
      ["requirepass", ["from include"]],
      ["hz", ["20"]],
      ["maxmemory", ["1mb"]],
    ]);
    const config = loadConfig(parseServerArgv(["/etc/r.conf", "--hz", "30", "--port", "7001"]), read);
    expect(config.get("port")).toBe("7001");
    expect(config.get("hz")).toBe("30");
    expect(config.get("maxmemory")).toBe("1048576");
    expect(config.get("requirepass")).toBe("from include");
  });

  test("errors name the file and line; missing files and include loops fail", () => {
    const read = files({
      "/a.conf": "port 1\ninclude /b.conf\n",
      "/b.conf": "\n\nbogus 1\n",
      "/loop.conf": "include /loop.conf",
    });
    expect(() => loadConfig({ configFile: "/a.conf", options: [] }, read)).toThrow(
      new ConfigError("Unknown option 'bogus' in /b.conf line 3"),
    );
    expect(() => loadConfig({ configFile: "/nope.conf", options: [] }, read)).toThrow(
      "Can't open config file '/nope.conf'",
    );
    expect(() => loadConfig({ configFile: "/loop.conf", options: [] }, read)).toThrow(
      "Too many nested includes",
    );
  });

  test("no config file: defaults plus flags", () => {
    const config = loadConfig(parseServerArgv(["--port", "0", "--maxclients", "2"]));
    expect(config.getNumber("port")).toBe(0);
    expect(config.getNumber("maxclients")).toBe(2);
    expect(config.get("bind")).toBe("127.0.0.1");
  });
});

describe("version and tracing target", () => {
  test("versionLine", () => {
    expect(versionLine({})).toBe(`redbun-server v${pkg.version} (git dev)`);
    expect(versionLine({ REDBUN_GIT_REV: "abc1234" })).toBe(`redbun-server v${pkg.version} (git abc1234)`);
  });

  test("otel-endpoint wins, then the OTLP environment variables; none means no tracing", () => {
    const none = new Config();
    expect(tracingTarget(none, {})).toBeUndefined();
    expect(tracingTarget(none, { OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318" })).toEqual({
      endpoint: "http://c:4318",
      tracesEndpoint: "",
    });
    expect(tracingTarget(none, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://c/t" })).toEqual({
      endpoint: "",
      tracesEndpoint: "http://c/t",
    });
    const set = new Config({ "otel-endpoint": "http://mine:4318" });
    expect(tracingTarget(set, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://c/t" })).toEqual({
      endpoint: "http://mine:4318",
      tracesEndpoint: "",
    });
  });
});

async function run(args: string[], env: Record<string, string> = {}) {
  const proc = Bun.spawn([process.execPath, "cli/server.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: "1", ...env },
    stdout: "pipe",
    stderr: "pipe",
    stdin: "ignore",
  });
  const [stdout, stderr, exitCode] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { stdout, stderr, exitCode };
}

describe("the redbun-server process", () => {
  test("--version", async () => {
    expect(await run(["--version"], { REDBUN_GIT_REV: "feed123" })).toEqual({
      stdout: `redbun-server v${pkg.version} (git feed123)\n`,
      stderr: "",
      exitCode: 0,
    });
  });

  test("--help shows the usage", async () => {
    const r = await run(["--help"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("redbun-server");
    expect(r.stdout).toContain("--port");
  });

  test("unknown flags and bad config files stop the start with a message", async () => {
    expect(await run(["--foo", "1"])).toEqual({
      stdout: "",
      stderr: "redbun-server: Unknown option --foo\n",
      exitCode: 1,
    });
    const conf = join(dir, "bad.conf");
    writeFileSync(conf, "port 0\n# ok so far\nmaxmemory lots\n");
    expect(await run([conf])).toEqual({
      stdout: "",
      stderr: `redbun-server: Bad directive in ${conf} line 3 (maxmemory lots): argument must be a memory value\n`,
      exitCode: 1,
    });
  });

  test("starts from file + flags, logs its port, answers, exits 0 on SHUTDOWN", async () => {
    const conf = join(dir, "ok.conf");
    writeFileSync(conf, "port 1\nmaxmemory 1mb\nloglevel warning\n");
    const proc = Bun.spawn([process.execPath, "cli/server.ts", conf, "--port", "0", "--loglevel", "notice"], {
      cwd: ROOT,
      stdout: "pipe",
      stderr: "pipe",
      stdin: "ignore",
    });
    try {
      // The startup line carries the port the OS picked for `--port 0`.
      const reader = proc.stdout.getReader();
      let out = "";
      let port = 0;
      while (!port) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`exited early: ${out}`);
        out += new TextDecoder().decode(value);
        port = Number(/started: port=(\d+) pid=\d+/.exec(out)?.[1] ?? 0);
      }
      expect(out).toMatch(
        new RegExp(`^${proc.pid}:M .* \\* redbun ${pkg.version} started: port=${port} pid=${proc.pid}\\n`),
      );

      const replies: string[] = [];
      const { promise: gotReply, resolve } = Promise.withResolvers<void>();
      const socket = await Bun.connect({
        hostname: "127.0.0.1",
        port,
        socket: {
          data(_s, chunk) {
            replies.push(new TextDecoder().decode(chunk));
            if (replies.join("").endsWith("1048576\r\n")) resolve();
          },
        },
      });
      socket.write("*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$9\r\nmaxmemory\r\n");
      await gotReply;
      expect(replies.join("")).toBe("*2\r\n$9\r\nmaxmemory\r\n$7\r\n1048576\r\n");
      socket.write("*1\r\n$8\r\nSHUTDOWN\r\n");
      expect(await proc.exited).toBe(0);
      socket.end();
      for (let r = await reader.read(); !r.done; r = await reader.read())
        out += new TextDecoder().decode(r.value);
      expect(out).toContain("* redbun is now ready to exit, bye bye...\n");
    } finally {
      proc.kill();
    }
  });
});
