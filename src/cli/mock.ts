import { DEFAULT_NOW, parseClockStart } from "../../mock-vault/demo-time.js";
import { type FetchLike, SIGNAL_APART, URL_INIT } from "../client/http.js";
import { ServerClock } from "../clock.js";
import { type Config, MOCK_ADMIN_TOKEN, MOCK_VAULT_URL } from "../config.js";

/** What `--mock-now` / SCAIVAULT_MOCK_NOW accepts, as a refusal says it. */
export const MOCK_NOW_FORMAT = 'expected an ISO 8601 time with offset (e.g. 2026-05-17T15:00:00Z) or "now"';

/** Whether the mock's clock can start at this value. */
export function isMockClockStart(value: string): boolean {
  return parseClockStart(value) !== undefined;
}

/** What `--mock` puts in place of a remote vault. */
export interface MockSetup {
  /** The settings pointed at the mock: its URL, and its demo admin token unless one was given. */
  config: Config;
  fetch: FetchLike;
  instructions: string;
  clock: ServerClock;
  /** `MCP_OAUTH_ISSUER=mock`: the mock's issuer is reached at this URL (the MCP listener forwards its paths). */
  serveIssuerAt(url: string): Promise<void>;
}

/** `scaivault-mcp --mock`: the in-memory mock vault with demo data plays the remote vault. */
export function setUpMock(config: Config): MockSetup {
  const now = parseClockStart(config.mockNow ?? DEFAULT_NOW) as Date;
  // The mock vault plays the remote vault: like a real one it is first reached by the first
  // tool call, so loading it (MSW, faker, the demo data) stays off the start-up path.
  let mock: Promise<{ fetch: FetchLike; issuer: { serveAt(url: string): void } }> | undefined;
  const vault = () => {
    mock ??= import("../../mock-vault/index.js").then((m) => m.createMockVault({ now }));
    return mock;
  };
  // Once loaded, each request goes straight to the mock's fetch, as (url, init) or a Request
  // with its signal beside it: the mock's fetch takes both (its SIGNAL_APART and URL_INIT marks).
  type MockFetch = (input: string | Request, init?: RequestInit) => Promise<Response>;
  let loaded: MockFetch | undefined;
  const fetch = (input: string | Request, init?: RequestInit) =>
    loaded
      ? loaded(input, init)
      : vault().then((m) => {
          loaded = m.fetch as MockFetch;
          return loaded(input, init);
        });
  return {
    config: { ...config, url: MOCK_VAULT_URL, token: config.token ?? MOCK_ADMIN_TOKEN },
    fetch: Object.assign(fetch, { [SIGNAL_APART]: true as const, [URL_INIT]: true as const }),
    // An agent reads "today" and "around 14:30" by its own calendar; the mock keeps its own time.
    instructions: "This server runs against the ScaiVault mock vault (simulated, with demo data).",
    clock: new ServerClock(now),
    serveIssuerAt: async (url) => (await vault()).issuer.serveAt(url),
  };
}
