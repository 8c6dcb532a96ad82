/**
 * The API request being answered, for what happens deep inside it: an event a store emits
 * carries the id of the request that caused it (the envelope's `request_id`) without every
 * store being handed it. Held per async context, so concurrent requests never see each other's.
 */
import { AsyncLocalStorage } from "node:async_hooks";

const scope = new AsyncLocalStorage<string>();

/** Runs `work` as part of the request `requestId`. */
export const inRequest = <T>(requestId: string, work: () => T): T => scope.run(requestId, work);

/** The id of the request being answered; null outside one (clock moves, seeds). */
export const currentRequestId = (): string | null => scope.getStore() ?? null;
