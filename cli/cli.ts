#!/usr/bin/env bun
/**
 * `redbun-cli`: the command-line client, a work-alike of redis-cli.
 *
 *   redbun-cli [-h host] [-p port] [-a password] [--user u] [-u redis://...] [-n db]
 *              [-2|-3] [--raw|--no-raw|--json] [-e] [cmd args...]
 *
 * With a command it runs it once and prints the reply; without one it reads commands from
 * stdin (a prompt on a terminal, one per line otherwise). Like redis-cli, the output is the
 * human form on a terminal and raw when stdout is a pipe, and an error reply still exits 0
 * unless `-e` is given.
 *
 * Start-up cost matters for a one-shot tool: nothing from the server, the Db or telemetry is
 * imported here.
 */
import { defineCommand, runMain } from "citty";
import { ConnectionClosedError } from "../src/client/errors.ts";
import { ReplyError } from "../src/errors.ts";
import { splitCliArgv } from "./cli-argv.ts";
import type { OutputMode } from "./format.ts";
import { runInteractive, runPiped } from "./repl.ts";
import { isWord, Session, writeStdout } from "./session.ts";
import { isSubscribeCommand, runSubscribe } from "./subscribe.ts";
import { REVISION, VERSION } from "./version.ts";

const split = splitCliArgv(process.argv.slice(2));

/** Exit status for bad usage, like redis-cli's. */
const USAGE_ERROR = 1;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(USAGE_ERROR);
}

if (split.unknown !== undefined) fail(`Unrecognized option or bad number of args for: '${split.unknown}'`);
if (split.missingValue !== undefined) {
  fail(`Unrecognized option or bad number of args for: '${split.missingValue}'`);
}

// citty prints meta.version bare; redbun-cli says its name too, as redis-cli does.
if (split.options.length === 1 && (split.options[0] === "--version" || split.options[0] === "-v")) {
  process.stdout.write(`redbun-cli v${VERSION} (git ${REVISION})\n`);
  process.exit(0);
}

function parsePort(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const port = Number(s);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`Invalid port: ${s}`);
  return port;
}

function parseDb(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const db = Number(s);
  if (!Number.isInteger(db) || db < 0) fail(`Invalid database number: ${s}`);
  return db;
}

function uriHasPassword(uri: string | undefined): boolean {
  if (uri === undefined) return false;
  try {
    return new URL(uri).password !== "";
  } catch {
    return false; // the client reports the bad URL
  }
}

const main = defineCommand({
  meta: {
    name: "redbun-cli",
    version: `${VERSION} (git ${REVISION})`,
    description: "Command-line client for redbun and Redis servers",
  },
  args: {
    host: { type: "string", alias: "h", description: "Server hostname (default: 127.0.0.1)" },
    port: { type: "string", alias: "p", description: "Server port (default: 6379)" },
    pass: {
      type: "string",
      alias: "a",
      description: "Password (or set REDISCLI_AUTH)",
    },
    user: { type: "string", description: "ACL user name (needs -a)" },
    uri: { type: "string", alias: "u", description: "Server URI: redis://[user[:pass]@]host[:port][/db]" },
    db: { type: "string", alias: "n", description: "Database number" },
    resp2: { type: "boolean", alias: "2", description: "Use RESP2 (the default)" },
    resp3: { type: "boolean", alias: "3", description: "Use RESP3" },
    raw: {
      type: "boolean",
      description: "Raw output (default when stdout is not a terminal)",
      negativeDescription: "Human-readable output even when stdout is not a terminal",
    },
    json: { type: "boolean", description: "Output in JSON" },
    "exit-on-error": {
      type: "boolean",
      alias: "e",
      description: "Exit with status 1 when the command returns an error",
    },
    "auth-warning": {
      type: "boolean",
      default: true,
      description: "Warn that -a / -u expose the password",
      negativeDescription: "Do not warn about -a / -u",
    },
  },
  async run({ args }) {
    const mode: OutputMode = args.json
      ? "json"
      : args.raw === true
        ? "raw"
        : args.raw === false || process.stdout.isTTY
          ? "tty"
          : "raw";
    const password = args.pass ?? process.env.REDISCLI_AUTH;
    if ((args.pass !== undefined || uriHasPassword(args.uri)) && args["auth-warning"]) {
      process.stderr.write(
        "Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe.\n",
      );
    }
    let session: Session;
    try {
      session = new Session({
        host: args.host,
        port: parsePort(args.port),
        url: args.uri,
        username: args.user,
        password,
        db: parseDb(args.db),
        // Like redis-cli: RESP2 unless -3, except that --json asks for RESP3 unless -2 is given.
        resp: args.resp2 ? 2 : args.resp3 || args.json ? 3 : 2,
        mode,
        reconnect: split.command.length === 0 && process.stdin.isTTY === true,
      });
    } catch (err) {
      fail((err as Error).message); // invalid options, e.g. a malformed -u URL
    }
    try {
      await session.connect();
    } catch (err) {
      // An error reply here is the handshake's (HELLO/AUTH/SELECT). redis-cli then goes on
      // unauthenticated and every command fails with NOAUTH; stopping at once is clearer.
      if (err instanceof ReplyError) fail(`AUTH failed: ${err.message}`);
      fail(`Could not connect to Redis at ${session.host}:${session.port}: ${(err as Error).message}`);
    }
    let status = 0;
    try {
      const command = split.command;
      if (command.length > 0 && isSubscribeCommand(command[0]!)) {
        await runSubscribe(session, command);
      } else if (command.length > 0) {
        try {
          const reply = await session.send(command);
          await session.print(reply);
          if (args["exit-on-error"] && reply instanceof Error) status = 1;
        } catch (err) {
          // A successful SHUTDOWN closes the connection instead of replying: redis-cli then
          // prints nothing and exits 0. Anything else losing the connection is still an error.
          if (!(err instanceof ConnectionClosedError && isWord(command[0]!, "shutdown"))) throw err;
        }
      } else if (process.stdin.isTTY) {
        await runInteractive(session);
      } else {
        await runPiped(session, Bun.stdin.stream());
      }
    } catch (err) {
      await writeStdout(`Error: ${(err as Error).message}\n`);
      status = 1;
    } finally {
      await session.close().catch(() => {});
    }
    process.exit(status);
  },
});

await runMain(main, { rawArgs: split.options });
