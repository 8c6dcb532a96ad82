import { scenario } from "../kit.js";

const SEEDED = [
  "sp_db_passwords",
  "sp_stripe_keys",
  "sp_session_keys",
  "sp_webhook_secrets",
  "sp_oauth_clients",
  "sp_deploy_keys",
];

/** Browse the seeded recipes, the policy types, and preview values from a stored policy and from an unsaved recipe. */
export const browseAndPreview = scenario({
  id: "secret-policies.browse-and-preview",
  title: "Browse value-generation recipes and preview what they generate",
  user: "Which recipes do we have for generating secrets, and what would an OAuth client look like?",
  steps: [
    {
      tool: "scaivault_list_secret_policies",
      args: {},
      expect: { ok: true, match: { "data[].id": SEEDED, has_more: false } },
    },
    {
      tool: "scaivault_list_secret_policies",
      args: { policy_type: "custom" },
      expect: {
        ok: true,
        match: { "data[].id": ["sp_session_keys", "sp_webhook_secrets"], "data[].policy_type": "custom" },
      },
    },
    {
      tool: "scaivault_get_secret_policy",
      args: { policy_id: "sp_oauth_clients" },
      expect: {
        ok: true,
        match: {
          policy_type: "oauth_client",
          "fields[].name": ["client_id", "client_secret"],
          "fields[].generator": ["uuid", "random"],
          "fields[].config.length": [40],
          is_active: true,
        },
      },
    },
    {
      tool: "scaivault_get_policy_types",
      args: {},
      expect: {
        ok: true,
        match: { "types[].policy_type": ["password", "api_key", "oauth_client", "ssh_key", "custom"] },
        contains: ["client_secret"],
      },
    },
    {
      tool: "scaivault_generate_secret_preview",
      args: { policy_id: "sp_oauth_clients" },
      expect: {
        ok: true,
        match: { secret_policy_id: "sp_oauth_clients", policy_type: "oauth_client", preview: true },
        contains: ['"client_id":"', '"client_secret":"'],
      },
    },
    {
      tool: "scaivault_generate_secret_preview",
      args: { policy_id: "sp_stripe_keys" },
      expect: {
        ok: true,
        match: { secret_policy_id: "sp_stripe_keys", preview: true },
        contains: ['"key":"sk_test_mock_'],
      },
    },
    {
      note: "An unsaved recipe: nothing is stored, the policy id is null.",
      tool: "scaivault_generate_secret_preview",
      args: { fields: [{ name: "pin", generator: "template", config: { template: "PIN-{{random:6}}" } }] },
      expect: {
        ok: true,
        match: { secret_policy_id: null, policy_type: "custom", preview: true },
        contains: ['"pin":"PIN-'],
      },
    },
    {
      tool: "scaivault_get_secret_policy",
      args: { policy_id: "sp_does_not_exist" },
      expect: { error: "secret_policy_not_found" },
    },
    {
      tool: "scaivault_generate_secret_preview",
      args: {},
      expect: { refused: "invalid_arguments", contains: ["Give exactly one of: policy_id | fields."] },
    },
    {
      tool: "scaivault_generate_secret_preview",
      args: { policy_id: "sp_oauth_clients", fields: [{ name: "x", generator: "uuid" }] },
      expect: { refused: "invalid_arguments", contains: ["Give exactly one of: policy_id | fields."] },
    },
  ],
});

/** Create a recipe, read it back, preview it and find it in the filtered listing. */
export const createAndUse = scenario({
  id: "secret-policies.create-and-use",
  title: "Create a secret policy, then read, preview and list it",
  user: "Add a recipe for the reporting service's API tokens: rpt_mock_ plus 16 random characters.",
  steps: [
    {
      tool: "scaivault_create_secret_policy",
      args: {
        name: "Reporting tokens",
        description: "Tokens for the reporting service",
        policy_type: "api_key",
        fields: [{ name: "token", generator: "template", config: { template: "rpt_mock_{{random:16}}" } }],
      },
      expect: {
        ok: true,
        match: {
          name: "Reporting tokens",
          policy_type: "api_key",
          "fields[].name": ["token"],
          "fields[].generator": ["template"],
          is_active: true,
        },
      },
      capture: { policyId: "id" },
    },
    {
      tool: "scaivault_get_secret_policy",
      args: { policy_id: "${policyId}" },
      expect: {
        ok: true,
        match: {
          name: "Reporting tokens",
          description: "Tokens for the reporting service",
          "fields[].config.template": ["rpt_mock_{{random:16}}"],
        },
      },
    },
    {
      tool: "scaivault_generate_secret_preview",
      args: { policy_id: "${policyId}" },
      expect: { ok: true, match: { policy_type: "api_key", preview: true }, contains: ['"token":"rpt_mock_'] },
    },
    {
      tool: "scaivault_list_secret_policies",
      args: { policy_type: "api_key" },
      expect: { ok: true, match: { "data[].name": ["Stripe-style API keys", "Reporting tokens"] } },
    },
  ],
});

/** MASK_VALUES hides generated preview values; READ_ONLY refuses creating a recipe but previews still run. */
export const maskedPreview = scenario({
  id: "secret-policies.masked-preview",
  title: "MASK_VALUES masks generated previews; READ_ONLY refuses creating a recipe",
  user: "Show me what the Stripe recipe generates (we run masked and read-only).",
  profile: { maskValues: true, readOnly: true },
  steps: [
    {
      tool: "scaivault_generate_secret_preview",
      args: { policy_id: "sp_stripe_keys" },
      expect: {
        ok: true,
        match: { "data.*": "••••••", "data.key": "••••••", secret_policy_id: "sp_stripe_keys", preview: true },
        absent: ["sk_test_mock_"],
      },
    },
    {
      tool: "scaivault_generate_secret_preview",
      args: { policy_id: "sp_oauth_clients" },
      expect: { ok: true, match: { "data.*": ["••••••", "••••••"] } },
    },
    {
      tool: "scaivault_generate_secret_preview",
      args: { fields: [{ name: "pin", generator: "template", config: { template: "PIN-{{random:6}}" } }] },
      expect: { ok: true, match: { "data.pin": "••••••" }, absent: ["PIN-"] },
    },
    {
      note: "The recipe itself is not a secret: its template stays readable.",
      tool: "scaivault_get_secret_policy",
      args: { policy_id: "sp_stripe_keys" },
      expect: { ok: true, match: { "fields[].config.template": ["sk_test_mock_{{random:24}}"] } },
    },
    {
      tool: "scaivault_create_secret_policy",
      args: { name: "Reporting tokens", policy_type: "api_key", fields: [{ name: "token", generator: "uuid" }] },
      expect: { refused: "read_only" },
    },
    { tool: "scaivault_list_secret_policies", args: {}, expect: { ok: true, match: { "data[].id": SEEDED } } },
  ],
});
