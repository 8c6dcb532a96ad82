import { group } from "./define.js";

/** The federation tools (declared as data; see define.ts). */
export const federationTools = group("federation", []);
