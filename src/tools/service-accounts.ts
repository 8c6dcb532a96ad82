import { z } from "zod";
import {
  ApiKeyCreated,
  ApiKeyDeleted,
  ApiKeyList,
  ServiceAccount,
  ServiceAccountCreated,
  ServiceAccountDeleted,
  ServiceAccountDetail,
  ServiceAccountList,
} from "../client/schemas/service-accounts.js";
import { group, tool } from "./define.js";
import { Cursor, Duration, Limit } from "./schemas.js";
import { secretObject } from "./secret-fields.js";

const AccountId = z.string().min(1).max(128).describe("Account id (sa_…), name or identity id (sa:name)");
const Scopes = z.array(z.string().max(64)).max(40).describe("Token scopes, e.g. secrets:read");
/** The service_accounts tools (declared as data; see define.ts). */
export const serviceAccountsTools = group("service_accounts", [
  tool({
    name: "scaivault_list_service_accounts",
    title: "List service accounts",
    description:
      "List the tenant's service accounts (machine identities sa:<name>) with scopes, status and API key counts.",
    access: "read",
    scopes: ["identity:read"],
    input: { limit: Limit, cursor: Cursor },
    output: ServiceAccountList.shape,
    run: (client, { limit, cursor }, signal) => client.serviceAccounts.list({ limit, cursor }, signal),
  }),

  tool({
    name: "scaivault_get_service_account",
    title: "Get service account",
    description:
      "Details of one service account: identity id, scopes, status, API key count, and the access policies bound to it (directly or through a group; shown when the token holds policies:read).",
    access: "read",
    scopes: ["identity:read"],
    input: { service_account_id: AccountId },
    output: ServiceAccountDetail.shape,
    run: (client, { service_account_id }, signal) => client.serviceAccounts.get(service_account_id, signal),
  }),

  tool({
    name: "scaivault_create_service_account",
    title: "Create service account",
    description:
      "Create a service account with the given scopes (only scopes your token holds). Returns its client secret once.",
    access: "write",
    scopes: ["identity:admin"],
    grants: { kind: "service_account", name: "name", scopes: "scopes" },
    secretFields: secretObject(ServiceAccountCreated.shape, "", "client_secret"),
    oneTime: {
      what: "a service account's client credentials",
      data: { client_id: "client_id", client_secret: "client_secret" },
      metadata: { service_account_id: "id", name: "name" },
      secretType: "json",
      undo: { tool: "scaivault_delete_service_account", args: { service_account_id: "id" } },
    },
    input: {
      name: z
        .string()
        .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, "2-63 characters of a-z, 0-9 and '-', not starting with '-'")
        .describe("Lowercase name, e.g. report-runner"),
      description: z.string().max(500).optional(),
      scopes: Scopes.optional(),
    },
    output: ServiceAccountCreated.shape,
    run: (client, { name, description, scopes }, signal) =>
      client.serviceAccounts.create({ name, description, scopes }, signal),
  }),

  tool({
    name: "scaivault_update_service_account",
    title: "Update service account",
    description:
      "Change a service account's description, scopes or status. Disabling it stops every API key of it at once; new scopes replace the old, so a narrower list takes access away.",
    access: "write",
    scopes: ["identity:admin"],
    destructive: true,
    confirm: {
      ask: "Disable service account {service_account_id}? Every API key of it stops working at once, until it is set active again.",
      when: [{ arg: "status", equals: "disabled" }],
    },
    // New scopes, or reactivation (its keys work again), hand out the account's access once more.
    grants: {
      kind: "service_account",
      account: "service_account_id",
      scopes: "scopes",
      when: [{ arg: "scopes" }, { arg: "status", equals: "active" }],
    },
    input: {
      service_account_id: AccountId,
      description: z.string().max(500).optional(),
      scopes: Scopes.optional().describe("Replaces the scopes"),
      status: z.enum(["active", "disabled"]).optional(),
    },
    output: ServiceAccount.shape,
    run: (client, { service_account_id, description, scopes, status }, signal) =>
      client.serviceAccounts.update(service_account_id, { description, scopes, status }, signal),
  }),

  tool({
    name: "scaivault_delete_service_account",
    title: "Delete service account",
    description: "Delete a service account and all its API keys; the keys stop working immediately. Cannot be undone.",
    access: "delete",
    scopes: ["identity:admin"],
    confirm: {
      ask: "Delete service account {service_account_id} and all its API keys? The keys stop working at once. This cannot be undone.",
    },
    input: { service_account_id: AccountId },
    output: ServiceAccountDeleted.shape,
    run: (client, { service_account_id }, signal) => client.serviceAccounts.delete(service_account_id, signal),
  }),

  tool({
    name: "scaivault_create_api_key",
    title: "Create API key",
    description:
      "Issue an API key (bearer token) for a service account. The full key is shown only in this result; later only its prefix.",
    access: "write",
    scopes: ["identity:admin"],
    grants: { kind: "service_account", account: "service_account_id" },
    secretFields: secretObject(ApiKeyCreated.shape, "", "key"),
    oneTime: {
      what: "an API key",
      data: { key: "key" },
      metadata: { key_id: "id", prefix: "prefix", service_account_id: "service_account_id", expires_at: "expires_at" },
      secretType: "api_key",
      undo: { tool: "scaivault_delete_api_key", args: { service_account_id: "service_account_id", key_id: "id" } },
    },
    input: {
      service_account_id: AccountId,
      name: z.string().min(1).max(100).optional().describe("Label, e.g. ci-prod"),
      expires_in: Duration.optional().describe("Key lifetime, e.g. 90d (default: no expiry)"),
    },
    output: ApiKeyCreated.shape,
    run: (client, { service_account_id, name, expires_in }, signal) =>
      client.serviceAccounts.createKey(service_account_id, { name, expires_in }, signal),
  }),

  tool({
    name: "scaivault_list_api_keys",
    title: "List API keys",
    description:
      "List a service account's API keys: id, name, prefix, created and expiry times. Never the keys themselves.",
    access: "read",
    scopes: ["identity:read"],
    input: { service_account_id: AccountId, limit: Limit, cursor: Cursor },
    output: ApiKeyList.shape,
    run: (client, { service_account_id, limit, cursor }, signal) =>
      client.serviceAccounts.listKeys(service_account_id, { limit, cursor }, signal),
  }),

  tool({
    name: "scaivault_delete_api_key",
    title: "Delete API key",
    description: "Delete one API key of a service account; requests with it fail from then on.",
    access: "delete",
    scopes: ["identity:admin"],
    confirm: {
      ask: "Delete API key {key_id} of service account {service_account_id}? Requests with it fail from then on. This cannot be undone.",
    },
    input: { service_account_id: AccountId, key_id: z.string().min(1).max(128) },
    output: ApiKeyDeleted.shape,
    run: (client, { service_account_id, key_id }, signal) =>
      client.serviceAccounts.deleteKey(service_account_id, key_id, signal),
  }),
]);
