/**
 * COMMAND [COUNT | INFO name ... | DOCS name ... | LIST [FILTERBY ...] | GETKEYS cmd ... |
 * GETKEYSANDFLAGS cmd ... | HELP] — all from the one registry table.
 */

import { globMatch } from "../../db/glob.ts";
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import { bytesToKey, lowerAscii } from "../../protocol/bytes.ts";
import { COMMANDS, findCommand } from "../registry.ts";
import type { CommandSpec, Context, Handler, KeySpec } from "../types.ts";
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
  out.set(spec.tips.length);
  for (const t of spec.tips) out.bulkString(t);
  if (spec.keySpec) {
    out.set(1);
    writeKeySpec(ctx, spec.keys, spec.keySpec);
  } else {
    out.set(0);
  }
  // Redis: an array of the subcommands' infos, or an empty *set* for a plain command.
  if (!spec.subcommands) return out.set(0);
  out.array(spec.subcommands.size);
  for (const s of spec.subcommands.values()) writeInfo(ctx, s);
}

/** One key spec, derived from the key triple: `index first` .. `range lastkey/keystep`. */
function writeKeySpec(ctx: Context, keys: CommandSpec["keys"], ks: KeySpec): void {
  const out = ctx.out;
  const [first, last, step] = keys;
  out.map(ks.notes === undefined ? 3 : 4);
  if (ks.notes !== undefined) {
    out.bulkString("notes");
    out.bulkString(ks.notes);
  }
  out.bulkString("flags");
  out.set(ks.flags.length);
  for (const f of ks.flags) out.simple(f);
  out.bulkString("begin_search");
  out.map(2);
  out.bulkString("type");
  out.bulkString("index");
  out.bulkString("spec");
  out.map(1);
  out.bulkString("index");
  out.integer(first);
  out.bulkString("find_keys");
  out.map(2);
  out.bulkString("type");
  out.bulkString("range");
  out.bulkString("spec");
  out.map(3);
  out.bulkString("lastkey");
  out.integer(last < 0 ? last : last - first);
  out.bulkString("keystep");
  out.integer(step);
  out.bulkString("limit");
  out.integer(0);
}

/**
 * COMMAND DOCS for one command. The `arguments` entry is present where Redis has one, but
 * empty: argument trees are not modelled yet (the compat suite compares it by type only).
 */
function writeDocs(ctx: Context, spec: CommandSpec): void {
  const out = ctx.out;
  const subs = spec.subcommands ? [...spec.subcommands.values()] : [];
  const history = spec.history;
  out.map(4 + (history.length ? 1 : 0) + (spec.docArguments ? 1 : 0) + (subs.length ? 1 : 0));
  out.bulkString("summary");
  out.bulkString(spec.summary);
  out.bulkString("since");
  out.bulkString(spec.since);
  out.bulkString("group");
  out.bulkString(spec.group);
  out.bulkString("complexity");
  out.bulkString(spec.complexity);
  if (history.length) {
    out.bulkString("history");
    out.set(history.length);
    for (const [version, change] of history) {
      out.array(2);
      out.bulkString(version);
      out.bulkString(change);
    }
  }
  if (spec.docArguments) {
    out.bulkString("arguments");
    out.array(0);
  }
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

export const commandInfo: Handler = (ctx, args) => {
  if (args.length === 2) return command(ctx, args);
  ctx.out.array(args.length - 2);
  for (let i = 2; i < args.length; i++) {
    const spec = lookup(args.lower(i));
    if (spec) writeInfo(ctx, spec);
    else ctx.out.nil(); // Redis's addReplyNull: `$-1` in RESP2, not `*-1`
  }
};

export const commandDocs: Handler = (ctx, args) => {
  const specs =
    args.length === 2
      ? COMMANDS
      : args
          .toArray(2)
          .map((a) => lookup(lowerAscii(a)))
          .filter((s): s is CommandSpec => s !== undefined);
  ctx.out.map(specs.length);
  for (const spec of specs) {
    ctx.out.bulkString(spec.name);
    writeDocs(ctx, spec);
  }
};

export const commandList: Handler = (ctx, args) => {
  let specs = allSpecs();
  if (args.length > 2) {
    if (args.length !== 5 || !args.is(2, "filterby")) throw new ReplyError(ERR.syntax);
    const value = args.text(4);
    if (args.is(3, "pattern")) specs = specs.filter((s) => globMatch(value, s.name, true));
    else if (args.is(3, "aclcat")) specs = specs.filter((s) => s.aclCategories.includes(value.toLowerCase()));
    else if (args.is(3, "module")) specs = [];
    else throw new ReplyError(ERR.syntax);
  }
  ctx.out.array(specs.length);
  for (const s of specs) ctx.out.bulkString(s.name);
};

/**
 * The keys of a full command (argv from index 2), found the way Redis 7.0 finds them: the
 * command (or `container sub`) must exist, have keys and a valid argument count; then every
 * `step`-th word from the first to the last key position that is really there.
 */
function keysOf(args: Args): { spec: CommandSpec; positions: number[] } {
  const words = args.toArray(2);
  let spec = findCommand(bytesToKey(words[0]!));
  if (spec?.subcommands && words.length >= 2) spec = spec.subcommands.get(lowerAscii(words[1]!));
  if (!spec) throw new ReplyError("ERR Invalid command specified");
  if (!spec.keySpec) throw new ReplyError("ERR The command has no key arguments");
  const argc = words.length;
  if ((spec.arity > 0 && spec.arity !== argc) || argc < -spec.arity) {
    throw new ReplyError("ERR Invalid number of arguments specified for command");
  }
  const [first, last, step] = spec.keys;
  const end = last < 0 ? argc + last : last;
  const positions: number[] = [];
  for (let i = first; i <= end && i < argc; i += step) positions.push(i + 2);
  if (positions.length === 0) throw new ReplyError("ERR Invalid arguments specified for command");
  return { spec, positions };
}

/** COMMAND GETKEYS command [arg ...]. */
export const commandGetkeys: Handler = (ctx, args) => {
  const { positions } = keysOf(args);
  ctx.out.array(positions.length);
  for (const p of positions) ctx.out.bulk(args.bytes(p));
};

/** COMMAND GETKEYSANDFLAGS command [arg ...]: each key with its key-spec flags. */
export const commandGetkeysandflags: Handler = (ctx, args) => {
  const { spec, positions } = keysOf(args);
  const ks = spec.keySpec!;
  const flags = ks.flagsFor ? ks.flagsFor(args.toArray(2)) : ks.flags;
  ctx.out.array(positions.length);
  for (const p of positions) {
    ctx.out.array(2);
    ctx.out.bulk(args.bytes(p));
    ctx.out.set(flags.length);
    for (const f of flags) ctx.out.simple(f);
  }
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
    "GETKEYS <full-command>",
    "    Return the keys from a full Redis command.",
    "GETKEYSANDFLAGS <full-command>",
    "    Return the keys and the access flags from a full Redis command.",
  ]);
