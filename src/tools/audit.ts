import { group } from "./define.js";

/** The audit tools (declared as data; see define.ts). */
export const auditTools = group("audit", []);
