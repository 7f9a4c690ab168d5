/** docs/config.md and docs/commands.md are generated from the code: they must be up to date. */
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { commandReference, configReference } from "../../scripts/gen-docs.ts";
import { COMMANDS } from "../../src/commands/registry.ts";
import { PARAMETERS } from "../../src/config/parameters.ts";

const root = join(import.meta.dir, "../..");

test("docs/config.md lists every parameter, as the generator writes it", () => {
  const text = readFileSync(join(root, "docs/config.md"), "utf8");
  expect(text).toBe(configReference());
  for (const p of PARAMETERS) expect(text).toContain(`| \`${p.name}\` |`);
});

test("docs/commands.md lists every command, as the generator writes it", () => {
  const text = readFileSync(join(root, "docs/commands.md"), "utf8");
  expect(text).toBe(commandReference());
  for (const c of COMMANDS) expect(text).toContain(`\`${c.name.toUpperCase()}`);
});
