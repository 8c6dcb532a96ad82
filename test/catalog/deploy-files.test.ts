/**
 * docs/deploy/ against the package: no Docker engine runs in CI, so the Dockerfile and the
 * Kubernetes example are read as text and every command, path, port and setting name in them is
 * checked against what the package really has. Then the image's entry point is run with the
 * image's environment: it refuses 0.0.0.0 without MCP_HTTP_TOKEN, and with one its HEALTHCHECK
 * command passes.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigSchema, ENV } from "../../src/config.js";
import { HEALTH_PATH, READY_PATH } from "../../src/transports/health.js";
import { spawnCli } from "../e2e/http-helpers.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const read = (path: string) => readFileSync(`${ROOT}${path}`, "utf8");
const pkg = JSON.parse(read("package.json")) as {
  bin: Record<string, string>;
  scripts: Record<string, string>;
};
const SETTINGS = new Set(Object.values(ENV));
/** Set by the Dockerfile for Node itself, not a setting of scaivault-mcp. */
const NODE_ENV_NAMES = new Set(["NODE_ENV", "NODE_OPTIONS"]);
/** Never baked into an image or a manifest in clear: they come from the environment or a Secret. */
const CREDENTIALS = ["SCAIVAULT_TOKEN", "MCP_HTTP_TOKEN", "SCAIVAULT_CURSOR_KEY"];

interface Instruction {
  op: string;
  args: string;
  stage: number;
}

/** Dockerfile instructions, continuation lines joined, comments dropped; stage counts FROMs. */
function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  let stage = -1;
  let pending = "";
  for (const line of text.split("\n")) {
    if (/^\s*#/.test(line) && !pending) continue;
    pending += pending ? ` ${line.trim()}` : line.trim();
    if (pending.endsWith("\\")) {
      pending = pending.slice(0, -1).trimEnd();
      continue;
    }
    const match = /^(\w+)\s+(.*)$/.exec(pending);
    pending = "";
    if (!match) continue;
    const op = match[1]!.toUpperCase();
    if (op === "FROM") stage++;
    out.push({ op, args: match[2]!, stage });
  }
  return out;
}

function envOf(args: string): Record<string, string> {
  return Object.fromEntries(
    [...args.matchAll(/(\w+)=("[^"]*"|\S+)/g)].map((m) => [m[1]!, m[2]!.replace(/^"|"$/g, "")]),
  );
}

const docker = parseDockerfile(read("docs/deploy/Dockerfile"));
const last = Math.max(...docker.map((i) => i.stage));
const final = docker.filter((i) => i.stage === last);
const one = (op: string) => {
  const found = final.filter((i) => i.op === op);
  expect(found, `one ${op} in the final stage`).toHaveLength(1);
  return found[0]!.args;
};
const imageEnv = Object.assign({}, ...final.filter((i) => i.op === "ENV").map((i) => envOf(i.args))) as Record<
  string,
  string
>;
const entrypoint = JSON.parse(one("ENTRYPOINT")) as string[];
const healthcheck = JSON.parse(/\bCMD\s+(\[.*\])\s*$/.exec(one("HEALTHCHECK"))![1]!) as string[];
const k8s = read("docs/deploy/kubernetes.yaml");

const cleanups: (() => unknown)[] = [];
afterEach(() => {
  for (const fn of cleanups.splice(0)) fn();
});

describe("docs/deploy/Dockerfile", () => {
  it("is multi-stage on node:20-slim and ends as a non-root user with production dependencies only", () => {
    expect(last).toBeGreaterThanOrEqual(1);
    for (const from of docker.filter((i) => i.op === "FROM")) expect(from.args).toMatch(/^node:20-slim\b/);
    expect(one("USER")).not.toMatch(/^(root|0)(:|$)/);
    const installs = final.filter((i) => i.op === "RUN" && /\bnpm (ci|install)\b/.test(i.args));
    expect(installs.length).toBeGreaterThan(0);
    for (const install of installs) expect(install.args).toMatch(/--omit=dev/);
    // Only the build stage's output is copied over, and it is what the package ships.
    for (const copy of final.filter((i) => i.op === "COPY" && i.args.startsWith("--from="))) {
      const [, source] = copy.args.split(/\s+/);
      expect(source).toBe("/app/dist");
    }
    expect(existsSync(`${ROOT}dist`)).toBe(true);
  });

  it("copies every file and folder the build reads (its script, tsup's config and entries, what they import)", () => {
    const tsupEntries = [...read("tsup.config.ts").matchAll(/"([\w/.-]+\.ts)"/g)].map((m) => m[1]!);
    expect(tsupEntries.length).toBeGreaterThan(0);
    // `npm run build` runs a script of its own (scripts/build.ts), and tsup's config imports sources.
    const buildFiles = [...(pkg.scripts.build as string).matchAll(/([\w/.-]+\.ts)\b/g)].map((m) => m[1]!);
    expect(buildFiles.length).toBeGreaterThan(0);
    const entries = [...tsupEntries, ...buildFiles, "tsup.config.ts"];
    const copied = new Set(
      docker
        .filter((i) => i.op === "COPY" && !i.args.startsWith("--from="))
        .flatMap((i) => i.args.split(/\s+/).slice(0, -1)),
    );
    const folders = new Set<string>();
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      folders.add(file.split("/")[0]!);
      const text = read(file);
      for (const [, spec] of text.matchAll(/(?:from|import\()\s*"(\.{1,2}\/[^"]+)"/g)) {
        const target = new URL(spec!.replace(/\.js$/, ".ts"), `file:///${file}`).pathname.slice(1);
        if (existsSync(`${ROOT}${target}`)) visit(target);
      }
    };
    for (const entry of entries) visit(entry);
    expect(seen.size).toBeGreaterThan(50);
    for (const folder of folders) expect(copied.has(folder), `${folder} is copied`).toBe(true);
  });

  it("copies only paths that exist, and builds with the package's own build script", () => {
    for (const copy of docker.filter((i) => i.op === "COPY" && !i.args.startsWith("--from="))) {
      const sources = copy.args.split(/\s+/).slice(0, -1);
      for (const source of sources) expect(existsSync(`${ROOT}${source}`), source).toBe(true);
    }
    const builds = docker.filter((i) => i.op === "RUN" && /npm run (\S+)/.test(i.args));
    for (const build of builds) expect(pkg.scripts).toHaveProperty(/npm run (\S+)/.exec(build.args)![1]!);
  });

  it("starts the package's binary, built where npm run build puts it", () => {
    expect(entrypoint[0]).toBe("node");
    expect(entrypoint[1]).toBe(pkg.bin["scaivault-mcp"]);
    expect(existsSync(`${ROOT}${entrypoint[1]}`), `${entrypoint[1]} (npm test builds first)`).toBe(true);
  });

  it("names only real settings, serves Streamable HTTP on 0.0.0.0 at the port it exposes, and bakes in no credential", () => {
    for (const name of Object.keys(imageEnv))
      expect(SETTINGS.has(name) || NODE_ENV_NAMES.has(name), `${name} is a setting`).toBe(true);
    expect(imageEnv).toMatchObject({ MCP_TRANSPORT: "http", MCP_HOST: "0.0.0.0" });
    expect(one("EXPOSE")).toBe(imageEnv.PORT);
    expect(Number(imageEnv.PORT)).toBe(ConfigSchema.parse({ mock: true }).port);
    for (const name of CREDENTIALS) expect(imageEnv).not.toHaveProperty(name);
    const parsed = ConfigSchema.safeParse({
      mock: true,
      transport: imageEnv.MCP_TRANSPORT,
      host: imageEnv.MCP_HOST,
      port: imageEnv.PORT,
      stateless: imageEnv.MCP_HTTP_STATELESS,
    });
    expect(parsed.success).toBe(true);
  });

  it("runs node with the heap settings npm run loadtest measured its replicas with", () => {
    const measured = /const REPLICA_NODE_OPTIONS = "([^"]+)";/.exec(read("scripts/loadtest.ts"))?.[1];
    expect(measured).toMatch(/--max-old-space-size=\d+/);
    expect(imageEnv.NODE_OPTIONS).toBe(measured);
  });

  it("its HEALTHCHECK fetches /healthz on PORT", () => {
    expect(healthcheck[0]).toBe("node");
    expect(healthcheck.join(" ")).toContain(HEALTH_PATH);
    expect(healthcheck.join(" ")).toContain("process.env.PORT");
  });
});

describe("the image's entry point with the image's environment (the built CLI)", () => {
  const env = (extra: Record<string, string>) => {
    const { NODE_ENV: _, ...settings } = imageEnv;
    return { ...settings, SCAIVAULT_URL: "http://127.0.0.1:9", SCAIVAULT_TOKEN: "skt_deploy_test_token", ...extra };
  };

  it("refuses to serve on 0.0.0.0 without MCP_HTTP_TOKEN", async () => {
    await expect(spawnCli([], env({ PORT: "0" }))).rejects.toThrow(
      /exited with 2: scaivault-mcp: refusing to serve MCP over HTTP on non-loopback host '0.0.0.0' without MCP_HTTP_TOKEN/,
    );
  });

  it("with a token, answers the HEALTHCHECK command (bound to loopback here, on a free port)", async () => {
    const cli = await spawnCli(
      [],
      env({ PORT: "0", MCP_HOST: "127.0.0.1", MCP_HTTP_TOKEN: "deploy-test-token-0123456789" }),
    );
    cleanups.push(() => cli.child.kill("SIGKILL"));
    const port = new URL(cli.url).port;
    const [command, ...args] = healthcheck;
    const code = await new Promise<number | null>((resolve) => {
      const probe = spawn(command === "node" ? process.execPath : command!, args, {
        env: { PATH: process.env.PATH ?? "", PORT: port },
        stdio: "ignore",
      });
      probe.once("exit", resolve);
    });
    expect(code).toBe(0);
  });
});

describe("docs/deploy/kubernetes.yaml", () => {
  const envNames = [...k8s.matchAll(/^\s*- name: ([A-Z][A-Z0-9_]+)\s*$/gm)].map((m) => m[1]!);

  it("names only real settings and takes the tokens and the cursor key from a Secret", () => {
    expect(envNames.length).toBeGreaterThan(3);
    for (const name of envNames) expect(SETTINGS.has(name), `${name} is a setting`).toBe(true);
    for (const name of CREDENTIALS) {
      const entry = new RegExp(`- name: ${name}\\s*\\n\\s*valueFrom:\\s*\\n\\s*secretKeyRef:`);
      expect(k8s, `${name} from a Secret`).toMatch(entry);
    }
    expect(k8s).toMatch(/- name: MCP_HTTP_STATELESS\s*\n\s*value: "true"/);
  });

  it("probes /readyz and /healthz on the container port the image exposes", () => {
    expect(k8s).toMatch(
      new RegExp(`readinessProbe:\\s*\\n\\s*httpGet:\\s*\\n\\s*path: ${READY_PATH}\\s*\\n\\s*port: http`),
    );
    expect(k8s).toMatch(
      new RegExp(`livenessProbe:\\s*\\n\\s*httpGet:\\s*\\n\\s*path: ${HEALTH_PATH}\\s*\\n\\s*port: http`),
    );
    expect(k8s).toMatch(new RegExp(`- name: http\\s*\\n\\s*containerPort: ${imageEnv.PORT}\\b`));
    expect(k8s).toMatch(/runAsNonRoot: true/);
  });
});
