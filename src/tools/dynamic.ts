import { group } from "./define.js";

/** The dynamic tools (declared as data; see define.ts). */
export const dynamicTools = group("dynamic", []);
