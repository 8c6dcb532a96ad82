/**
 * What the vault echoes of a stored engine or backend config: every credential redacted, at any
 * depth (`approle.secret_id` as well as `token`), by key name; passwords inside connection URLs
 * (userinfo or query) and PEM private keys inside any string, whatever the key. Used by the
 * dynamic and federation domains alike.
 */
export const REDACTED = "<redacted>";

/**
 * Key names that hold credentials: the snake_cased key ends in one of these words (`secret_id`,
 * `caPrivateKey`, `root-password`, `private_key_pem`), so `credential_type` or `token_ttl` stay
 * visible. Keys ending in `_path` name a secret, they do not hold it.
 */
const SECRET_WORDS =
  /(?:^|_)(?:pass|password|passwd|passphrase|pwd|secret|token|jwt|credentials?|api_?key|private_key|key_data|role_id|secret_id|sas|service_account_key|secret_access_key|connection_string|dsn)(?:_(?:pem|data|b64|base64|json))?$/;
/** Query parameters of a connection URL that carry a credential. */
const SECRET_PARAM = /pass|pwd|secret|token|api_?key|credential/i;
const PLACEHOLDER = /^\{\{[a-z_]+\}\}$/;
const PRIVATE_KEY_BLOCK =
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----|$)/g;

const snake = (key: string) =>
  key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[-\s.]+/g, "_")
    .toLowerCase();

export function isSecretKey(key: string): boolean {
  const name = snake(key);
  return !name.endsWith("_path") && SECRET_WORDS.test(name);
}

const hide = (value: string) => (value === "" || PLACEHOLDER.test(value) ? value : REDACTED);

/**
 * A connection URL with its literal credentials redacted ({{password}} placeholders stay): the
 * userinfo password (the userinfo ends at the last '@' of the authority) and secret-named query parameters.
 */
export function redactUrl(value: string): string {
  const withUser = value.replace(
    /^((?:[a-z][a-z0-9+.-]*:)+\/\/)([^/?#]*)@/i,
    (all, scheme: string, userinfo: string) => {
      const colon = userinfo.indexOf(":");
      return colon < 0 ? all : `${scheme}${userinfo.slice(0, colon + 1)}${hide(userinfo.slice(colon + 1))}@`;
    },
  );
  return withUser.replace(/([?&;])([^=&#;]*)=([^&#;]*)/g, (all, sep: string, name: string, v: string) =>
    SECRET_PARAM.test(name) ? `${sep}${name}=${hide(v)}` : all,
  );
}

function redactString(value: string): string {
  const url = /^(?:[a-z][a-z0-9+.-]*:)+\/\//i.test(value) ? redactUrl(value) : value;
  return url.includes("PRIVATE KEY") ? url.replace(PRIVATE_KEY_BLOCK, REDACTED) : url;
}

/** A deep copy of `value` with every credential redacted. */
export function redact(value: unknown): unknown {
  if (typeof value === "string") return redactString(value);
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value))
      out[key] = isSecretKey(key) && inner !== null && inner !== "" ? REDACTED : redact(inner);
    return out;
  }
  return value;
}

export function redactConfig(config: Record<string, unknown>): Record<string, unknown> {
  return redact(config) as Record<string, unknown>;
}
