/** Catalog-wide invariants: every tool, walked from the one list the server registers. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { TOOL_GROUPS } from "../../src/config.js";
import { catalog } from "../../src/tools/index.js";
import { catalogTable } from "../helpers/catalog-table.js";

describe("tool catalog", () => {
  it("has exactly the names of the product page, unique", () => {
    const names = catalog.map((t) => t.name);
    expect(new Set(catalogTable.map((r) => r.name)).size).toBe(catalogTable.length);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(catalogTable.map((r) => r.name).sort());
  });

  it("gives every tool the group and access of the catalog table", () => {
    for (const row of catalogTable) {
      const def = catalog.find((t) => t.name === row.name);
      expect(def, row.name).toBeDefined();
      expect({ name: row.name, group: def?.group, access: def?.access }).toEqual(row);
    }
    expect(new Set(catalog.map((t) => t.group))).toEqual(new Set(TOOL_GROUPS));
  });

  it.each(catalog.map((t) => [t.name, t] as const))("%s: annotations follow access", (_, def) => {
    expect(def.annotations.readOnlyHint).toBe(def.access === "read");
    // Deletes and revocations, and the writes that can stop access that works now.
    expect(def.annotations.destructiveHint).toBe(def.access === "delete" || def.destructive === true);
    expect(def.annotations.openWorldHint).toBe(true);
  });

  it("marks as destructive exactly the writes that can take access away, and says how in their descriptions", () => {
    const destructiveWrites = catalog.filter((t) => t.access === "write" && t.destructive).map((t) => t.name);
    expect(destructiveWrites.sort()).toEqual(["scaivault_create_policy", "scaivault_update_service_account"]);
    for (const name of destructiveWrites)
      expect(catalog.find((t) => t.name === name)?.description, name).toMatch(/stops .*access|takes access away/);
    expect(catalog.filter((t) => t.access === "read" && t.destructive)).toEqual([]);
  });

  it.each(catalog.map((t) => [t.name, t] as const))("%s: title, description, schemas", (_, def) => {
    expect(def.name).toMatch(/^scaivault_[a-z_]+$/);
    expect(def.title.length).toBeGreaterThan(3);
    expect(def.description.length).toBeGreaterThan(30);
    expect(def.description.length).toBeLessThanOrEqual(400);
    const input = z.toJSONSchema(z.object(def.input), { io: "input" }) as Record<string, unknown>;
    for (const union of ["anyOf", "oneOf", "allOf"]) expect(input).not.toHaveProperty(union);
    expect(Object.keys(def.output).length).toBeGreaterThan(0);
  });

  it.each(catalog.map((t) => [t.name, t] as const))("%s: declared path arguments exist in its input", (_, def) => {
    for (const { arg } of def.paths ?? []) {
      const top = arg.split(/[.[]/)[0] as string;
      expect(Object.keys(def.input), `${def.name} declares ${arg}`).toContain(top);
    }
    if (def.tenantArg) expect(Object.keys(def.input)).toContain(def.tenantArg);
  });

  it.each(catalog.filter((t) => t.paged || t.ranking).map((t) => [t.name, t] as const))(
    "%s: a paged or ranked result names the list the window filters, and takes a limit",
    (_, def) => {
      expect(def.resultPaths?.[0], def.name).toMatch(/^[a-z_]+\[\]\.[a-z_]+$/);
      expect(Object.keys(def.input)).toContain("limit");
      if (def.paged) expect(Object.keys(def.input)).toContain("cursor");
    },
  );

  it("declares path arguments wherever the catalog table says a tool takes a path", () => {
    const pathTools = [
      "scaivault_read_secret",
      "scaivault_write_secret",
      "scaivault_delete_secret",
      "scaivault_list_secrets",
      "scaivault_get_secret_versions",
      "scaivault_rotate_secret",
      "scaivault_check_expiration",
      "scaivault_create_policy",
      "scaivault_test_policy",
      "scaivault_proxy_read",
      "scaivault_secret_audit_trail",
    ];
    for (const name of pathTools) expect(catalog.find((t) => t.name === name)?.paths?.length, name).toBeGreaterThan(0);
    const filtered = [
      "scaivault_list_secrets",
      "scaivault_check_expiration",
      "scaivault_get_secrets_due_rotation",
      "scaivault_query_audit",
      "scaivault_find_unauthorized_access",
    ];
    for (const name of filtered)
      expect(catalog.find((t) => t.name === name)?.resultPaths?.length, name).toBeGreaterThan(0);
  });

  it("declares secret fields on every tool that returns values", () => {
    const valueTools = [
      "scaivault_read_secret",
      "scaivault_get_secret_versions",
      "scaivault_rotate_secret",
      "scaivault_generate_secret_preview",
      "scaivault_create_api_key",
      "scaivault_issue_certificate",
      "scaivault_request_certificate",
      "scaivault_generate_credentials",
      "scaivault_proxy_read",
      "scaivault_create_subscription",
    ];
    for (const name of valueTools)
      expect(catalog.find((t) => t.name === name)?.secretFields?.length, name).toBeGreaterThan(0);
  });

  it("keeps tool files free of guardrail logic (no tool imports the guard)", () => {
    for (const file of new Set(catalog.map((t) => t.group))) {
      const stem = file.replace(/_/g, "-");
      const source = readFileSync(new URL(`../../src/tools/${stem}.ts`, import.meta.url), "utf8");
      expect(source, stem).not.toMatch(/from "\.\.\/guard\//);
    }
  });
});
