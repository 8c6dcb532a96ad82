/**
 * The README says what the server does: its Settings table has a row for every environment
 * variable the server reads (src/config.ts), `--help` names each of them, and the resource
 * templates it names are exactly those the server lists.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { ENV, HELP } from "../../src/config.js";
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
