/** A .env text with every kind of line migrate-from-env meets, and the values it holds (never to be echoed). */
export const ENV = [
  "# service settings",
  "export DATABASE_URL=postgres://app:hunter2-db@db.internal:5432/main",
  'STRIPE_KEY="sk_test_supersecret123"',
  "EMPTY=",
  "MULTI='line one",
  "line two'",
  "not a line",
  "STRIPE_KEY=sk_test_second_value",
  "",
].join("\n");

export const VALUES = ["hunter2-db", "sk_test_supersecret123", "line one", "line two", "sk_test_second_value"];
