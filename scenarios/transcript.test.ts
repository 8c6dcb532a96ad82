/**
 * Transcripts (`npm run scenarios`, `scaivault-mcp --mock --demo <id>`) show each step's answer:
 * decisions and reasons first, values cut at word boundaries, captured ids filled into labels.
 */
import { describe, expect, it } from "vitest";
import { runDemo } from "../src/cli/demo.js";
import { cut } from "./summary.js";

async function demo(id: string): Promise<string> {
  let text = "";
  expect(await runDemo(id, (t) => (text += t))).toBe(true);
  return text;
}

describe("scenario transcripts", () => {
  it("audit.outage-investigation shows the policy decision, its reason and the denied totals", async () => {
    const text = await demo("audit.outage-investigation");
    const answer = (tool: string) => text.split("\n").find((_, i, lines) => lines[i - 1]?.includes(tool)) ?? "";
    expect(answer("scaivault_test_policy")).toMatch(/← decision=deny allowed=false reason=No matching rule: none of/);
    expect(answer("scaivault_find_unauthorized_access")).toContain(
      "total_denied=3 · 1 item(s): count=3 identity_id=sa:report-runner secret_path=infra/db/primary/credentials",
    );
  });

  it("labels steps with the values captured by earlier steps", async () => {
    const text = await demo("dynamic.production-lease-lifecycle");
    expect(text).not.toContain("${");
    expect(text).toMatch(/scaivault_renew_lease \{"lease_id":"lease_[a-z0-9]+","increment":"90m"\}/);
  });

  it("cuts long values at a word boundary and marks the cut", () => {
    expect(cut("identity_id=sa:report-runner identity_type=service_account secret_path=x", 60)).toBe(
      "identity_id=sa:report-runner identity_type=service_account…",
    );
    expect(cut("short enough", 60)).toBe("short enough");
    expect(cut("x".repeat(30), 10)).toBe(`${"x".repeat(10)}…`);
  });
});
