import { scenario } from "../kit.js";

// Demo ACME data (mock-vault/domains/acme/seed.ts): Let's Encrypt accounts letsencrypt-prod and
// letsencrypt-staging, a valid order for shop.acme.example, a failed http-01 order for intranet.acme.example
// and a pending dns-01 wildcard order. The mock CA refuses names under ".invalid". Clock: 2026-05-17T15:00:00Z.

/** The docs' "Issue an ACME Wildcard Certificate" tutorial, step by step. */
export const wildcardCertificate = scenario({
  id: "acme.wildcard-certificate",
  title: "Issue a wildcard certificate over ACME with dns-01",
  user: "Get a Let's Encrypt wildcard certificate for *.acme.example (staging first).",
  profile: { maskValues: true },
  steps: [
    {
      tool: "scaivault_list_acme_accounts",
      args: {},
      expect: {
        ok: true,
        match: {
          "data[].name": ["letsencrypt-prod", "letsencrypt-staging"],
          "data[].environment": ["production", "staging"],
          "data[].provider": "letsencrypt",
          "data[].status": "valid",
        },
      },
    },
    {
      tool: "scaivault_create_acme_account",
      args: { name: "wildcard-staging", provider: "letsencrypt", environment: "staging", email: "certs@acme.example" },
      expect: {
        ok: true,
        match: {
          name: "wildcard-staging",
          provider: "letsencrypt",
          environment: "staging",
          status: "valid",
          email: "certs@acme.example",
          directory_url: "https://acme-staging-v02.api.letsencrypt.org/directory",
          orders: 0,
        },
        absent: ["PRIVATE KEY", "account_key"],
      },
      capture: { accountId: "id" },
    },
    {
      note: "Wildcards need dns-01: one authorization per name, each with its TXT record to publish.",
      tool: "scaivault_create_acme_order",
      args: { account_id: "${accountId}", identifiers: ["*.acme.example", "acme.example"], challenge_type: "dns-01" },
      expect: {
        ok: true,
        match: {
          status: "pending",
          "identifiers[]": ["*.acme.example", "acme.example"],
          "authorizations[].identifier": ["*.acme.example", "acme.example"],
          "authorizations[].wildcard": [true, false],
          "authorizations[].challenges[].type": "dns-01",
          "authorizations[].challenges[].status": "pending",
          "authorizations[].challenges[].record_name": "_acme-challenge.acme.example",
          "authorizations[].challenges[].record_type": "TXT",
          certificate_id: null,
          error: null,
        },
      },
      capture: { orderId: "id", wildcardChallengeId: "authorizations[].challenges[].id" },
    },
    {
      tool: "scaivault_list_acme_orders",
      args: { account_id: "${accountId}" },
      expect: {
        ok: true,
        match: {
          "data[].status": ["pending"],
          "data[].identifiers[]": ["*.acme.example", "acme.example"],
          "data[].challenge_type": ["dns-01"],
        },
      },
    },
    {
      note: "The TXT record for the wildcard is in place: validate that one challenge.",
      tool: "scaivault_complete_acme_challenge",
      args: { order_id: "${orderId}", challenge_id: "${wildcardChallengeId}" },
      expect: {
        ok: true,
        match: {
          status: "pending",
          "authorizations[].status": ["valid", "pending"],
          "authorizations[].challenges[].validated_at": ["2026-05-17T15:00:00.000Z", null],
        },
      },
    },
    {
      note: "No challenge_id: every challenge still pending is validated; the order turns ready.",
      tool: "scaivault_complete_acme_challenge",
      args: { order_id: "${orderId}" },
      expect: { ok: true, match: { status: "ready", "authorizations[].status": ["valid", "valid"] } },
    },
    {
      note: "Finalize: the certificate comes back with its key, which the agent never sees.",
      tool: "scaivault_request_certificate",
      args: { order_id: "${orderId}" },
      expect: {
        ok: true,
        match: {
          status: "valid",
          "certificate.private_key": "••••••",
          "certificate.not_before": "2026-05-17T15:00:00.000Z",
          "certificate.not_after": "2026-08-15T15:00:00.000Z",
          "status_history[].status": ["pending", "ready", "processing", "valid"],
          error: null,
        },
        contains: ["-----BEGIN CERTIFICATE-----"],
        absent: ["PRIVATE KEY"],
      },
      capture: { certId: "certificate_id" },
    },
    {
      tool: "scaivault_get_certificate",
      args: { certificate_id: "${certId}" },
      expect: {
        ok: true,
        match: {
          source: "acme",
          issuer: "ScaiVault Mock ACME CA",
          common_name: "acme.example",
          "alt_names[]": ["*.acme.example", "acme.example"],
          status: "active",
          days_remaining: 90,
        },
        contains: ["-----BEGIN CERTIFICATE-----"],
        absent: ["PRIVATE KEY"],
      },
    },
    {
      note: "Any single-label subdomain is covered by the wildcard.",
      tool: "scaivault_validate_certificate",
      args: { certificate_id: "${certId}", hostname: "api.acme.example" },
      expect: {
        ok: true,
        match: {
          valid: true,
          hostname_matches: true,
          "certificate.issuer": "CN=ScaiVault Mock ACME CA, O=ScaiVault Mock",
          "chain[].common_name": ["ScaiVault Mock ACME CA"],
        },
      },
    },
    {
      tool: "scaivault_list_acme_orders",
      args: { account_id: "${accountId}", status: "valid" },
      expect: {
        ok: true,
        match: { "data[].status": ["valid"], "data[].identifiers[]": ["*.acme.example", "acme.example"] },
      },
    },
  ],
});

/** request_certificate in one call, the seeded pending order finished, and the failures an agent must explain. */
export const oneCallAndFailures = scenario({
  id: "acme.one-call-and-failures",
  title: "Order-validate-finalize in one call; wildcard over http-01 and failing challenges explained",
  user: "Finish the pending wildcard order, get www.acme.example over http-01, and tell me why intranet failed.",
  profile: { maskValues: true },
  steps: [
    {
      tool: "scaivault_list_acme_accounts",
      args: { provider: "letsencrypt" },
      expect: { ok: true, match: { "data[].name": ["letsencrypt-prod", "letsencrypt-staging"] } },
      capture: { prodId: "data[].id" },
    },
    {
      tool: "scaivault_list_acme_accounts",
      args: { provider: "zerossl" },
      expect: { ok: true, match: { "data[].id": [] } },
    },
    {
      tool: "scaivault_list_acme_orders",
      args: { status: "invalid" },
      expect: {
        ok: true,
        match: {
          "data[].identifiers[]": ["intranet.acme.example"],
          "data[].challenge_type": ["http-01"],
          "data[].error.type": ["urn:ietf:params:acme:error:connection"],
        },
        contains: ["intranet.acme.example:80 is not reachable from the internet"],
      },
    },
    {
      tool: "scaivault_list_acme_orders",
      args: { status: "pending" },
      expect: { ok: true, match: { "data[].identifiers[]": ["*.acme.example", "acme.example"] } },
      capture: { pendingOrderId: "data[].id" },
    },
    {
      note: "Pending challenges are completed first, then the order is finalized.",
      tool: "scaivault_request_certificate",
      args: { order_id: "${pendingOrderId}" },
      expect: {
        ok: true,
        match: {
          status: "valid",
          "authorizations[].status": ["valid", "valid"],
          "certificate.private_key": "••••••",
        },
        contains: ["-----BEGIN CERTIFICATE-----"],
        absent: ["PRIVATE KEY"],
      },
    },
    {
      tool: "scaivault_request_certificate",
      args: { order_id: "${pendingOrderId}" },
      expect: { error: "acme_order_not_ready", contains: ["already finalized"] },
    },
    {
      note: "No order id: order, validate and finalize in one call (production: 90 days).",
      tool: "scaivault_request_certificate",
      args: { account_id: "${prodId}", identifiers: ["www.acme.example"], challenge_type: "http-01" },
      expect: {
        ok: true,
        match: {
          status: "valid",
          "identifiers[]": ["www.acme.example"],
          challenge_type: "http-01",
          "authorizations[].challenges[].type": ["http-01"],
          "authorizations[].challenges[].status": ["valid"],
          "certificate.private_key": "••••••",
          "certificate.not_after": "2026-08-15T15:00:00.000Z",
        },
        contains: ["http://www.acme.example/.well-known/acme-challenge/"],
      },
    },
    {
      tool: "scaivault_create_acme_order",
      args: { account_id: "${prodId}", identifiers: ["*.acme.example"], challenge_type: "http-01" },
      expect: { error: "invalid_request", contains: ["require dns-01"] },
    },
    {
      note: "The mock CA finds no TXT record for names under .invalid: the order turns invalid and says why.",
      tool: "scaivault_create_acme_order",
      args: { account_id: "${prodId}", identifiers: ["shop.invalid"] },
      expect: { ok: true, match: { status: "pending", challenge_type: "dns-01" } },
      capture: { badOrderId: "id" },
    },
    {
      tool: "scaivault_complete_acme_challenge",
      args: { order_id: "${badOrderId}" },
      expect: {
        ok: true,
        match: {
          status: "invalid",
          "error.type": "urn:ietf:params:acme:error:dns",
          "error.detail": "No TXT record found at _acme-challenge.shop.invalid.",
        },
      },
    },
    {
      tool: "scaivault_request_certificate",
      args: { order_id: "${badOrderId}" },
      expect: { error: "acme_order_invalid", contains: ["No TXT record found at _acme-challenge.shop.invalid."] },
    },
    {
      tool: "scaivault_list_acme_orders",
      args: { account_id: "${prodId}" },
      expect: {
        ok: true,
        match: { "data[].status": ["valid", "invalid", "valid", "invalid"] },
      },
    },
  ],
});

export const readOnly = scenario({
  id: "acme.read-only",
  title: "READ_ONLY: ACME listings work, accounts, orders, challenges and certificates are refused",
  user: "Show me our ACME orders, then finish the pending one.",
  profile: { readOnly: true },
  steps: [
    {
      tool: "scaivault_list_acme_accounts",
      args: {},
      expect: { ok: true, match: { "data[].name": ["letsencrypt-prod", "letsencrypt-staging"] } },
      capture: { prodId: "data[].id" },
    },
    {
      tool: "scaivault_list_acme_orders",
      args: { status: "pending" },
      expect: { ok: true, match: { "data[].identifiers[]": ["*.acme.example", "acme.example"] } },
      capture: { orderId: "data[].id", challengeId: "data[].authorizations[].challenges[].id" },
    },
    {
      tool: "scaivault_create_acme_account",
      args: { name: "rogue", provider: "letsencrypt", email: "rogue@acme.example" },
      expect: { refused: "read_only" },
    },
    {
      tool: "scaivault_create_acme_order",
      args: { account_id: "${prodId}", identifiers: ["www.acme.example"] },
      expect: { refused: "read_only" },
    },
    {
      tool: "scaivault_complete_acme_challenge",
      args: { order_id: "${orderId}", challenge_id: "${challengeId}" },
      expect: { refused: "read_only" },
    },
    {
      tool: "scaivault_request_certificate",
      args: { order_id: "${orderId}" },
      expect: { refused: "read_only" },
    },
    {
      note: "Nothing reached the API: the order is still pending, no account was added.",
      tool: "scaivault_list_acme_orders",
      args: { status: "pending" },
      expect: {
        ok: true,
        match: { "data[].authorizations[].challenges[].status": "pending", "data[].certificate_id": [null] },
      },
    },
    {
      tool: "scaivault_list_acme_accounts",
      args: {},
      expect: { ok: true, match: { "data[].name": ["letsencrypt-prod", "letsencrypt-staging"] }, absent: ["rogue"] },
    },
  ],
});
