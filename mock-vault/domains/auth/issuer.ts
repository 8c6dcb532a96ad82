/**
 * The mock's OAuth 2.1 authorization server, playing ScaiKey for the MCP server's OAuth mode: it
 * signs access tokens (ES256 JWTs) for its demo clients by the client_credentials grant, publishes
 * its keys (JWKS) and its RFC 8414 metadata, and the tenants trust it (trust relationships seeded by
 * seedIssuerTrust), so POST /v1/auth/exchange turns its tokens into vault tokens of the demo users.
 *
 * Its issuer URL is where a client reaches it: the vault's own origin in-process, the listener of
 * `scaivault-mock`, or the MCP listener of `scaivault-mcp --mock` (which forwards the issuer paths).
 * It signs with the wall clock, not the vault's simulated one: the resource server checks exp and
 * iat against real time, as it would for ScaiKey's tokens.
 */
import { generateKeyPairSync, type KeyObject, randomBytes } from "node:crypto";
import type { Vault } from "../../core/vault.js";
import type { TenantStores } from "../stores.js";

type IssuerVault = Vault<TenantStores>;

/** The scopes the issuer grants, as the MCP server's Protected Resource Metadata names them. */
export const ISSUER_SCOPES = ["scaivault:read", "scaivault:write"] as const;

/** `aud` of a token asked for without a resource indicator (RFC 8707). */
export const DEFAULT_AUDIENCE = "scaivault";

/** How long an access token lives. */
export const ACCESS_TOKEN_TTL_S = 900;

export interface DemoClient {
  clientId: string;
  /** Obviously fake on purpose; never a real-looking key. */
  clientSecret: string;
  /** The `sub` of its tokens: the ScaiKey user the client acts for. */
  subject: string;
  /** The OAuth scopes it may be granted. */
  scopes: readonly string[];
  /** The vault identity the seeded trust maps the subject to, and the vault scopes it grants. */
  identity: string;
  vaultScopes: readonly string[];
}

/** The demo clients: an operator with every vault scope, an auditor who may list and read the audit log only, and a suspended user. */
export const DEMO_CLIENTS: readonly DemoClient[] = [
  {
    clientId: "ops-agent",
    clientSecret: "mock-client-secret-ops",
    subject: "scaikey|usr_ops",
    scopes: ISSUER_SCOPES,
    identity: "user:ops@acme.example",
    vaultScopes: ["admin"],
  },
  {
    clientId: "auditor-agent",
    clientSecret: "mock-client-secret-auditor",
    subject: "scaikey|usr_auditor",
    scopes: ["scaivault:read"],
    identity: "user:auditor@acme.example",
    vaultScopes: ["secrets:list", "audit:read", "policies:read"],
  },
  {
    clientId: "former-agent",
    clientSecret: "mock-client-secret-former",
    subject: "scaikey|usr_former",
    scopes: ISSUER_SCOPES,
    identity: "user:former@acme.example",
    vaultScopes: ["secrets:read", "secrets:list"],
  },
];

/** Ids of the trust relationships seedIssuerTrust adds (one per demo client). */
const TRUST_PREFIX = "trust_mock_issuer_";

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicJwk: Record<string, unknown>;
}

interface IssuerState {
  url: string;
  /** Made on first use (a token or the JWKS): one P-256 key per vault, never persisted. */
  key?: SigningKey;
}

const issuers = new WeakMap<IssuerVault, IssuerState>();

/** The issuer of this vault; at first at the vault's own origin. */
export function issuerOf(vault: IssuerVault): IssuerState {
  let state = issuers.get(vault);
  if (!state) {
    state = { url: vault.baseUrl };
    issuers.set(vault, state);
  }
  return state;
}

function keyOf(vault: IssuerVault): SigningKey {
  const state = issuerOf(vault);
  if (!state.key) {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const kid = `mock-${randomBytes(6).toString("hex")}`;
    state.key = {
      kid,
      privateKey,
      publicKey,
      publicJwk: { ...publicKey.export({ format: "jwk" }), kid, use: "sig", alg: "ES256" },
    };
  }
  return state.key;
}

/** Moves the issuer to the URL clients reach it at, and points the seeded trust relationships at it. */
export function setIssuerUrl(vault: IssuerVault, url: string): void {
  issuerOf(vault).url = url.replace(/\/+$/, "");
  retargetIssuerTrust(vault);
}

/** After a reset or restore: the restored trust relationships name the issuer's current URL again. */
export function retargetIssuerTrust(vault: IssuerVault): void {
  const { url } = issuerOf(vault);
  for (const stores of vault.tenants.values())
    for (const trust of stores.identity.state.trust) if (trust.id.startsWith(TRUST_PREFIX)) trust.issuer = url;
}

/**
 * The demo tenant trusts the issuer: a token of a demo client's subject is exchanged for a vault
 * token of its user. Any audience: the MCP server's resource URL depends on where it listens.
 * Fixed ids only, so it draws nothing from the vault's sequences.
 */
export function seedIssuerTrust(vault: IssuerVault, tenantId: string): void {
  const { url } = issuerOf(vault);
  const identity = vault.tenant(tenantId).identity;
  for (const client of DEMO_CLIENTS)
    identity.addTrust({
      id: `${TRUST_PREFIX}${client.clientId.replace(/-/g, "_")}`,
      name: `mock-issuer-${client.clientId}`,
      issuer: url,
      subject: client.subject,
      audience: null,
      identity_type: "user",
      identity_id: client.identity,
      scopes: [...client.vaultScopes],
      token_ttl_seconds: 3600,
    });
}

/** RFC 8414 authorization server metadata. */
export function issuerMetadata(vault: IssuerVault) {
  const { url } = issuerOf(vault);
  return {
    issuer: url,
    // Required by RFC 8414; it answers that only client_credentials is served here.
    authorization_endpoint: `${url}/oauth/authorize`,
    token_endpoint: `${url}/oauth/token`,
    jwks_uri: `${url}/oauth/jwks`,
    scopes_supported: [...ISSUER_SCOPES],
    response_types_supported: [],
    grant_types_supported: ["client_credentials"],
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
  };
}

export function issuerJwks(vault: IssuerVault) {
  return { keys: [keyOf(vault).publicJwk] };
}

/** Signs an access token for a client. */
export async function signAccessToken(
  vault: IssuerVault,
  claims: { sub: string; aud: string; scope: string; client_id: string },
): Promise<string> {
  const { url } = issuerOf(vault);
  const { kid, privateKey } = keyOf(vault);
  // Loaded here: a vault that issues no token never loads jose.
  const { SignJWT } = await import("jose");
  return new SignJWT({ scope: claims.scope, client_id: claims.client_id })
    .setProtectedHeader({ alg: "ES256", kid, typ: "at+jwt" })
    .setIssuer(url)
    .setSubject(claims.sub)
    .setAudience(claims.aud)
    .setIssuedAt()
    .setExpirationTime(`${ACCESS_TOKEN_TTL_S}s`)
    .setJti(randomBytes(12).toString("hex"))
    .sign(privateKey);
}

/** Whether a token naming this issuer carries its signature (the exchange checks its own issuer's tokens). */
export async function signedByIssuer(vault: IssuerVault, token: string): Promise<boolean> {
  const { compactVerify } = await import("jose");
  try {
    await compactVerify(token, keyOf(vault).publicKey, { algorithms: ["ES256"] });
    return true;
  } catch {
    return false;
  }
}
