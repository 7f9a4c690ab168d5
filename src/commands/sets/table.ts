/**
 * The sets group's rows of the command table (joined into the one table by registry.ts).
 * Rows follow Redis 7.0's COMMAND INFO / COMMAND DOCS, as the core rows do.
 */
import type { CommandSpec } from "../types.ts";

// biome-ignore format: one row per command reads as a table
export const SET_COMMANDS: readonly CommandSpec[] = [];
