/** Secret-policy generators: documented behaviour, determinism from the seeded PRNG, config validation. */
import { createPrivateKey, createPublicKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Clock } from "../../mock-vault/core/clock.js";
import { Ids } from "../../mock-vault/core/ids.js";
import {
  CHARSETS,
  type FieldSpec,
  generate,
  validateFields,
} from "../../mock-vault/domains/secret-policies/generators.js";

const env = (seed = 7) => ({ ids: new Ids(seed), clock: new Clock("2026-05-17T15:00:00Z") });
const one = (field: Omit<FieldSpec, "name">, seed = 7) => generate([{ name: "v", ...field }], env(seed)).v as string;

describe("random", () => {
  it("honours length and charset", () => {
    for (const charset of ["alphanumeric", "alpha", "numeric", "safe", "hex"]) {
      const value = one({ generator: "random", config: { length: 40, charset } });
      expect(value).toHaveLength(40);
      expect(
        [...value].every((c) => CHARSETS[charset]?.includes(c)),
        `${charset}: ${value}`,
      ).toBe(true);
    }
  });

  it("always contains each required class, for many seeds", () => {
    const config = {
      length: 4,
      charset: "safe",
      require_upper: true,
      require_lower: true,
      require_digit: true,
      require_symbol: true,
    };
    for (let seed = 1; seed <= 200; seed++) {
      const value = one({ generator: "random", config }, seed);
      expect(value).toMatch(/[A-Z]/);
      expect(value).toMatch(/[a-z]/);
      expect(value).toMatch(/[0-9]/);
      expect(value).toMatch(/[-_.~]/);
    }
  });

  it("is deterministic per seed and differs across seeds", () => {
    const config = { length: 32, charset: "alphanumeric" };
    expect(one({ generator: "random", config }, 1)).toBe(one({ generator: "random", config }, 1));
    expect(one({ generator: "random", config }, 1)).not.toBe(one({ generator: "random", config }, 2));
  });
});

describe("other generators", () => {
  it("hex, uuid v4/v7, static, template", () => {
    expect(one({ generator: "hex", config: { length: 64 } })).toMatch(/^[0-9a-f]{64}$/);
    expect(one({ generator: "uuid", config: {} })).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const v7 = one({ generator: "uuid", config: { version: 7 } });
    expect(v7).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(v7.replace(/-/g, "").slice(0, 12), 16)).toBe(Date.parse("2026-05-17T15:00:00Z"));
    expect(one({ generator: "static", config: { value: "literal" } })).toBe("literal");
    const t = one({ generator: "template", config: { template: "sk_{{random:8}}.{{hex:4}}.{{uuid}}.{{timestamp}}" } });
    expect(t).toMatch(/^sk_[A-Za-z0-9]{8}\.[0-9a-f]{4}\.[0-9a-f-]{36}\.1779030000$/);
  });

  it("ssh_keypair gives a real ed25519 pair; ec_keypair a real EC pair", () => {
    const ssh = generate(
      [{ name: "private_key", generator: "ssh_keypair", config: { comment: "deploy@acme" } }],
      env(),
    );
    expect(ssh.private_key).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----\n/);
    expect(ssh.public_key).toMatch(/^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI\S+ deploy@acme$/);
    const ec = generate([{ name: "tls", generator: "ec_keypair", config: { curve: "P-384" } }], env());
    const key = createPrivateKey(ec.tls as string);
    expect(key.asymmetricKeyDetails?.namedCurve).toBe("secp384r1");
    expect(createPublicKey(key).export({ format: "pem", type: "spki" })).toBe(ec.tls_public);
  });

  it("bcrypt_hash gives a password and a bcrypt-formatted hash", () => {
    const out = generate([{ name: "password", generator: "bcrypt_hash", config: { length: 20, rounds: 10 } }], env());
    expect(out.password).toHaveLength(20);
    expect(out.password_hash).toMatch(/^\$2b\$10\$[./A-Za-z0-9]{53}$/);
  });
});

describe("validateFields", () => {
  it.each([
    [{ name: "p", generator: "random", config: { length: 0 } }],
    [{ name: "p", generator: "random", config: { charset: "klingon" } }],
    [{ name: "p", generator: "random", config: { charset: "numeric", require_upper: true } }],
    [
      {
        name: "p",
        generator: "random",
        config: { length: 2, require_upper: true, require_lower: true, require_digit: true },
      },
    ],
    [{ name: "p", generator: "uuid", config: { version: 5 } }],
    [{ name: "p", generator: "template", config: { template: "x_{{random}}" } }],
    [{ name: "p", generator: "template", config: { template: "x_{{secret:8}}" } }],
    [{ name: "p", generator: "static", config: {} }],
  ] as [FieldSpec][])("refuses %j with invalid_config", (field) => {
    expect(() => validateFields([field])).toThrow(expect.objectContaining({ code: "invalid_config", status: 400 }));
  });

  it("refuses duplicate field names", () => {
    const f: FieldSpec = { name: "p", generator: "hex", config: {} };
    expect(() => validateFields([f, f])).toThrow(expect.objectContaining({ code: "invalid_config" }));
  });
});
