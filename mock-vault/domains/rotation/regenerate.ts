import type { Ids } from "../../core/ids.js";
import type { SecretData } from "../secrets/store.js";

const ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

/**
 * Fresh values of the same shape, for rotating a secret that has no secret policy: every string
 * keeps its length and any `xxx_` prefix; identifiers (keys ending in _id, username, url, host)
 * stay as they are, as a provider rotation would keep them.
 */
export function regenerate(data: SecretData, ids: Ids): SecretData {
  const out: SecretData = {};
  for (const [key, value] of Object.entries(data)) {
    if (typeof value !== "string" || /(_id|^id|user(name)?|url|host|port|region|email)$/i.test(key)) {
      out[key] = value;
      continue;
    }
    const prefix = /^[a-z]{2,6}_/.exec(value)?.[0] ?? "";
    out[key] = prefix + ids.chars(Math.max(16, value.length - prefix.length), ALNUM);
  }
  return out;
}
