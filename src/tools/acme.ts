import { group } from "./define.js";

/** The acme tools (declared as data; see define.ts). */
export const acmeTools = group("acme", []);
