import { group } from "./define.js";

/** The secret_policies tools (declared as data; see define.ts). */
export const secretPoliciesTools = group("secret_policies", []);
