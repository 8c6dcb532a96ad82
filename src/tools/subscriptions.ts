import { group } from "./define.js";

/** The subscriptions tools (declared as data; see define.ts). */
export const subscriptionsTools = group("subscriptions", []);
