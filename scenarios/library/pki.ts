// Scenarios of this area, each `export const name = scenario({...})` (see ../kit.ts and ./secrets.ts).
export {};
