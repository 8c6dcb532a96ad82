import { DEMO } from "../../core/demo.js";
import type { MockVault } from "../stores.js";

const DAY = 86_400_000;

/**
 * Demo ACME data of tnt_acme_prod: Let's Encrypt production and staging accounts, a finalized
 * order (its certificate expires in 15 days), a pending wildcard order waiting on dns-01 and an
 * order whose http-01 challenge failed. Synchronous; the certificate is signed lazily.
 */
export function seedAcme(vault: MockVault): void {
  const acme = vault.tenant(DEMO.tenantId).acme;
  const now = vault.clock.nowMs();
  const at = <T>(msAgo: number, fn: (iso: string) => T): T => {
    vault.clock.set(now - msAgo);
    return fn(vault.clock.iso());
  };
  const actor = "user:ops@acme.example";
  const account = (name: string, environment: "production" | "staging") =>
    at(120 * DAY, (iso) =>
      acme.createAccount({ name, provider: "letsencrypt", environment, email: "certs@acme.example" }, actor, iso),
    );
  const prod = account("letsencrypt-prod", "production");
  const staging = account("letsencrypt-staging", "staging");
  at(75 * DAY, (iso) => acme.seedValidOrder(prod.id, ["shop.acme.example"], iso));
  at(2 * DAY, (iso) =>
    acme.seedFailedOrder(
      prod.id,
      ["intranet.acme.example"],
      "http-01",
      iso,
      "Connection refused: intranet.acme.example:80 is not reachable from the internet.",
    ),
  );
  at(3_600_000, (iso) =>
    acme.createOrder(
      { account_id: staging.id, identifiers: ["*.acme.example", "acme.example"], challenge_type: "dns-01" },
      actor,
      iso,
    ),
  );
  vault.clock.set(now);
}
