import { group } from "./define.js";

/** The pki tools (declared as data; see define.ts). */
export const pkiTools = group("pki", []);
