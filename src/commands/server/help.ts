/** The HELP subcommand reply shape shared by container commands (CLIENT HELP, CONFIG HELP, ...). */
import type { Context } from "../types.ts";

export function helpReply(ctx: Context, command: string, lines: readonly string[]): void {
  const head = `${command} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`;
  const tail = ["HELP", "    Prints this help."];
  ctx.out.array(lines.length + 3);
  ctx.out.simple(head);
  for (const l of lines) ctx.out.simple(l);
  for (const l of tail) ctx.out.simple(l);
}
