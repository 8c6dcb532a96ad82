/**
 * The mock clock's start as the server's CLI and settings read it (src/ imports this file, not
 * the mock: loading index.ts would load MSW and faker before a flag is even checked).
 */
export { DEFAULT_NOW, parseClockStart } from "./core/demo-time.js";
