/**
 * The public API of the `redbun` package: the client. The server is a separate entry point
 * (`redbun/server`) so that importing the client never loads the server, the Db or telemetry.
 */
export * from "./client/index.ts";
export { type CommandArg, encodeCommand } from "./protocol/command-encoder.ts";
export type { RespValue } from "./protocol/reply-parser.ts";
export { RespMap, RespPush, RespSet, VerbatimString } from "./protocol/reply-parser.ts";
