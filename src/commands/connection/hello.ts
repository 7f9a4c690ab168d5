/**
 * HELLO [protover [AUTH username password] [SETNAME name]] — switch protocol, optionally
 * authenticate and name the connection in one round trip, and describe the server.
 */
import { cString, ERR, ReplyError } from "../../errors.ts";
import { text } from "../../protocol/bytes.ts";
import type { Handler } from "../types.ts";
import { checkCredentials } from "./auth.ts";
import { validClientName } from "./client.ts";

export const hello: Handler = (ctx, args) => {
  let version = 0;
  if (args.length >= 2) {
    const v = args.int64(1);
    if (typeof v !== "number") throw new ReplyError("ERR Protocol version is not an integer or out of range");
    if (v < 2 || v > 3) throw new ReplyError(ERR.noProto);
    version = v;
  }
  let user: string | null = null;
  let password: Uint8Array | null = null;
  let name: Uint8Array | null = null;
  for (let j = 2; j < args.length; j++) {
    const more = args.length - 1 - j;
    if (args.is(j, "auth") && more >= 2) {
      user = text(args.bytes(j + 1));
      password = args.bytes(j + 2);
      j += 2;
    } else if (args.is(j, "setname") && more >= 1) {
      name = args.bytes(j + 1);
      j++;
    } else {
      throw new ReplyError(`ERR Syntax error in HELLO option '${cString(args.key(j))}'`);
    }
  }
  const c = ctx.client;
  if (user !== null && password !== null) {
    if (!checkCredentials(ctx, user, password)) throw new ReplyError(ERR.wrongPass);
    c.authenticated = true;
    c.user = user;
  }
  if (!c.authenticated) {
    throw new ReplyError(
      "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time",
    );
  }
  if (name !== null) {
    if (!validClientName(name)) throw new ReplyError(ERR.clientNameSpaces);
    c.name = text(name);
  }
  if (version) c.resp = version as 2 | 3;
  const out = ctx.out;
  out.map(7);
  out.bulkKey("server");
  out.bulkKey("redis");
  out.bulkKey("version");
  out.bulkKey(ctx.server.version);
  out.bulkKey("proto");
  out.integer(c.resp);
  out.bulkKey("id");
  out.integer(c.id);
  out.bulkKey("mode");
  out.bulkKey("standalone");
  out.bulkKey("role");
  out.bulkKey("master");
  out.bulkKey("modules");
  out.array(0);
};
