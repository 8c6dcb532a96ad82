/**
 * nginx for the load test (npm run loadtest): found on PATH, installed with apt-get when it is
 * missing and this process may (root on Debian/Ubuntu), or a clear word on how to install it.
 * Runs in the foreground as a child with a config of its own in a temporary directory, so
 * nothing on the machine is configured, started or left behind.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const HOW_TO_INSTALL =
  "nginx is needed for npm run loadtest (a real load balancer in front of the replicas). Install it with\n" +
  "  sudo apt-get install nginx      (Debian, Ubuntu)\n" +
  "  sudo dnf install nginx          (Fedora, RHEL)\n" +
  "  brew install nginx              (macOS)\n" +
  "then run npm run loadtest again. (As root on Debian or Ubuntu this script installs it by itself.)";

function which(command: string): string | undefined {
  const found = spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" });
  const path = found.stdout.trim();
  return found.status === 0 && path ? path : undefined;
}

/** The nginx binary: on PATH, in /usr/sbin, or installed now; undefined (with the reason printed) when none can be had. */
export function findOrInstallNginx(say: (line: string) => void): string | undefined {
  const found = which("nginx") ?? (spawnSync("/usr/sbin/nginx", ["-v"]).status === 0 ? "/usr/sbin/nginx" : undefined);
  if (found) return found;
  const root = process.getuid?.() === 0;
  if (!root || !which("apt-get")) {
    say(HOW_TO_INSTALL);
    return undefined;
  }
  say("nginx is not installed; installing the Debian package with apt-get (root, non-interactive) ...");
  const apt = (...args: string[]) =>
    spawnSync("apt-get", ["-y", "-q", "-o", "DPkg::Lock::Timeout=300", ...args], {
      stdio: ["ignore", "ignore", "pipe"],
      encoding: "utf8",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  let install = apt("install", "--no-install-recommends", "nginx");
  if (install.status !== 0) {
    // A fresh image may have no package lists yet.
    apt("update");
    install = apt("install", "--no-install-recommends", "nginx");
  }
  const installed =
    which("nginx") ?? (spawnSync("/usr/sbin/nginx", ["-v"]).status === 0 ? "/usr/sbin/nginx" : undefined);
  if (install.status !== 0 || !installed) {
    say(`apt-get could not install nginx: ${install.stderr.trim().split("\n").at(-1) ?? "unknown error"}`);
    say(HOW_TO_INSTALL);
    return undefined;
  }
  return installed;
}

export interface RunningNginx {
  readonly url: string;
  /** The master process (the workers are its children). */
  readonly pid: number;
  /** The last lines of nginx's error log (why a request failed at the balancer). */
  errorLog(lines: number): string[];
  stop(): Promise<void>;
}

/**
 * Starts nginx on 127.0.0.1:`port`, round-robin over `upstreams` (host:port each), with
 * keep-alive connections to them and response buffering off (Streamable HTTP answers are event
 * streams). The client's Host is passed on, as a reverse proxy in front of MCP servers should.
 */
export async function startNginx(binary: string, port: number, upstreams: readonly string[]): Promise<RunningNginx> {
  const prefix = mkdtempSync(join(tmpdir(), "scaivault-loadtest-nginx-"));
  // Workers run as an unprivileged user when nginx starts as root: they must be able to read it.
  chmodSync(prefix, 0o755);
  const conf = join(prefix, "nginx.conf");
  writeFileSync(
    conf,
    `daemon off;
worker_processes 1;
pid ${join(prefix, "nginx.pid")};
error_log ${join(prefix, "error.log")} warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${join(prefix, "body")};
  proxy_temp_path ${join(prefix, "proxy")};
  fastcgi_temp_path ${join(prefix, "fastcgi")};
  uwsgi_temp_path ${join(prefix, "uwsgi")};
  scgi_temp_path ${join(prefix, "scgi")};
  upstream mcp_replicas {
${upstreams.map((u) => `    server ${u};`).join("\n")}
    keepalive 256;
    # Below the replicas' own idle timeout (65 s), so nginx always closes an idle connection first.
    keepalive_timeout 60s;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://mcp_replicas;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_buffering off;
      proxy_read_timeout 120s;
    }
  }
}
`,
  );
  execFileSync(binary, ["-t", "-q", "-c", conf, "-p", prefix], { stdio: ["ignore", "ignore", "pipe"] });
  const child: ChildProcess = spawn(binary, ["-c", conf, "-p", prefix], { stdio: ["ignore", "ignore", "pipe"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || i > 100) throw new Error(`nginx did not start (see ${join(prefix, "error.log")})`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    pid: child.pid as number,
    errorLog(lines) {
      const path = join(prefix, "error.log");
      return existsSync(path) ? readFileSync(path, "utf8").trim().split("\n").filter(Boolean).slice(-lines) : [];
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
