import { writeFileSync } from "node:fs";
import { catalog } from "../src/tools/index.js";
import { renderToolDocs } from "./tool-docs.js";

writeFileSync(new URL("../docs/tools.md", import.meta.url), renderToolDocs(catalog));
console.log(`docs/tools.md: ${catalog.length} tools`);
