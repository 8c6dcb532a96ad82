/**
 * `scaivault-mcp/scenarios`: the scenario library (every scenario, in the order `npm run scenarios`
 * plays them), `scenario()` to declare your own, and the runner that plays them through an MCP client.
 */
import type { Scenario } from "./kit.js";
import * as accessPolicies from "./library/access-policies.js";
import * as acme from "./library/acme.js";
import * as audit from "./library/audit.js";
import * as dynamic from "./library/dynamic.js";
import * as federation from "./library/federation.js";
import * as pki from "./library/pki.js";
import * as rotation from "./library/rotation.js";
import * as secretPolicies from "./library/secret-policies.js";
import * as secrets from "./library/secrets.js";
import * as serviceAccounts from "./library/service-accounts.js";
import * as subscriptions from "./library/subscriptions.js";
import * as workflows from "./library/workflows.js";

const modules = [
  secrets,
  secretPolicies,
  accessPolicies,
  rotation,
  serviceAccounts,
  subscriptions,
  audit,
  pki,
  acme,
  dynamic,
  federation,
  workflows,
];

export const scenarios: readonly Scenario[] = modules.flatMap((m) => Object.values(m) as Scenario[]);

export type { Guardrail, Scenario, ScenarioInput, Step } from "./kit.js";
export { GUARDRAILS, scenario } from "./kit.js";
export type { Coverage, Mode, ScenarioResult, StepResult } from "./runner.js";
export { coverage, formatTranscript, playScenario } from "./runner.js";
