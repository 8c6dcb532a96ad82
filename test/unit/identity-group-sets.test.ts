/**
 * The groups an access check resolves an identity through (IdentityStore.groupSetOf) are kept
 * between checks: every change of a user, a group or a membership, and a restored snapshot,
 * must give the new answer at once.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { createMockVault } from "../../mock-vault/index.js";

const mock = createMockVault({ seed: 42 });
const identity = () => mock.state.tenant(mock.tenantId).identity;
const groupsOf = (id: string) => [...identity().groupSetOf(id)].sort();

beforeEach(() => mock.reset());

describe("the identity store's group sets", () => {
  it("follow memberships added and removed, for users and service accounts", () => {
    expect(groupsOf("user:bob@acme.example")).toEqual(["group:developers"]);
    identity().addMember("grp_sre", "user:bob@acme.example");
    expect(groupsOf("user:bob@acme.example")).toEqual(["group:developers", "group:sre"]);
    identity().removeMember("grp_developers", "user:bob@acme.example");
    expect(groupsOf("user:bob@acme.example")).toEqual(["group:sre"]);
    expect(groupsOf("sa:nobody")).toEqual([]);
    identity().addMember("grp_oncall", "sa:nobody");
    expect(groupsOf("sa:nobody")).toEqual(["group:oncall"]);
  });

  it("follow a group renamed or removed", () => {
    expect(groupsOf("user:bob@acme.example")).toEqual(["group:developers"]);
    identity().upsertGroup({ id: "grp_developers", name: "engineers" });
    expect(groupsOf("user:bob@acme.example")).toEqual(["group:engineers"]);
    identity().removeGroup("grp_developers");
    expect(groupsOf("user:bob@acme.example")).toEqual([]);
  });

  it("follow a user's email changed, and the user removed", () => {
    expect(groupsOf("user:bob@acme.example")).toEqual(["group:developers"]);
    identity().upsertUser({ id: "usr_bob", email: "robert@acme.example" });
    expect(groupsOf("user:bob@acme.example")).toEqual([]);
    expect(groupsOf("user:robert@acme.example")).toEqual(["group:developers"]);
    identity().removeUser("usr_bob");
    expect(groupsOf("user:robert@acme.example")).toEqual([]);
  });

  it("follow a restored snapshot", () => {
    const before = mock.snapshot();
    identity().addMember("grp_sre", "user:bob@acme.example");
    expect(groupsOf("user:bob@acme.example")).toEqual(["group:developers", "group:sre"]);
    mock.restore(before);
    expect(groupsOf("user:bob@acme.example")).toEqual(["group:developers"]);
    // The same store given another state object, as a restore into kept stores would.
    const store = identity();
    const kept = structuredClone(store.state);
    store.addMember("grp_sre", "user:bob@acme.example");
    expect([...store.groupSetOf("user:bob@acme.example")].sort()).toEqual(["group:developers", "group:sre"]);
    store.state = kept;
    expect([...store.groupSetOf("user:bob@acme.example")]).toEqual(["group:developers"]);
  });

  it("a live request is granted and refused as its identity's groups change", async () => {
    // user:ops is a vault admin through group:vault-admins and a platform admin through group:platform-admins.
    const read = async () =>
      (
        await mock.fetch(
          new Request(`${mock.baseUrl}/v1/secrets/infra/db/primary/credentials`, {
            headers: { Authorization: `Bearer ${mock.tokens.admin}` },
          }),
        )
      ).status;
    expect(await read()).toBe(200);
    const ops = identity();
    const before = mock.snapshot();
    for (const group of ops.groupSetOf("user:ops@acme.example")) ops.removeMember(group, "user:ops@acme.example");
    expect(await read()).toBe(403);
    mock.restore(before);
    expect(await read()).toBe(200);
  });
});
