/**
 * COMMAND [COUNT | INFO name ... | DOCS name ... | LIST [FILTERBY ...] | GETKEYS cmd ... |
 * GETKEYSANDFLAGS cmd ... | HELP] — all from the one registry table.
 */

import { globMatch } from "../../db/glob.ts";
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import { bytesToKey, lowerAscii } from "../../protocol/bytes.ts";
import { commandKeys, hasKeys } from "../key-specs.ts";
import { COMMANDS, findCommand } from "../registry.ts";
import type { CommandSpec, Context, Handler, KeyRef, KeySpec } from "../types.ts";
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
  out.set(spec.keySpecs.length);
  for (const ks of spec.keySpecs) writeKeySpec(ctx, ks);
  // Redis: an array of the subcommands' infos, or an empty *set* for a plain command.
  if (!spec.subcommands) return out.set(0);
  out.array(spec.subcommands.size);
  for (const s of spec.subcommands.values()) writeInfo(ctx, s);
}

function writeFlags(ctx: Context, flags: readonly string[]): void {
  ctx.out.set(flags.length);
  for (const f of flags) ctx.out.simple(f);
}

/** One key spec: notes, flags, begin_search and find_keys, each with its type's fields. */
function writeKeySpec(ctx: Context, ks: KeySpec): void {
  const out = ctx.out;
  out.map(ks.notes === undefined ? 3 : 4);
  if (ks.notes !== undefined) {
    out.bulkString("notes");
    out.bulkString(ks.notes);
  }
  out.bulkString("flags");
  writeFlags(ctx, ks.flags);
  out.bulkString("begin_search");
  out.map(2);
  out.bulkString("type");
  const b = ks.begin;
  out.bulkString(b.type);
  out.bulkString("spec");
  if (b.type === "index") {
    out.map(1);
    out.bulkString("index");
    out.integer(b.index);
  } else if (b.type === "keyword") {
    out.map(2);
    out.bulkString("keyword");
    out.bulkString(b.keyword);
    out.bulkString("startfrom");
    out.integer(b.startfrom);
  } else {
    out.map(0);
  }
  out.bulkString("find_keys");
  out.map(2);
  out.bulkString("type");
  const f = ks.find;
  out.bulkString(f.type);
  out.bulkString("spec");
  if (f.type === "range") {
    out.map(3);
    out.bulkString("lastkey");
    out.integer(f.lastkey);
    out.bulkString("keystep");
    out.integer(f.keystep);
    out.bulkString("limit");
    out.integer(f.limit);
  } else if (f.type === "keynum") {
    out.map(3);
    out.bulkString("keynumidx");
    out.integer(f.keynumidx);
    out.bulkString("firstkey");
    out.integer(f.firstkey);
    out.bulkString("keystep");
    out.integer(f.keystep);
  } else {
    out.map(0);
  }
}

/**
 * COMMAND DOCS for one command. The `arguments` entry is present where Redis has one, but
 * empty: argument trees are not modelled yet (the compat suite compares it by type only).
 */
function writeDocs(ctx: Context, spec: CommandSpec): void {
  const out = ctx.out;
  const subs = spec.subcommands ? [...spec.subcommands.values()] : [];
  const history = spec.history;
  const optional =
    (spec.docFlags.length ? 1 : 0) +
    (spec.deprecatedSince !== undefined ? 1 : 0) +
    (spec.replacedBy !== undefined ? 1 : 0) +
    (history.length ? 1 : 0) +
    (spec.docArguments ? 1 : 0) +
    (subs.length ? 1 : 0);
  // MONITOR is the one command whose docs have no complexity.
  const complexity = spec.complexity !== "";
  out.map(3 + (complexity ? 1 : 0) + optional);
  out.bulkString("summary");
  out.bulkString(spec.summary);
  out.bulkString("since");
  out.bulkString(spec.since);
  out.bulkString("group");
  out.bulkString(spec.group);
  if (complexity) {
    out.bulkString("complexity");
    out.bulkString(spec.complexity);
  }
  if (spec.docFlags.length) {
    out.bulkString("doc_flags");
    writeFlags(ctx, spec.docFlags);
  }
  if (spec.deprecatedSince !== undefined) {
    out.bulkString("deprecated_since");
    out.bulkString(spec.deprecatedSince);
  }
  if (spec.replacedBy !== undefined) {
    out.bulkString("replaced_by");
    out.bulkString(spec.replacedBy);
  }
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
 * The keys of a full command (argv from index 2) with their flags, found as Redis 7.0 finds
 * them (key-specs.ts): the command (or `container sub`) must exist, have keys and a valid
 * argument count, and the call must name at least one key.
 */
function keysOf(args: Args): KeyRef[] {
  const words = args.toArray(2);
  let spec = findCommand(bytesToKey(words[0]!));
  if (spec?.subcommands && words.length >= 2) spec = spec.subcommands.get(lowerAscii(words[1]!));
  if (!spec) throw new ReplyError("ERR Invalid command specified");
  if (!hasKeys(spec)) throw new ReplyError("ERR The command has no key arguments");
  const argc = words.length;
  if ((spec.arity > 0 && spec.arity !== argc) || argc < -spec.arity) {
    throw new ReplyError("ERR Invalid number of arguments specified for command");
  }
  const keys = commandKeys(spec, words);
  if (keys.length === 0 && !spec.flags.includes("no_mandatory_keys")) {
    throw new ReplyError("ERR Invalid arguments specified for command");
  }
  return keys;
}

/** COMMAND GETKEYS command [arg ...]. */
export const commandGetkeys: Handler = (ctx, args) => {
  const keys = keysOf(args);
  ctx.out.array(keys.length);
  for (const k of keys) ctx.out.bulk(args.bytes(k.pos + 2));
};

/** COMMAND GETKEYSANDFLAGS command [arg ...]: each key with the flags of the spec that found it. */
export const commandGetkeysandflags: Handler = (ctx, args) => {
  const keys = keysOf(args);
  ctx.out.array(keys.length);
  for (const k of keys) {
    ctx.out.array(2);
    ctx.out.bulk(args.bytes(k.pos + 2));
    writeFlags(ctx, k.flags);
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
