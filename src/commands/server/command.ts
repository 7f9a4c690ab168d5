/** COMMAND [COUNT | INFO name ... | DOCS name ... | LIST [FILTERBY ...] | HELP] — all from the one registry table. */

import { globMatch } from "../../db/glob.ts";
import { ERR, ReplyError } from "../../errors.ts";
import { isWord, lowerAscii, text } from "../../protocol/bytes.ts";
import { COMMANDS, findCommand } from "../registry.ts";
import type { CommandSpec, Context, Handler } from "../types.ts";
import { helpReply } from "./help.ts";

function writeInfo(ctx: Context, spec: CommandSpec): void {
  const out = ctx.out;
  out.array(10);
  out.bulkString(spec.name);
  out.integer(spec.arity);
  out.set(spec.flags.length);
  for (const f of spec.flags) out.simple(f);
  out.integer(spec.keys[0]);
  out.integer(spec.keys[1]);
  out.integer(spec.keys[2]);
  out.set(spec.aclCategories.length);
  for (const c of spec.aclCategories) out.simple(`@${c}`);
  out.set(0); // tips
  out.array(0); // key specifications: not modelled yet
  const subs = spec.subcommands ? [...spec.subcommands.values()] : [];
  out.array(subs.length);
  for (const s of subs) writeInfo(ctx, s);
}

function writeDocs(ctx: Context, spec: CommandSpec): void {
  const out = ctx.out;
  const subs = spec.subcommands ? [...spec.subcommands.values()] : [];
  out.map(4 + (spec.complexity ? 1 : 0) + (subs.length ? 1 : 0));
  out.bulkString("summary");
  out.bulkString(spec.summary);
  out.bulkString("since");
  out.bulkString(spec.since);
  out.bulkString("group");
  out.bulkString(spec.group);
  if (spec.complexity) {
    out.bulkString("complexity");
    out.bulkString(spec.complexity);
  }
  out.bulkString("arguments");
  out.array(0);
  if (subs.length) {
    out.bulkString("subcommands");
    out.map(subs.length);
    for (const s of subs) {
      out.bulkString(s.name);
      writeDocs(ctx, s);
    }
  }
}

function allSpecs(): CommandSpec[] {
  const out: CommandSpec[] = [];
  for (const spec of COMMANDS) {
    out.push(spec);
    if (spec.subcommands) out.push(...spec.subcommands.values());
  }
  return out;
}

/** The spec named by `get` or `client|list`, as COMMAND INFO/DOCS accept. */
function lookup(name: string): CommandSpec | undefined {
  const [top, sub] = name.split("|");
  const spec = findCommand(top!);
  if (sub === undefined || !spec) return spec;
  return spec.subcommands?.get(sub);
}

export const command: Handler = (ctx) => {
  ctx.out.array(COMMANDS.length);
  for (const spec of COMMANDS) writeInfo(ctx, spec);
};

export const commandCount: Handler = (ctx) => ctx.out.integer(COMMANDS.length);

export const commandInfo: Handler = (ctx, argv) => {
  if (argv.length === 2) return command(ctx, argv);
  ctx.out.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    const spec = lookup(lowerAscii(argv[i]!));
    if (spec) writeInfo(ctx, spec);
    else ctx.out.nullArray();
  }
};

export const commandDocs: Handler = (ctx, argv) => {
  const specs =
    argv.length === 2
      ? COMMANDS
      : argv
          .slice(2)
          .map((a) => lookup(lowerAscii(a)))
          .filter((s): s is CommandSpec => s !== undefined);
  ctx.out.map(specs.length);
  for (const spec of specs) {
    ctx.out.bulkString(spec.name);
    writeDocs(ctx, spec);
  }
};

export const commandList: Handler = (ctx, argv) => {
  let specs = allSpecs();
  if (argv.length > 2) {
    if (argv.length !== 5 || !isWord(argv[2]!, "filterby")) throw new ReplyError(ERR.syntax);
    const value = text(argv[4]!);
    if (isWord(argv[3]!, "pattern")) specs = specs.filter((s) => globMatch(value, s.name, true));
    else if (isWord(argv[3]!, "aclcat"))
      specs = specs.filter((s) => s.aclCategories.includes(value.toLowerCase()));
    else if (isWord(argv[3]!, "module")) specs = [];
    else throw new ReplyError(ERR.syntax);
  }
  ctx.out.array(specs.length);
  for (const s of specs) ctx.out.bulkString(s.name);
};

export const commandHelp: Handler = (ctx) =>
  helpReply(ctx, "COMMAND", [
    "(no subcommand)",
    "    Return details about all Redis commands.",
    "COUNT",
    "    Return the total number of commands in this Redis server.",
    "LIST",
    "    Return a list of all commands in this Redis server.",
    "INFO [<command-name> ...]",
    "    Return details about multiple Redis commands.",
    "    If no command names are given, documentation details for all",
    "    commands are returned.",
    "DOCS [<command-name> ...]",
    "    Return documentation details about multiple Redis commands.",
    "    If no command names are given, documentation details for all",
    "    commands are returned.",
  ]);
