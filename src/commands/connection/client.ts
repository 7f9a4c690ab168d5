/**
 * CLIENT ID | SETNAME | GETNAME | SETINFO | LIST | INFO | KILL | NO-EVICT | NO-TOUCH | REPLY | HELP.
 */

import { cString, ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import { bytesToKey, isWord, lowerAscii, parseInt64, text } from "../../protocol/bytes.ts";
import { isSubscribed } from "../../pubsub/hub.ts";
import { helpReply } from "../server/help.ts";
import type { ClientState, Context, Handler } from "../types.ts";
import { trackingFlags } from "./client-tracking.ts";

/** Names and library attributes are printable ASCII without spaces, as Redis requires. */
export function validClientName(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i]! < 33 || b[i]! > 126) return false;
  return true;
}

export const clientId: Handler = (ctx) => ctx.out.integer(ctx.client.id);

export const clientSetname: Handler = (ctx, args) => {
  if (!validClientName(args.bytes(2))) throw new ReplyError(ERR.clientNameSpaces);
  ctx.client.name = text(args.bytes(2));
  ctx.out.ok();
};

export const clientGetname: Handler = (ctx) => {
  if (ctx.client.name === "") ctx.out.nil();
  else ctx.out.bulkString(ctx.client.name);
};

export const clientSetinfo: Handler = (ctx, args) => {
  const attr = args.lower(2);
  if (attr !== "lib-name" && attr !== "lib-ver") {
    throw new ReplyError(`ERR Unrecognized option '${cString(args.key(2))}'`);
  }
  if (!validClientName(args.bytes(3))) {
    throw new ReplyError(
      `ERR ${cString(args.key(2))} cannot contain spaces, newlines or special characters.`,
    );
  }
  if (attr === "lib-name") ctx.client.libName = text(args.bytes(3));
  else ctx.client.libVer = text(args.bytes(3));
  ctx.out.ok();
};

/** One CLIENT LIST line, fields in Redis 7's order. */
export function describeClient(c: ClientState, server: Context["server"], now: number): string {
  const flags =
    `${isSubscribed(c) ? "P" : ""}${c.multi ? "x" : ""}${c.blocked ? "b" : ""}${trackingFlags(c)}${c.noEvict ? "e" : ""}${c.noTouch ? "T" : ""}` ||
    "N";
  const age = Math.floor((now - c.createdAt) / 1000);
  const idle = Math.floor((now - c.lastInteraction) / 1000);
  const qbuf = c.queryBufferBytes();
  const omem = c.outputBufferBytes();
  void server;
  return (
    `id=${c.id} addr=${c.addr} laddr=${c.laddr} fd=-1 name=${c.name} age=${age} idle=${idle} flags=${flags} ` +
    `db=${c.db} sub=${c.channels.size} psub=${c.patterns.size} ssub=${c.shardChannels.size} multi=${c.multi ? c.multi.queue.length : -1} qbuf=${qbuf} qbuf-free=0 ` +
    `argv-mem=0 multi-mem=0 rbs=${qbuf} rbp=0 obl=0 oll=0 omem=${omem} tot-mem=${qbuf + omem} events=r ` +
    `cmd=${c.lastCommand} user=${c.user} redir=${c.tracking?.redirect ?? -1} resp=${c.resp} lib-name=${c.libName} lib-ver=${c.libVer}`
  );
}

export const clientInfo: Handler = (ctx) => {
  ctx.out.verbatim(`${describeClient(ctx.client, ctx.server, ctx.now)}\n`);
};

/**
 * CLIENT LIST [TYPE type | ID id [id ...]], as Redis 7.0 parses it: one filter only; ids are
 * listed in the order given (a repeated id twice), ids with no client (0, -3) are skipped.
 */
export const clientList: Handler = (ctx, args) => {
  const clients = ctx.server.clients;
  let body = "";
  if (args.length === 2) {
    for (const c of clients.values()) body += `${describeClient(c, ctx.server, ctx.now)}\n`;
  } else if (args.length === 4 && args.is(2, "type")) {
    const type = clientType(args.bytes(3));
    for (const c of clients.values()) {
      if (type === "pubsub" ? isPubsub(c) : type === "normal" ? !isPubsub(c) : false) {
        body += `${describeClient(c, ctx.server, ctx.now)}\n`;
      }
    }
  } else if (args.length > 3 && args.is(2, "id")) {
    for (let j = 3; j < args.length; j++) {
      const id = args.int64(j);
      if (id === null) throw new ReplyError("ERR Invalid client ID");
      const c = typeof id === "number" ? clients.get(id) : undefined;
      if (c) body += `${describeClient(c, ctx.server, ctx.now)}\n`;
    }
  } else {
    throw new ReplyError(ERR.syntax);
  }
  ctx.out.verbatim(body);
};

const isPubsub = isSubscribed;

/** A CLIENT LIST / KILL client type, lower-cased; Redis's error for any other word. */
function clientType(b: Uint8Array): string {
  const type = lowerAscii(b);
  if (!["normal", "master", "replica", "slave", "pubsub"].includes(type)) {
    throw new ReplyError(`ERR Unknown client type '${cString(bytesToKey(b))}'`);
  }
  return type;
}

/** CLIENT KILL addr:port (old form, replies OK) or CLIENT KILL <filter value> ... (replies a count). */
export const clientKill: Handler = (ctx, args) => {
  const clients = ctx.server.clients;
  if (args.length === 3) {
    const addr = text(args.bytes(2));
    for (const c of clients.values()) {
      if (c.addr === addr) {
        c.kill();
        return ctx.out.ok();
      }
    }
    throw new ReplyError(ERR.noSuchClient);
  }
  let id: number | null = null;
  let addr: string | null = null;
  let laddr: string | null = null;
  let user: string | null = null;
  let type: string | null = null;
  let skipMe = true;
  for (let j = 2; j < args.length; j += 2) {
    if (j + 1 >= args.length) throw new ReplyError(ERR.syntax);
    const opt = args.lower(j);
    const val = args.bytes(j + 1);
    if (opt === "id") {
      const v = parseInt64(val);
      if (typeof v !== "number" || v <= 0) throw new ReplyError("ERR client-id should be greater than 0");
      id = v;
    } else if (opt === "addr") addr = text(val);
    else if (opt === "laddr") laddr = text(val);
    else if (opt === "user") user = text(val);
    else if (opt === "type") type = clientType(val);
    else if (opt === "skipme") {
      if (isWord(val, "yes")) skipMe = true;
      else if (isWord(val, "no")) skipMe = false;
      else throw new ReplyError(ERR.syntax);
    } else throw new ReplyError(ERR.syntax);
  }
  let killed = 0;
  for (const c of [...clients.values()]) {
    if (id !== null && c.id !== id) continue;
    if (addr !== null && c.addr !== addr) continue;
    if (laddr !== null && c.laddr !== laddr) continue;
    if (user !== null && c.user !== user) continue;
    if (type !== null && (type === "pubsub" ? !isPubsub(c) : type === "normal" ? isPubsub(c) : true))
      continue;
    if (c === ctx.client && skipMe) continue;
    c.kill();
    killed++;
  }
  ctx.out.integer(killed);
};

function onOff(args: Args): boolean {
  if (args.is(2, "on")) return true;
  if (args.is(2, "off")) return false;
  throw new ReplyError(ERR.syntax);
}

export const clientNoEvict: Handler = (ctx, args) => {
  ctx.client.noEvict = onOff(args);
  ctx.out.ok();
};

export const clientNoTouch: Handler = (ctx, args) => {
  ctx.client.noTouch = onOff(args);
  ctx.out.ok();
};

/** CLIENT REPLY ON | OFF | SKIP: the dispatcher drops replies while the mode says so. */
export const clientReply: Handler = (ctx, args) => {
  const mode = args.lower(2);
  if (mode === "on") {
    ctx.client.replyMode = "on";
    ctx.client.skipNext = false;
    ctx.out.ok();
  } else if (mode === "off") {
    ctx.client.replyMode = "off";
  } else if (mode === "skip") {
    if (ctx.client.replyMode !== "off") ctx.client.skipNext = true;
  } else {
    throw new ReplyError(ERR.syntax);
  }
};

export const clientHelp: Handler = (ctx) =>
  helpReply(ctx, "CLIENT", [
    "CACHING (YES|NO)",
    "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
    "GETREDIR",
    "    Return the client ID we are redirecting to when tracking is enabled.",
    "GETNAME",
    "    Return the name of the current connection.",
    "ID",
    "    Return the ID of the current connection.",
    "INFO",
    "    Return information about the current client connection.",
    "KILL <ip:port>",
    "    Kill connection made from <ip:port>.",
    "KILL <option> <value> [<option> <value> [...]]",
    "    Kill connections. Options are:",
    "    * ADDR (<ip:port>|<unixsocket>:0)",
    "      Kill connections made from the specified address",
    "    * LADDR (<ip:port>|<unixsocket>:0)",
    "      Kill connections made to specified local address",
    "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
    "      Kill connections by type.",
    "    * USER <username>",
    "      Kill connections authenticated by <username>.",
    "    * SKIPME (YES|NO)",
    "      Skip killing current connection (default: yes).",
    "    * ID <client-id>",
    "      Kill connections by client id.",
    "LIST [options ...]",
    "    Return information about client connections. Options:",
    "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
    "      Return clients of specified type.",
    "NO-EVICT (ON|OFF)",
    "    Protect current client connection from eviction.",
    "NO-TOUCH (ON|OFF)",
    "    Will not touch LRU/LFU stats when this mode is on.",
    "REPLY (ON|OFF|SKIP)",
    "    Control the replies sent to the current connection.",
    "SETNAME <name>",
    "    Assign the name <name> to the current connection.",
    "UNBLOCK <clientid> [TIMEOUT|ERROR]",
    "    Unblock the specified blocked client.",
    "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
    "         [OPTIN] [OPTOUT] [NOLOOP]",
    "    Control server assisted client side caching.",
    "TRACKINGINFO",
    "    Report tracking status for the current connection.",
    "SETINFO <option> <value>",
    "    Set client meta attr. Options are:",
    "    * LIB-NAME: the client lib name.",
    "    * LIB-VER: the client lib version.",
  ]);
