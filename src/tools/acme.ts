import { z } from "zod";
import { VaultError } from "../client/errors.js";
import type { VaultClient } from "../client/index.js";
import {
  AcmeAccount,
  AcmeAccountList,
  AcmeFinalized,
  AcmeOrder,
  AcmeOrderList,
  AcmeProvider,
  ChallengeType,
  OrderStatus,
} from "../client/schemas/acme.js";
import { reportProgress } from "../request-scope.js";
import { group, tool } from "./define.js";
import { Cursor, Limit } from "./schemas.js";

const OrderId = z.string().min(1).max(64).describe("ACME order id (acme_ord_…)");
const AccountId = z.string().min(1).max(64).describe("ACME account id (acme_acct_…)");
const Identifiers = z
  .array(z.string().min(1).max(253))
  .min(1)
  .max(100)
  .describe('DNS names, e.g. ["*.acme.example", "acme.example"]');
/** Completes every pending challenge of an order (each call validates one); returns the order afterwards. */
async function completeAll(client: VaultClient, order: AcmeOrder, signal: AbortSignal): Promise<AcmeOrder> {
  let current = order;
  for (const authz of order.authorizations)
    for (const challenge of authz.challenges)
      if (challenge.status === "pending" && current.status === "pending") {
        reportProgress(`validating the ${challenge.type} challenge of ${authz.identifier}`);
        current = await client.acme.completeChallenge(order.id, challenge.id, signal);
      }
  return current;
}

/** The order's own failure, in words, rather than finalize's generic "not ready". */
function failIfInvalid(order: AcmeOrder): void {
  if (order.status === "invalid")
    throw new VaultError(
      `ACME order ${order.id} is invalid: ${order.error?.detail ?? "a challenge failed"}`,
      "acme_order_invalid",
    );
}

/** The acme tools (declared as data; see define.ts). */
export const acmeTools = group("acme", [
  tool({
    name: "scaivault_list_acme_accounts",
    title: "List ACME accounts",
    description:
      "List the ACME accounts ScaiVault holds at CAs such as Let's Encrypt: provider, environment, email, status.",
    access: "read",
    scopes: ["pki:read"],
    secretFields: ["data[].account_key", "data[].private_key"],
    input: { provider: AcmeProvider.optional(), limit: Limit, cursor: Cursor },
    output: AcmeAccountList.shape,
    run: (client, args, signal) => client.acme.listAccounts(args, signal),
  }),

  tool({
    name: "scaivault_create_acme_account",
    title: "Create ACME account",
    description:
      "Register an ACME account (letsencrypt, zerossl, buypass, google, or custom with directory_url). Try staging first. The account key stays in ScaiVault.",
    access: "write",
    scopes: ["pki:admin"],
    // The docs say the account key is never returned; masked anyway should a server ever echo it.
    secretFields: ["account_key"],
    input: {
      name: z.string().min(1).max(64),
      provider: AcmeProvider,
      environment: z.enum(["production", "staging"]).optional().describe("Default production"),
      email: z.string().max(254).describe("Contact for expiry notices"),
      directory_url: z.string().max(2048).optional().describe("Only for provider custom"),
    },
    output: AcmeAccount.shape,
    run: (client, args, signal) => client.acme.createAccount(args, signal),
  }),

  tool({
    name: "scaivault_list_acme_orders",
    title: "List ACME orders",
    description:
      "List ACME orders with status (pending, ready, processing, valid, invalid), identifiers, challenges and certificate_id.",
    access: "read",
    scopes: ["pki:read"],
    secretFields: ["data[].certificate.private_key", "data[].private_key"],
    input: { account_id: AccountId.optional(), status: OrderStatus.optional(), limit: Limit, cursor: Cursor },
    output: AcmeOrderList.shape,
    run: (client, args, signal) => client.acme.listOrders(args, signal),
  }),

  tool({
    name: "scaivault_create_acme_order",
    title: "Create ACME order",
    description:
      "Start an ACME order for DNS names. Each name gets one challenge (dns-01 by default and required for wildcards, or http-01) to complete next.",
    access: "write",
    scopes: ["pki:issue"],
    input: {
      account_id: AccountId,
      identifiers: Identifiers,
      challenge_type: ChallengeType.optional(),
      dns_provider_id: z.string().max(64).optional().describe("DNS provider for dns-01 records"),
    },
    output: AcmeOrder.shape,
    run: (client, args, signal) => client.acme.createOrder(args, signal),
  }),

  tool({
    name: "scaivault_complete_acme_challenge",
    title: "Complete ACME challenge",
    description:
      "Have the CA validate a challenge (challenge_id, or all pending ones of the order when omitted). Order turns ready when all pass, invalid if one fails.",
    access: "write",
    scopes: ["pki:read", "pki:issue"],
    input: { order_id: OrderId, challenge_id: z.string().min(1).max(64).optional() },
    output: AcmeOrder.shape,
    run: async (client, { order_id, challenge_id }, signal) => {
      if (challenge_id) return client.acme.completeChallenge(order_id, challenge_id, signal);
      return completeAll(client, await client.acme.getOrder(order_id, signal), signal);
    },
  }),

  tool({
    name: "scaivault_request_certificate",
    title: "Request ACME certificate",
    description:
      "Finalize ACME order_id (pending challenges completed first), or give account_id+identifiers to order, validate and finalize in one call. Returns the key once.",
    access: "write",
    scopes: ["pki:read", "pki:issue"],
    exactlyOne: [{ args: ["order_id"] }, { args: ["account_id", "identifiers"], optional: ["challenge_type"] }],
    // The key is shown once, inside certificate; a server that also puts it at the top is masked too.
    secretFields: ["certificate.private_key", "private_key"],
    oneTime: {
      what: "a certificate and its private key",
      data: {
        certificate: "certificate.certificate",
        private_key: "certificate.private_key",
        ca_chain: "certificate.ca_chain",
      },
      metadata: {
        order_id: "id",
        certificate_id: "certificate.id",
        serial_number: "certificate.serial_number",
        not_after: "certificate.not_after",
      },
      secretType: "certificate",
      undo: { tool: "scaivault_revoke_certificate", args: { certificate_id: "certificate.id" } },
    },
    input: {
      order_id: OrderId.optional(),
      account_id: AccountId.optional().describe("With identifiers: new order"),
      identifiers: Identifiers.optional(),
      challenge_type: ChallengeType.optional(),
    },
    output: AcmeFinalized.shape,
    run: async (client, { order_id, account_id, identifiers, challenge_type }, signal) => {
      let order: AcmeOrder;
      if (order_id) order = await client.acme.getOrder(order_id, signal);
      // exactlyOne: validation lets through order_id, or account_id with identifiers.
      else
        order = await client.acme.createOrder(
          { account_id: account_id as string, identifiers: identifiers as string[], challenge_type },
          signal,
        );
      if (order.status === "pending") order = await completeAll(client, order, signal);
      failIfInvalid(order);
      reportProgress(`finalizing ACME order ${order.id}`);
      return client.acme.finalizeOrder(order.id, signal);
    },
  }),
]);
