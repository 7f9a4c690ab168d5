/** CONFIG GET pattern [pattern ...] | SET name value [name value ...] | RESETSTAT | REWRITE | HELP. */
import { ConfigError } from "../../config/config.ts";
import { ERR, ReplyError } from "../../errors.ts";
import { text } from "../../protocol/bytes.ts";
import type { Handler } from "../types.ts";
import { helpReply } from "./help.ts";

export const configGet: Handler = (ctx, args) => {
  const found = new Map<string, string>();
  for (let i = 2; i < args.length; i++) {
    // The pattern as typed: Redis 7.0 answers a plain name under the spelling it was asked with.
    for (const [name, value] of ctx.server.config.match(args.key(i))) found.set(name, value);
  }
  ctx.out.map(found.size);
  for (const [name, value] of found) {
    ctx.out.bulkKey(name);
    ctx.out.bulkString(value);
  }
};

export const configSet: Handler = (ctx, args) => {
  // Arity (-4) lets `CONFIG SET a 1 b` through; Redis 7.0 answers that with a syntax error.
  if (args.length % 2 !== 0) throw new ReplyError(ERR.syntax);
  const pairs: [string, string][] = [];
  // Names as binary strings: the unknown-name error quotes them byte for byte, like Redis.
  for (let i = 2; i < args.length; i += 2) pairs.push([args.key(i), text(args.bytes(i + 1))]);
  try {
    // All or nothing, with Redis's error texts: Config checks every pair before changing any.
    ctx.server.config.setMany(pairs);
  } catch (e) {
    if (e instanceof ConfigError) throw new ReplyError(e.message);
    throw e;
  }
  ctx.out.ok();
};

export const configResetstat: Handler = (ctx) => {
  const st = ctx.server.stats;
  st.totalCommands = 0;
  st.totalConnections = 0;
  st.rejectedConnections = 0;
  st.netInputBytes = 0;
  st.netOutputBytes = 0;
  st.errorReplies = 0;
  st.commands.clear();
  st.errorCodes.clear();
  ctx.server.dbs.expiredKeys = 0;
  ctx.server.dbs.keyspaceHits = 0;
  ctx.server.dbs.keyspaceMisses = 0;
  ctx.out.ok();
};

export const configRewrite: Handler = () => {
  throw new ReplyError("ERR The server is running without a config file");
};

export const configHelp: Handler = (ctx) =>
  helpReply(ctx, "CONFIG", [
    "GET <pattern>",
    "    Return parameters matching the glob-like <pattern> and their values.",
    "SET <directive> <value>",
    "    Set the configuration <directive> to <value>.",
    "RESETSTAT",
    "    Reset statistics reported by the INFO command.",
    "REWRITE",
    "    Rewrite the configuration file.",
  ]);
