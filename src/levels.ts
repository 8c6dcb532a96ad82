/**
 * Log levels, from the most to the least severe; a logger set to one level writes it and those
 * before it. A module of its own so config.ts can name them without importing the logger (which
 * imports the redactor, which imports config.ts: a cycle that left this list undefined).
 */
export const LEVELS = ["error", "warn", "info", "debug"] as const;
export type Level = (typeof LEVELS)[number];
