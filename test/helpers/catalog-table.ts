import { readFileSync } from "node:fs";

/**
 * The tool table of the product page (docs/catalog-source.md): group, name and access of every
 * tool. The one place the catalog's names, and so its size, are written down; tests and the
 * README are held to it.
 */
export const catalogTable = readFileSync(new URL("../../docs/catalog-source.md", import.meta.url), "utf8")
  .split("\n")
  .map((line) => /^\|\s*(\w+)\s*\|\s*(scaivault_\w+)\s*\|\s*(\w+)\s*\|/.exec(line))
  .filter((m): m is RegExpExecArray => m !== null)
  .map(([, group, name, access]) => ({ group, name, access }));
