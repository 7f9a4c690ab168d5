/**
 * AUTH [username] password and the credential check HELLO shares. redbun has one user,
 * "default", whose password is `requirepass` (no password: any password is accepted for it).
 */
import { ERR, ReplyError } from "../../errors.ts";
import { text } from "../../protocol/bytes.ts";
import type { Context, Handler } from "../types.ts";

/** True when user/password are right for the default user. */
export function checkCredentials(ctx: Context, user: string, password: Uint8Array): boolean {
  if (user !== "default") return false;
  const required = ctx.server.config.get("requirepass");
  return required === "" || required === text(password);
}

export const auth: Handler = (ctx, args) => {
  if (args.length > 3) throw new ReplyError(ERR.syntax);
  if (args.length === 2 && ctx.server.config.get("requirepass") === "") {
    throw new ReplyError(ERR.authNotConfigured);
  }
  const user = args.length === 3 ? text(args.bytes(1)) : "default";
  if (!checkCredentials(ctx, user, args.bytes(args.length - 1))) throw new ReplyError(ERR.wrongPass);
  ctx.client.authenticated = true;
  ctx.client.user = user;
  ctx.out.ok();
};
