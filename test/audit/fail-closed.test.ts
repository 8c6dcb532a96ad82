/**
 * An audit that cannot be written refuses (src/audit/observer.ts): the answer whose line failed
 * becomes `audit_unavailable` (a secret read that is not recorded is not shown), later requests
 * are refused before the vault while the file stays unwritable, and the first line written again
 * heals it. No stack trace reaches the agent.
 */
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type AuditSink, FileSink } from "../../src/audit/sink.js";
import { createLogger } from "../../src/log.js";
import { audited } from "../helpers/audited.js";

/** A real audit file whose writes can be made to fail, as a full disk would. */
class Switchable implements AuditSink {
  failing = false;
  #broken = false;
  readonly file = new FileSink(join(mkdtempSync(join(tmpdir(), "scaivault-audit-")), "audit.jsonl"), {
    maxBytes: 0,
    keep: 1,
  });
  get broken() {
    return this.#broken;
  }
  async write(line: string) {
    this.#broken = this.failing;
    if (this.failing) throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    await this.file.write(line);
  }
  close() {
    return this.file.close();
  }
}

const textOf = (r: { content: unknown }) =>
  (r.content as { type: string; text?: string }[]).map((c) => c.text ?? "").join("");

describe("an audit file that cannot be written", () => {
  it("after an act reached the vault: says so, and keeps the line in the server's log", async () => {
    const sink = new Switchable();
    const logged: string[] = [];
    const h = await audited({}, { audit: sink, file: sink.file.path, logger: createLogger((l) => logged.push(l)) });
    try {
      sink.failing = true;
      const deleted = await h.call("scaivault_delete_secret", { path: "integrations/stripe/api-key" });
      expect(deleted._meta?.["scaivault/code"]).toBe("audit_unavailable");
      expect(textOf(deleted)).toMatch(/reached the vault.*do not make the call again/);
      const kept = logged.map((l) => JSON.parse(l)).find((l) => l.message === "audit line kept here instead");
      expect(JSON.parse(kept.line)).toMatchObject({
        name: "scaivault_delete_secret",
        arguments: { path: "integrations/stripe/api-key" },
        outcome: "ok",
      });
      expect(JSON.parse(kept.line).vault_request_ids.length).toBeGreaterThan(0);
    } finally {
      await h.close();
    }
  });

  it("refuses, before the vault while it stays broken, and heals once a line is written", async () => {
    const sink = new Switchable();
    const h = await audited({}, { audit: sink, file: sink.file.path });
    try {
      expect((await h.call("scaivault_read_secret", { path: "apps/web/session-key" })).isError).toBeFalsy();
      sink.failing = true;

      // The disk is full: the line cannot be written, the value is not shown.
      const lost = await h.call("scaivault_read_secret", { path: "apps/web/session-key" });
      expect(lost.isError).toBe(true);
      expect(lost._meta?.["scaivault/code"]).toBe("audit_unavailable");
      expect(textOf(lost)).toMatch(/^audit_unavailable: /);
      expect(textOf(lost)).not.toMatch(/ENOENT|at |\.ts:|Error/);
      expect(JSON.stringify(lost)).not.toContain('"data"');

      // Still broken: refused on arrival, the vault not asked.
      const asked = h.mock.state.journal.length;
      const refused = await h.call("scaivault_write_secret", { path: "apps/audit/x", data: { v: "1" } });
      expect(refused._meta?.["scaivault/code"]).toBe("audit_unavailable");
      expect(h.mock.state.journal.length).toBe(asked);
      // Resource reads and prompts are refused the same way, as MCP errors.
      await expect(
        h.client.readResource({ uri: "scaivault://secrets/tnt_acme_prod/apps/web/session-key" }),
      ).rejects.toThrow(/audit_unavailable: /);
      expect(h.mock.state.journal.length).toBe(asked);

      // Space again: the next refusal's line is written, and calls run again.
      sink.failing = false;
      const probe = await h.call("scaivault_list_secrets", { prefix: "apps" });
      expect(probe._meta?.["scaivault/code"]).toBe("audit_unavailable");
      expect((await h.call("scaivault_list_secrets", { prefix: "apps" })).isError).toBeFalsy();
      expect(h.lines()).toEqual([
        expect.objectContaining({ name: "scaivault_read_secret", outcome: "ok" }),
        expect.objectContaining({ name: "scaivault_list_secrets", outcome: "refused", code: "audit_unavailable" }),
        expect.objectContaining({ name: "scaivault_list_secrets", outcome: "ok", decision: "allowed" }),
      ]);
    } finally {
      await h.close();
    }
  });

  it.runIf(existsSync("/dev/full"))("refuses when the file system rejects the write (/dev/full)", async () => {
    const h = await audited({}, { file: "/dev/full" });
    try {
      const answer = await h.call("scaivault_read_secret", { path: "apps/web/session-key" });
      expect(answer._meta?.["scaivault/code"]).toBe("audit_unavailable");
      expect(textOf(answer)).not.toMatch(/ENOSPC|dev\/full/);
    } finally {
      await h.close();
    }
  });

  it("refuses a prompt whose line a sink rejects, with the code and no detail of the failure", async () => {
    const failing: AuditSink = {
      broken: false,
      write: () => Promise.reject(new Error("disk on fire at /var/log/secret-place")),
      close: () => Promise.resolve(),
    };
    const h = await audited({}, { audit: failing });
    try {
      const error = await h.client
        .getPrompt({ name: "rotate-credential", arguments: { path: "integrations/salesforce/oauth" } })
        .catch((e: unknown) => e as Error);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/^MCP error -32602: audit_unavailable: /);
      expect((error as Error).message).not.toMatch(/disk on fire|secret-place/);
    } finally {
      await h.close();
    }
  });
});
