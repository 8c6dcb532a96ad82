import { group } from "./define.js";

/** The rotation tools (declared as data; see define.ts). */
export const rotationTools = group("rotation", []);
