import { group } from "./define.js";

/** The service_accounts tools (declared as data; see define.ts). */
export const serviceAccountsTools = group("service_accounts", []);
