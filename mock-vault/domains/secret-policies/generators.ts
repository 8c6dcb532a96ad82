/**
 * The value generators of secret policies (reference/secret-policies). Every random byte comes
 * from the vault's seeded PRNG (`Ids`), so the same seed generates the same values.
 * Key pairs: ed25519 (ssh_keypair) and EC keys are real keys derived from seeded bytes; RSA keys
 * and bcrypt hashes are simplified stand-ins in the right format (labelled MOCK / not verifiable).
 */
import { createPrivateKey, createPublicKey } from "node:crypto";
import { z } from "zod";
import type { Clock } from "../../core/clock.js";
import { badRequest } from "../../core/errors.js";
import type { Ids } from "../../core/ids.js";

export const GENERATORS = [
  "random",
  "hex",
  "uuid",
  "template",
  "rsa_keypair",
  "ec_keypair",
  "ssh_keypair",
  "bcrypt_hash",
  "static",
] as const;
export type Generator = (typeof GENERATORS)[number];

export interface FieldSpec {
  name: string;
  generator: Generator;
  config: Record<string, unknown>;
}

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";

/**
 * Named charsets. alphanumeric/alpha/numeric are documented; the docs use `safe` without
 * defining it: here it is alphanumeric plus the RFC 3986 unreserved symbols "-_.~", which need no
 * quoting in URLs, shells or connection strings.
 */
export const CHARSETS: Record<string, string> = {
  alphanumeric: UPPER + LOWER + DIGITS,
  alpha: UPPER + LOWER,
  numeric: DIGITS,
  lowercase: LOWER,
  uppercase: UPPER,
  hex: "0123456789abcdef",
  safe: `${UPPER}${LOWER}${DIGITS}-_.~`,
  symbols: `${UPPER}${LOWER}${DIGITS}!@#$%^&*()-_=+[]{};:,.<>?~`,
};

const Length = z.number().int().min(1).max(4096);
const CONFIGS: Record<Generator, z.ZodType<Record<string, unknown>>> = {
  random: z.object({
    length: Length.optional(),
    charset: z.enum(Object.keys(CHARSETS) as [string, ...string[]]).optional(),
    require_upper: z.boolean().optional(),
    require_lower: z.boolean().optional(),
    require_digit: z.boolean().optional(),
    require_symbol: z.boolean().optional(),
  }),
  hex: z.object({ length: Length.optional() }),
  uuid: z.object({ version: z.union([z.literal(4), z.literal(7)]).optional() }),
  template: z.object({ template: z.string().min(1).max(1024) }),
  rsa_keypair: z.object({ bits: z.union([z.literal(2048), z.literal(4096)]).optional() }),
  ec_keypair: z.object({ curve: z.enum(["P-256", "P-384"]).optional() }),
  ssh_keypair: z.object({ key_type: z.enum(["ed25519", "rsa"]).optional(), comment: z.string().max(256).optional() }),
  bcrypt_hash: z.object({ length: Length.optional(), rounds: z.number().int().min(4).max(16).optional() }),
  static: z.object({ value: z.string().max(4096) }),
};

const PLACEHOLDER = /\{\{\s*([a-z]+)(?::(\d+))?\s*\}\}/g;
const TEMPLATE_KEYS = new Set(["random", "hex", "uuid", "timestamp"]);

/** Checks a recipe without generating anything: 400 invalid_config with the field named. */
export function validateFields(fields: readonly FieldSpec[]): void {
  const names = new Set<string>();
  for (const field of fields) {
    if (names.has(field.name))
      throw badRequest("invalid_config", `Field '${field.name}' is declared twice.`, { field: field.name });
    names.add(field.name);
    const parsed = CONFIGS[field.generator].safeParse(field.config ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw badRequest(
        "invalid_config",
        `Field '${field.name}' (${field.generator}): ${issue?.path.join(".") || "config"} ${issue?.message ?? "is invalid"}.`,
        { field: field.name, generator: field.generator },
      );
    }
    const config = parsed.data;
    if (field.generator === "random") randomPlan(field.name, config);
    if (field.generator === "template") {
      const template = config.template as string;
      for (const m of template.matchAll(/\{\{([^}]*)\}\}/g)) {
        const inner = /^\s*([a-z]+)(?::(\d+))?\s*$/.exec(m[1] as string);
        const key = inner?.[1];
        const n = inner?.[2] === undefined ? undefined : Number(inner[2]);
        const needsN = key === "random" || key === "hex";
        if (!key || !TEMPLATE_KEYS.has(key) || needsN !== (n !== undefined) || (n !== undefined && (n < 1 || n > 4096)))
          throw badRequest("invalid_config", `Field '${field.name}': unknown or malformed placeholder '${m[0]}'.`, {
            field: field.name,
          });
      }
    }
  }
}

/** The character classes a random field must contain, checked against its charset. */
function randomPlan(name: string, config: Record<string, unknown>) {
  const charset = CHARSETS[(config.charset as string | undefined) ?? "alphanumeric"] as string;
  const length = (config.length as number | undefined) ?? 32;
  const classes: string[] = [];
  const want = (flag: string, test: (c: string) => boolean, label: string) => {
    if (!config[flag]) return;
    const subset = [...charset].filter(test).join("");
    if (!subset)
      throw badRequest("invalid_config", `Field '${name}': ${flag} but charset '${config.charset}' has no ${label}.`, {
        field: name,
      });
    classes.push(subset);
  };
  want("require_upper", (c) => UPPER.includes(c), "upper-case letters");
  want("require_lower", (c) => LOWER.includes(c), "lower-case letters");
  want("require_digit", (c) => DIGITS.includes(c), "digits");
  want("require_symbol", (c) => !UPPER.includes(c) && !LOWER.includes(c) && !DIGITS.includes(c), "symbols");
  if (classes.length > length)
    throw badRequest("invalid_config", `Field '${name}': length ${length} is shorter than the required classes.`, {
      field: name,
    });
  return { charset, length, classes };
}

export interface GenEnv {
  ids: Ids;
  clock: Clock;
}

/** Runs a recipe: field name -> generated value (key pairs and bcrypt add a companion field). */
export function generate(fields: readonly FieldSpec[], env: GenEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of fields) {
    const config = CONFIGS[field.generator].parse(field.config ?? {});
    Object.assign(out, generateField(field.name, field.generator, config, env));
  }
  return out;
}

function publicName(name: string): string {
  return name.endsWith("private_key") ? name.replace(/private_key$/, "public_key") : `${name}_public`;
}

function generateField(
  name: string,
  generator: Generator,
  config: Record<string, unknown>,
  env: GenEnv,
): Record<string, string> {
  const { ids } = env;
  switch (generator) {
    case "random":
      return { [name]: randomString(randomPlan(name, config), ids) };
    case "hex":
      return { [name]: ids.chars((config.length as number | undefined) ?? 32, "0123456789abcdef") };
    case "uuid":
      return { [name]: config.version === 7 ? uuid7(env) : uuid4(ids) };
    case "template":
      return { [name]: fillTemplate(config.template as string, env) };
    case "static":
      return { [name]: config.value as string };
    case "rsa_keypair":
      return mockRsa(name, (config.bits as number | undefined) ?? 2048, ids);
    case "ec_keypair":
      return ecKeyPair(name, (config.curve as string | undefined) ?? "P-256", ids);
    case "ssh_keypair":
      return (config.key_type ?? "ed25519") === "ed25519"
        ? sshEd25519(name, (config.comment as string | undefined) ?? "scaivault-generated", ids)
        : mockRsa(name, 3072, ids);
    case "bcrypt_hash":
      return mockBcrypt(
        name,
        (config.length as number | undefined) ?? 24,
        (config.rounds as number | undefined) ?? 12,
        ids,
      );
  }
}

function randomString(plan: { charset: string; length: number; classes: string[] }, ids: Ids): string {
  const chars = [...ids.chars(plan.length, plan.charset)];
  // Put one character of each required class at distinct random positions.
  const positions = [...chars.keys()];
  for (let i = 0; i < plan.classes.length; i++) {
    const j = i + Math.floor(ids.random() * (positions.length - i));
    [positions[i], positions[j]] = [positions[j] as number, positions[i] as number];
    chars[positions[i] as number] = ids.chars(1, plan.classes[i]);
  }
  return chars.join("");
}

function uuid4(ids: Ids): string {
  const h = [...ids.hex(16)];
  h[12] = "4";
  h[16] = "89ab"[Math.floor(ids.random() * 4)] as string;
  const s = h.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

function uuid7(env: GenEnv): string {
  const ms = env.clock.nowMs().toString(16).padStart(12, "0").slice(-12);
  const rest = [...uuid4(env.ids).replace(/-/g, "").slice(12)];
  rest[0] = "7";
  const s = ms + rest.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

function fillTemplate(template: string, env: GenEnv): string {
  return template.replace(PLACEHOLDER, (_m, key: string, n?: string) => {
    if (key === "random") return env.ids.chars(Number(n), CHARSETS.alphanumeric);
    if (key === "hex") return env.ids.chars(Number(n), "0123456789abcdef");
    if (key === "uuid") return uuid4(env.ids);
    return String(Math.floor(env.clock.nowMs() / 1000));
  });
}

function bytes(ids: Ids, n: number): Buffer {
  return Buffer.from(ids.hex(n), "hex");
}

function pem(label: string, der: Buffer): string {
  const body = der.toString("base64").replace(/.{1,64}/g, "$&\n");
  return `-----BEGIN ${label}-----\n${body}-----END ${label}-----\n`;
}

/** A real EC key from a seeded scalar (SEC1 without the public point; OpenSSL derives it). */
function ecKeyPair(name: string, curve: string, ids: Ids): Record<string, string> {
  const p384 = curve === "P-384";
  const scalar = bytes(ids, p384 ? 48 : 32);
  scalar[0] = ((scalar[0] as number) & 0x7f) | 0x01; // below the curve order, never zero
  const oid = Buffer.from(p384 ? "06052b81040022" : "06082a8648ce3d030107", "hex");
  const inner = Buffer.concat([
    Buffer.from([0x02, 0x01, 0x01, 0x04, scalar.length]),
    scalar,
    Buffer.from([0xa0, oid.length]),
    oid,
  ]);
  const sec1 = Buffer.concat([Buffer.from([0x30, inner.length]), inner]);
  const key = createPrivateKey({ key: sec1, format: "der", type: "sec1" });
  return {
    [name]: key.export({ format: "pem", type: "pkcs8" }) as string,
    [publicName(name)]: createPublicKey(key).export({ format: "pem", type: "spki" }) as string,
  };
}

function sshString(data: Buffer | string): Buffer {
  const buf = typeof data === "string" ? Buffer.from(data) : data;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(buf.length);
  return Buffer.concat([len, buf]);
}

/** A real ed25519 key pair from a seeded 32-byte seed, in OpenSSH formats. */
function sshEd25519(name: string, comment: string, ids: Ids): Record<string, string> {
  const seed = bytes(ids, 32);
  const key = createPrivateKey({
    key: Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]),
    format: "der",
    type: "pkcs8",
  });
  const pub = (createPublicKey(key).export({ format: "der", type: "spki" }) as Buffer).subarray(-32);
  const pubBlob = Buffer.concat([sshString("ssh-ed25519"), sshString(pub)]);
  const check = bytes(ids, 4);
  let priv = Buffer.concat([
    check,
    check,
    sshString("ssh-ed25519"),
    sshString(pub),
    sshString(Buffer.concat([seed, pub])),
    sshString(comment),
  ]);
  const pad = (8 - (priv.length % 8)) % 8;
  priv = Buffer.concat([priv, Buffer.from(Array.from({ length: pad }, (_, i) => i + 1))]);
  const blob = Buffer.concat([
    Buffer.from("openssh-key-v1\0"),
    sshString("none"),
    sshString("none"),
    sshString(""),
    Buffer.from([0, 0, 0, 1]),
    sshString(pubBlob),
    sshString(priv),
  ]);
  const body = blob.toString("base64").replace(/.{1,70}/g, "$&\n");
  return {
    [name]: `-----BEGIN OPENSSH PRIVATE KEY-----\n${body}-----END OPENSSH PRIVATE KEY-----\n`,
    [publicName(name)]: `ssh-ed25519 ${pubBlob.toString("base64")} ${comment}`,
  };
}

/** Simplified: PEM-shaped, clearly labelled blocks of seeded bytes (deterministic RSA prime search is too slow for a mock). */
function mockRsa(name: string, bits: number, ids: Ids): Record<string, string> {
  return {
    [name]: pem("MOCK RSA PRIVATE KEY", bytes(ids, Math.round(bits / 8) * 4 + 64)),
    [publicName(name)]: pem("MOCK RSA PUBLIC KEY", bytes(ids, Math.round(bits / 8) + 32)),
  };
}

const BCRYPT_ALPHABET = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Simplified: a random password and a bcrypt-formatted hash string (format only; it does not verify). */
function mockBcrypt(name: string, length: number, rounds: number, ids: Ids): Record<string, string> {
  const password = ids.chars(length, CHARSETS.alphanumeric);
  const hash = `$2b$${String(rounds).padStart(2, "0")}$${ids.chars(53, BCRYPT_ALPHABET)}`;
  return { [name]: password, [`${name}_hash`]: hash };
}

export const POLICY_TYPES = [
  { policy_type: "password", typical_fields: ["password"], description: "Database users, service passwords" },
  {
    policy_type: "api_key",
    typical_fields: ["api_key", "api_secret"],
    description: "API tokens (api_secret optional)",
  },
  { policy_type: "oauth_client", typical_fields: ["client_id", "client_secret"], description: "OAuth credentials" },
  { policy_type: "ssh_key", typical_fields: ["private_key", "public_key"], description: "SSH key pairs" },
  { policy_type: "custom", typical_fields: [], description: "Whatever you define" },
] as const;
export const POLICY_TYPE_NAMES = POLICY_TYPES.map((t) => t.policy_type) as unknown as readonly [
  "password",
  "api_key",
  "oauth_client",
  "ssh_key",
  "custom",
];
