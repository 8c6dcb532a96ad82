import { group } from "./define.js";

/** The access_policies tools (declared as data; see define.ts). */
export const accessPoliciesTools = group("access_policies", []);
