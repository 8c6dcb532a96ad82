// biome-ignore-all lint/suspicious/noTemplateCurlyInString: host configs hold `${...}` placeholders
/**
 * The host snippets in docs/hosts.md and the README work as pasted: each JSON block parses, runs
 * this package's binary, names only settings the server reads (src/config.ts), and, with the
 * host's placeholders filled in as the host would, is a configuration the server starts with.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseCommandLine } from "../../src/cli/argv.js";
import { ENV } from "../../src/config.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const SETTINGS = new Set(Object.values(ENV));
const BIN = JSON.parse(readFileSync(`${root}/package.json`, "utf8")).name as string;

interface ServerEntry {
  type?: string;
  command: string;
  args?: string[];
  env?: Record<string, string>;
}

function blocks(file: string, lang: string): string[] {
  const text = readFileSync(`${root}/${file}`, "utf8");
  return [...text.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, "g"))].map((m) => m[1] as string);
}

/** The server entries of a host config: `mcpServers` (Claude, Cursor) or `servers` (VS Code). */
function entries(config: Record<string, unknown>): [string, ServerEntry][] {
  const servers = (config.mcpServers ?? config.servers) as Record<string, ServerEntry> | undefined;
  return Object.entries(servers ?? {});
}

/** The arguments after this package's binary, however the snippet starts it. */
function serverArgs({ command, args = [] }: ServerEntry): string[] {
  if (command === "npx") {
    expect(args.slice(0, 2)).toEqual(["-y", BIN]);
    return args.slice(2);
  }
  if (command === BIN) return args;
  expect(command).toBe("node");
  expect(args[0]).toMatch(/dist\/bin\/cli\.js$/);
  return args.slice(1);
}

/** Placeholders as host or shell fill them in: `${input:…}`, `${env:…}`, `${NAME}`, `"$NAME"`, `<your token>`. */
const filled = (env: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(env).map(([k, v]) => [k, v.replace(/\$\{[^}]+\}|<[^>]+>|^"\$\w+"$/g, "skt_filled_in_by_the_host")]),
  );

const JSON_SNIPPETS = ["docs/hosts.md", "README.md"].flatMap((file) =>
  blocks(file, "json").map((text, i) => ({ where: `${file} json block ${i + 1}`, text })),
);

const CLAUDE_ADD = ["docs/hosts.md", "README.md"].flatMap((file) =>
  blocks(file, "bash")
    .filter((b) => b.startsWith("claude mcp add"))
    .map((line) => ({ where: file, line })),
);

describe("host snippets", () => {
  const hostConfigs = JSON_SNIPPETS.map(({ where, text }) => ({ where, config: JSON.parse(text) })).filter(
    ({ config }) => entries(config).length > 0,
  );

  it("are there for every host the docs name", () => {
    expect(hostConfigs.length).toBeGreaterThanOrEqual(6);
    expect(hostConfigs.some(({ config }) => config.servers && config.inputs)).toBe(true); // VS Code
    expect(CLAUDE_ADD.map((c) => c.where)).toEqual(["docs/hosts.md", "README.md"]);
  });

  it.each(JSON_SNIPPETS)("$where is valid JSON", ({ text }) => {
    expect(() => JSON.parse(text)).not.toThrow();
  });

  it.each(hostConfigs)("$where names only real settings and starts the server", ({ config }) => {
    for (const [, entry] of entries(config)) {
      for (const name of Object.keys(entry.env ?? {})) expect(SETTINGS, name).toContain(name);
      const args = serverArgs(entry);
      const env = filled(entry.env ?? {});
      expect(parseCommandLine(env, args)).toMatchObject({ kind: "run" });
    }
  });

  it("VS Code asks for the token in a password prompt it declares", () => {
    const vscode = hostConfigs.find(({ config }) => config.inputs)!.config;
    const [, entry] = entries(vscode)[0]!;
    const id = /^\$\{input:([^}]+)\}$/.exec(entry.env?.SCAIVAULT_TOKEN ?? "")?.[1];
    expect(vscode.inputs).toContainEqual(expect.objectContaining({ id, type: "promptString", password: true }));
  });

  it.each(CLAUDE_ADD)(
    "the `claude mcp add` line in $where puts the name before -e, names real settings, runs the binary",
    ({ line }) => {
      const [options, command] = line.trim().split(" -- ") as [string, string];
      const words = options.split(/\s+/);
      expect(words.slice(0, 4)).toEqual(["claude", "mcp", "add", "scaivault"]);
      const env = Object.fromEntries(
        words.flatMap((w, i) => (words[i - 1] === "-e" ? [w.split(/=(.*)/s).slice(0, 2) as [string, string]] : [])),
      );
      for (const name of Object.keys(env)) expect(SETTINGS, name).toContain(name);
      expect(command.split(/\s+/)).toEqual(["npx", "-y", BIN]);
      expect(parseCommandLine(filled(env))).toMatchObject({ kind: "run" });
    },
  );
});
