/**
 * Consumer groups (XGROUP, XREADGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM) are not there yet:
 * each answers a clear error naming itself, so a client sees at once what it is missing.
 * XGROUP HELP answers as Redis's does.
 */
import { ERR, ReplyError } from "../../errors.ts";
import { helpReply } from "../server/help.ts";
import type { Handler } from "../types.ts";

export function notSupported(name: string): Handler {
  return () => {
    throw new ReplyError(ERR.streamGroupsNotSupported(name));
  };
}

export const xgroupHelp: Handler = (ctx) =>
  helpReply(ctx, "XGROUP", [
    "CREATE <key> <groupname> <id|$> [option]",
    "    Create a new consumer group. Options are:",
    "    * MKSTREAM",
    "      Create the empty stream if it does not exist.",
    "    * ENTRIESREAD entries_read",
    "      Set the group's entries_read counter (internal use).",
    "CREATECONSUMER <key> <groupname> <consumer>",
    "    Create a new consumer in the specified group.",
    "DELCONSUMER <key> <groupname> <consumer>",
    "    Remove the specified consumer.",
    "DESTROY <key> <groupname>",
    "    Remove the specified group.",
    "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
    "    Set the current group ID and entries_read counter.",
  ]);
