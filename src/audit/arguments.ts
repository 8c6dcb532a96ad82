/**
 * What an audit line says of a request's arguments: deny by default. Only arguments named in
 * RECORDED are written; any other (a secret's `data`, an engine's `config`, a .env text, a name a
 * new tool adds) is withheld and only its name listed. Inside what is written, a field named like
 * a credential is withheld too, a PEM private key or a URL's password is masked (the guard's
 * masking, src/guard/mask.ts), and long text is cut. The line then passes the outbound redactor.
 */
import { MASK, maskPrivateKeys, maskUrlPassword } from "../guard/mask.js";

/**
 * The arguments of tools, prompts and completions whose values an audit line may carry: paths,
 * ids, names, enums, numbers, flags, time windows, policy rules and metadata (no secret values).
 */
const RECORDED = new Set([
  // Where and whom.
  "path",
  "prefix",
  "path_prefix",
  "paths",
  "secret_paths",
  "tenant_id",
  "identity_id",
  "policy_id",
  "secret_policy_id",
  "service_account_id",
  "key_id",
  "ca_id",
  "certificate_id",
  "account_id",
  "order_id",
  "challenge_id",
  "dns_provider_id",
  "subscription_id",
  "lease_id",
  "engine",
  "role",
  "backend",
  // What.
  "name",
  "description",
  "version",
  "permanent",
  "include_data",
  "include_inactive",
  "include_revoked",
  "include_overdue",
  "active_only",
  "secret_type",
  "policy_type",
  "ca_type",
  "metadata",
  "fields",
  "rules",
  "bindings",
  "permission",
  "context",
  "scopes",
  "status",
  "reason",
  "action",
  "outcome",
  "events",
  "url",
  "email",
  "provider",
  "environment",
  "directory_url",
  "identifiers",
  "challenge_type",
  "common_name",
  "alt_names",
  "ip_sans",
  "hostname",
  "key_type",
  "key_size",
  "validity_days",
  "type",
  "mode",
  "path_mapping",
  "store_at",
  // When and how much.
  "expires_in",
  "max_versions",
  "within",
  "within_hours",
  "interval",
  "grace_period",
  "warn_before",
  "auto_generate",
  "sync_interval",
  "ttl",
  "default_ttl",
  "max_ttl",
  "increment",
  "from",
  "to",
  "start",
  "end",
  "window",
  "limit",
  "cursor",
  // Tool discovery: the query, the tool named (its arguments are filtered as that tool's).
  "query",
]);

/** A nested field named like a credential is withheld wherever it sits (metadata, rules, context). */
const CREDENTIAL_NAME = /pass|secret|token|credential|private|api_?key|^data$|^value$|^config$/i;
/** Longest text an audit line repeats; longer text is cut (it is evidence, not a copy). */
const MAX_TEXT = 256;
const MAX_ITEMS = 50;
const MAX_DEPTH = 6;

export interface AuditedArguments {
  arguments: Record<string, unknown>;
  /** The names of what was given and not written, sorted. */
  withheld?: string[];
}

/**
 * The arguments of a call, as an audit line carries them. `nested` names an argument that holds
 * another tool's arguments (scaivault_call_tool's `arguments`), filtered by the same rules.
 */
export function auditedArguments(given: unknown, nested?: string): AuditedArguments {
  if (!given || typeof given !== "object" || Array.isArray(given)) return { arguments: {} };
  const out: Record<string, unknown> = {};
  const withheld: string[] = [];
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    if (key === nested) {
      const inner = auditedArguments(value);
      out[key] = inner.arguments;
      withheld.push(...(inner.withheld ?? []).map((name) => `${key}.${name}`));
    } else if (RECORDED.has(key)) out[key] = shown(value, 0, `${key}`, withheld);
    else withheld.push(key);
  }
  return withheld.length ? { arguments: out, withheld: withheld.sort() } : { arguments: out };
}

function shown(value: unknown, depth: number, at: string, withheld: string[]): unknown {
  if (typeof value === "string") return text(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return MASK;
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((item) => shown(item, depth + 1, `${at}[]`, withheld));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value).slice(0, MAX_ITEMS)) {
    if (CREDENTIAL_NAME.test(key)) {
      withheld.push(`${at}.${key}`);
      continue;
    }
    Object.defineProperty(out, key, {
      value: shown(item, depth + 1, `${at}.${key}`, withheld),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/**
 * A URL as its scheme and host only: webhook URLs (Slack, Discord, …) carry their secret in the
 * path or the query, and a password may sit in the userinfo.
 */
function urlShown(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return String(maskUrlPassword(value));
  }
  const base = `${url.protocol}//${url.host}`;
  return url.pathname.length > 1 || url.search || url.hash ? `${base}/…` : base;
}

function text(value: string): string {
  const masked = maskPrivateKeys(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? urlShown(value) : value);
  return masked.length > MAX_TEXT ? `${masked.slice(0, MAX_TEXT)}…` : masked;
}
