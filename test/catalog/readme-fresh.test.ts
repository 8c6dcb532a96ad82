/**
 * The README says what the server does: its Settings table has a row for every environment
 * variable the server reads (src/config.ts), `--help` (src/cli/help.ts) names each of them, and
 * the resource templates it names are exactly those the server lists.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { HELP } from "../../src/cli/help.js";
import { ENV } from "../../src/config.js";
import { catalogTable } from "../helpers/catalog-table.js";
import { connect } from "../helpers/harness.js";

const readme = readFileSync(fileURLToPath(new URL("../../README.md", import.meta.url)), "utf8");
const settingsTable = readme.slice(readme.indexOf("## Settings"), readme.indexOf("## Guardrails"));

it.each(Object.values(ENV))("%s has a row in the README's Settings table and a line in --help", (name) => {
  expect(settingsTable).toMatch(new RegExp(`^\\| \`${name}\` \\|`, "m"));
  expect(HELP).toMatch(new RegExp(`\\b${name}\\b`));
});

it("names the resource templates the server lists, as it lists them", async () => {
  const h = await connect();
  try {
    const listed = (await h.client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate).sort();
    const named = [
      ...new Set([...readme.matchAll(/`(scaivault:\/\/[^`]*\{[^`]*)`/g)].map((m) => m[1] as string)),
    ].sort();
    expect(named).toEqual(listed);
  } finally {
    await h.close();
  }
});

it("counts the whole catalog as the product page does, wherever it gives the number of tools", () => {
  // "N tools" and "N typed tools" count the catalog; "the N tools that ..." names a part of it.
  const counts = [...readme.matchAll(/(?<!\bthe )\b(\d+) (?:typed )?tools\b/g)].map((m) => Number(m[1]));
  expect(counts.length).toBeGreaterThan(3);
  expect(counts.filter((n) => n !== catalogTable.length)).toEqual([]);
});
