/**
 * Every curl example of docs/mock-vault.md runs, and answers as the page says. An example is a
 * fenced block whose info string is `sh example`: shell lines against a served mock (`$VAULT`,
 * the demo tokens as `$ADMIN`, `$READ_ONLY`, ...: see exampleEnv), ending in a comment with the
 * expected status and, optionally, content type: `# -> 200` or `# -> 200 text/plain`. Each block
 * runs in `sh -u` (an unknown variable fails it) against the same served mock, reset before every
 * block, so a block sees the seeded demo vault and nothing another block did. curl's answer is
 * captured by the runner: the status must match, an answer without a named type must be JSON
 * that parses (204: no body), one with a named type must carry it.
 *
 * Needs curl on PATH (Debian: `apt-get install curl`; the node:20 image has it, node:20-slim and
 * debian:bookworm do not): without it the examples are skipped, and the suite says why.
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMockVault, DEMO, type ServedVault } from "../../mock-vault/index.js";

const DOC = "docs/mock-vault.md";
const run = promisify(execFile);

interface Example {
  /** Line of the opening fence, 1-based. */
  line: number;
  section: string;
  script: string;
  status: number | null;
  contentType: string | null;
}

/** The `sh example` blocks of a markdown text, with the section each sits in and what it expects. */
function parseExamples(markdown: string): Example[] {
  const lines = markdown.split("\n");
  const examples: Example[] = [];
  let section = "(top)";
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const heading = /^#{2,4}\s+(.*)$/.exec(line);
    if (heading) section = heading[1] as string;
    if (!/^```sh example\s*$/.test(line)) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i] as string); i++) body.push(lines[i] as string);
    const last = [...body].reverse().find((l) => l.trim() !== "") ?? "";
    const expected = /^#\s*->\s*(\d{3})(?:\s+(\S+))?\s*$/.exec(last.trim());
    examples.push({
      line: start + 1,
      section,
      script: body.join("\n"),
      status: expected ? Number(expected[1]) : null,
      contentType: expected?.[2] ?? null,
    });
  }
  return examples;
}

/** The environment of every example: the served mock's URL and the demo's tokens by SCREAMING_SNAKE name. */
function exampleEnv(url: string): Record<string, string> {
  const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();
  return {
    VAULT: url,
    ...Object.fromEntries(Object.entries(DEMO.tokens).map(([name, token]) => [snake(name), token])),
    REPORT_RUNNER_K8S_TOKEN: DEMO.subjectTokens.reportRunner,
  };
}

/** The runner captures curl's answer itself: an example must not redirect or reshape it. */
const CAPTURE_FLAGS = /(^|\s)(-o|--output|-w|--write-out|-i|--include|-D|--dump-header|-O|--remote-name)(\s|=|$)/m;

const hasCurl = (() => {
  try {
    execFileSync("curl", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

const examples = parseExamples(readFileSync(DOC, "utf8"));

describe(`${DOC}: the sh example convention`, () => {
  it("has examples, and every one ends in `# -> <status>`", () => {
    expect(examples.length).toBeGreaterThan(0);
    const unmarked = examples.filter((e) => e.status === null).map((e) => `${DOC}:${e.line} (${e.section})`);
    expect(unmarked, "blocks whose last line is not `# -> <status>`").toEqual([]);
    const capturing = examples.filter((e) => CAPTURE_FLAGS.test(e.script)).map((e) => `${DOC}:${e.line}`);
    expect(capturing, "blocks that pass -o/-w/-i/-D to curl (the runner captures the answer)").toEqual([]);
  });
});

if (!hasCurl)
  console.warn(`${DOC} examples skipped: curl is not on PATH (install it to run them, e.g. apt-get install curl).`);

describe.skipIf(!hasCurl)(`${DOC}: every sh example, with curl against a served mock (skipped without curl)`, () => {
  const mock = createMockVault();
  let served: ServedVault;
  let dir: string;
  beforeAll(async () => {
    served = await mock.serve({ port: 0 });
    dir = mkdtempSync(join(tmpdir(), "mock-vault-examples-"));
  });
  afterAll(async () => {
    await served?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => mock.reset());

  for (const example of examples.filter((e) => e.status !== null)) {
    const first = example.script.split("\n").find((l) => l.trim() && !l.trim().startsWith("#")) ?? "";
    it(`${DOC}:${example.line} (${example.section}) ${first.trim().slice(0, 80)}`, async () => {
      const body = join(dir, `body-${example.line}`);
      const meta = join(dir, `meta-${example.line}`);
      // curl as the example calls it, with the answer's body and status captured by the runner.
      const wrapper = `curl() { command curl --silent --show-error --max-time 20 --output "$EXAMPLE_BODY" --write-out '%{http_code} %{content_type}' "$@" > "$EXAMPLE_META"; }`;
      const script = `set -eu\n${wrapper}\n${example.script}\n`;
      try {
        await run("sh", ["-c", script], {
          env: {
            PATH: process.env.PATH ?? "/usr/bin:/bin",
            ...exampleEnv(served.url),
            EXAMPLE_BODY: body,
            EXAMPLE_META: meta,
          },
          timeout: 30_000,
        });
      } catch (error) {
        const e = error as { stderr?: string; code?: number };
        expect.fail(`the example failed in sh (exit ${e.code}): ${e.stderr?.trim() || String(error)}`);
      }
      const [status, ...typeWords] = readFileSync(meta, "utf8").trim().split(" ");
      const type = typeWords.join(" ");
      const answer = readFileSync(body, "utf8");
      expect(Number(status), `status of ${DOC}:${example.line}; answer: ${answer.slice(0, 300)}`).toBe(example.status);
      if (example.contentType) expect(type).toContain(example.contentType);
      else if (example.status === 204) expect(answer).toBe("");
      else {
        expect(type, "an answer without a named type is JSON").toMatch(/^application\/json/);
        expect(() => JSON.parse(answer), "the JSON answer parses").not.toThrow();
      }
    });
  }
});
