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

export const auth: Handler = (ctx, argv) => {
  if (argv.length > 3) throw new ReplyError(ERR.syntax);
  if (argv.length === 2 && ctx.server.config.get("requirepass") === "") {
    throw new ReplyError(ERR.authNotConfigured);
  }
  const user = argv.length === 3 ? text(argv[1]!) : "default";
  if (!checkCredentials(ctx, user, argv[argv.length - 1]!)) throw new ReplyError(ERR.wrongPass);
  ctx.client.authenticated = true;
  ctx.client.user = user;
  ctx.out.ok();
};
