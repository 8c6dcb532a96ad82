import { describe, expect, it } from "vitest";
import { closeNames, rankTools, summaryOf } from "../../src/tools/catalog-search.js";
import { catalog, toolNamed } from "../../src/tools/index.js";

describe("summaryOf", () => {
  it("ends at the first sentence, not at an abbreviation or a parenthesis inside it", () => {
    expect(summaryOf("Create a rotation policy: a schedule (e.g. interval 90d) for secrets. When attached, ...")).toBe(
      "Create a rotation policy: a schedule (e.g. interval 90d) for secrets.",
    );
    expect(summaryOf("Read it (latest version unless `version` is given). Use list first.")).toBe(
      "Read it (latest version unless `version` is given).",
    );
    expect(summaryOf("One sentence without a stop")).toBe("One sentence without a stop");
  });

  it("gives every catalog tool a one-line summary that begins its description", () => {
    for (const def of catalog) {
      const summary = summaryOf(def.description);
      expect(def.description.startsWith(summary), def.name).toBe(true);
      expect(summary.length, def.name).toBeGreaterThan(20);
      expect(summary, def.name).not.toMatch(/\n|e\.g\.$/);
    }
  });
});

describe("rankTools", () => {
  it("puts tools matching more of the words first", () => {
    expect(rankTools(catalog, "denied requests")[0]?.name).toBe("scaivault_find_unauthorized_access");
    expect(rankTools(catalog, "the rotate of a secret")[0]?.name).toBe("scaivault_rotate_secret");
  });

  it("brings inflections together and ignores words that name nothing", () => {
    expect(rankTools(catalog, "rotating secrets")[0]?.name).toBe("scaivault_rotate_secret");
    expect(rankTools(catalog, "the of and")).toEqual(catalog);
  });
});

describe("closeNames", () => {
  it("finds a name by spelling and by what it names, at most three", () => {
    expect(closeNames(catalog, "scaivault_revoke_lese")[0]).toBe("scaivault_revoke_lease");
    expect(closeNames(catalog, "renew_lease")[0]).toBe("scaivault_renew_lease");
    expect(closeNames(catalog, "scaivault_get_lease")).toContain("scaivault_renew_lease");
    expect(closeNames(catalog, "secret")).toHaveLength(3);
    expect(closeNames([toolNamed("scaivault_read_secret")], "zzzz_qqqq_xxxx")).toEqual([]);
  });
});
