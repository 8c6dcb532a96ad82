import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { renderToolDocs } from "../../scripts/tool-docs.js";
import { catalog } from "../../src/tools/index.js";

it("docs/tools.md matches the catalog (run `npm run docs` after changing a tool)", () => {
  expect(readFileSync(new URL("../../docs/tools.md", import.meta.url), "utf8")).toBe(renderToolDocs(catalog));
});
