import { scenario } from "../kit.js";

/** End to end: a new machine identity gets a key, the key is listed by prefix only, then both are removed. */
export const apiKeyLifecycle = scenario({
  id: "service-accounts.api-key-lifecycle",
  title: "Create a service account and an API key, list keys by prefix, delete both",
  user: "Set up a service account for the ETL loader with a CI key, then tear it down again.",
  steps: [
    {
      tool: "scaivault_create_service_account",
      args: {
        name: "etl-loader",
        description: "Nightly ETL into the warehouse",
        scopes: ["secrets:read", "secrets:list"],
      },
      expect: {
        ok: true,
        match: {
          name: "etl-loader",
          identity_id: "sa:etl-loader",
          status: "active",
          api_key_count: 0,
          scopes: [["secrets:read", "secrets:list"]],
        },
      },
      capture: { accountId: "id" },
    },
    {
      tool: "scaivault_create_api_key",
      args: { service_account_id: "${accountId}", name: "ci-deploy", expires_in: "90d" },
      expect: { ok: true, match: { name: "ci-deploy", identity_id: "sa:etl-loader" }, contains: ['"key":"svk_mock_'] },
      capture: { keyId: "id" },
    },
    {
      tool: "scaivault_get_service_account",
      args: { service_account_id: "sa:etl-loader" },
      expect: { ok: true, match: { api_key_count: 1 } },
    },
    {
      note: "Only the prefix is listed: never the key itself.",
      tool: "scaivault_list_api_keys",
      args: { service_account_id: "${accountId}" },
      expect: {
        ok: true,
        match: { "data[].name": ["ci-deploy"], "data[].identity_id": ["sa:etl-loader"] },
        contains: ['"prefix":"svk_mock_'],
        absent: ['"key":'],
      },
    },
    {
      tool: "scaivault_delete_api_key",
      args: { service_account_id: "${accountId}", key_id: "${keyId}" },
      expect: { ok: true, match: { deleted: true } },
    },
    {
      tool: "scaivault_list_api_keys",
      args: { service_account_id: "${accountId}" },
      expect: { ok: true, match: { "data[].id": [] }, contains: ['"data":[]'] },
    },
    {
      tool: "scaivault_delete_service_account",
      args: { service_account_id: "${accountId}" },
      expect: { ok: true, match: { identity_id: "sa:etl-loader", deleted: true, api_keys_deleted: 0 } },
    },
    {
      tool: "scaivault_get_service_account",
      args: { service_account_id: "sa:etl-loader" },
      expect: { error: "service_account_not_found" },
    },
  ],
});

/** Incident response: a worker's key may have leaked; disable the account and revoke its key. */
export const lockDown = scenario({
  id: "service-accounts.lock-down-leaked-key",
  title: "Disable a service account and revoke its API key",
  user: "The billing worker's API key may have leaked. Lock the account down.",
  steps: [
    {
      tool: "scaivault_list_service_accounts",
      args: {},
      expect: {
        ok: true,
        match: {
          "data[].name": ["billing-worker", "report-runner", "web-frontend"],
          "data[].api_key_count": [1, 1, 0],
          "data[].status": "active",
        },
      },
    },
    {
      tool: "scaivault_list_api_keys",
      args: { service_account_id: "billing-worker" },
      expect: {
        ok: true,
        match: { "data[].name": ["worker-2026q2"], "data[].identity_id": ["sa:billing-worker"] },
        absent: ['"key":'],
      },
      capture: { keyId: "data[].id" },
    },
    {
      tool: "scaivault_update_service_account",
      args: { service_account_id: "billing-worker", status: "disabled", description: "Disabled: suspected key leak" },
      expect: {
        ok: true,
        match: { identity_id: "sa:billing-worker", status: "disabled", description: "Disabled: suspected key leak" },
      },
    },
    {
      tool: "scaivault_delete_api_key",
      args: { service_account_id: "billing-worker", key_id: "${keyId}" },
      expect: { ok: true, match: { deleted: true } },
    },
    {
      tool: "scaivault_list_api_keys",
      args: { service_account_id: "billing-worker" },
      expect: { ok: true, contains: ['"data":[]'] },
    },
    {
      tool: "scaivault_get_service_account",
      args: { service_account_id: "sa:billing-worker" },
      expect: { ok: true, match: { status: "disabled", api_key_count: 0 } },
    },
  ],
});

/** MASK_VALUES: the one-time client secret and API key are masked; the key prefix stays visible. */
export const maskedCredentials = scenario({
  id: "service-accounts.masked-credentials",
  title: "MASK_VALUES hides a new client secret and API key",
  user: "Create a service account for the exporter and give it a key.",
  profile: { maskValues: true },
  steps: [
    {
      tool: "scaivault_create_service_account",
      args: { name: "exporter", scopes: ["secrets:read"] },
      expect: { ok: true, match: { identity_id: "sa:exporter", client_secret: "••••••" }, absent: ["svc_mock_"] },
      capture: { accountId: "id" },
    },
    {
      tool: "scaivault_create_api_key",
      args: { service_account_id: "${accountId}", name: "exporter-prod" },
      expect: { ok: true, match: { key: "••••••", name: "exporter-prod" }, absent: ['"key":"svk_mock_'] },
      capture: { keyId: "id" },
    },
    {
      tool: "scaivault_list_api_keys",
      args: { service_account_id: "${accountId}" },
      expect: {
        ok: true,
        match: { "data[].name": ["exporter-prod"] },
        contains: ['"prefix":"svk_mock_'],
        absent: ['"key":'],
      },
    },
    {
      tool: "scaivault_delete_service_account",
      args: { service_account_id: "${accountId}" },
      expect: { ok: true, match: { deleted: true, api_keys_deleted: 1 } },
    },
  ],
});

/** READ_ONLY: service accounts and keys can be inspected, never created, changed or deleted. */
export const readOnly = scenario({
  id: "service-accounts.read-only",
  title: "READ_ONLY: service account and API key changes are refused",
  profile: { readOnly: true },
  steps: [
    {
      tool: "scaivault_get_service_account",
      args: { service_account_id: "sa:report-runner" },
      expect: { ok: true, match: { name: "report-runner", api_key_count: 1 } },
    },
    {
      tool: "scaivault_list_api_keys",
      args: { service_account_id: "report-runner" },
      expect: { ok: true, match: { "data[].name": ["reporting-prod"] } },
      capture: { keyId: "data[].id" },
    },
    {
      tool: "scaivault_create_service_account",
      args: { name: "sneaky-bot", scopes: ["secrets:read"] },
      expect: { refused: "read_only" },
    },
    {
      tool: "scaivault_update_service_account",
      args: { service_account_id: "report-runner", scopes: ["secrets:read", "secrets:write"] },
      expect: { refused: "read_only" },
    },
    {
      tool: "scaivault_create_api_key",
      args: { service_account_id: "report-runner", name: "extra" },
      expect: { refused: "read_only" },
    },
    {
      tool: "scaivault_delete_api_key",
      args: { service_account_id: "report-runner", key_id: "${keyId}" },
      expect: { refused: "read_only" },
    },
    {
      tool: "scaivault_delete_service_account",
      args: { service_account_id: "report-runner" },
      expect: { refused: "read_only" },
    },
    {
      note: "Nothing changed.",
      tool: "scaivault_get_service_account",
      args: { service_account_id: "sa:report-runner" },
      expect: { ok: true, match: { status: "active", api_key_count: 1, scopes: [["secrets:read", "secrets:list"]] } },
    },
  ],
});
