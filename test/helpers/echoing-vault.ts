/**
 * A vault that hands the server's own credentials back, one channel at a time: in an error's
 * code, its request id or the X-Request-ID header, in a 200 body's metadata, in a resource
 * listing, in secret paths a completion suggests; plus the channels a credential reaches without
 * the vault (a prompt argument, a notification some code sends, a log line). Each channel says
 * what it planted and returns everything the agent (or the log) received, so a test can check
 * the planted strings are gone, and a control run with redaction switched off that they arrive.
 */
import { LoggingMessageNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { createLogger } from "../../src/log.js";
import { connectRewriting, type Rewrite, type RewritingHarness } from "./rewriting.js";

/** The vault token the server is configured with: the mock accepts it, and it is not shaped like a ScaiVault token. */
export const VAULT_TOKEN = "hostile-test-credential-7f3a9c41d2";
/** MCP_HTTP_TOKEN, with characters that change under JSON, URL and base64 encoding. */
export const HTTP_TOKEN = 'mcp-http "tok/en"+ü=9Xq2&Lm';
/** Credentials of someone else, recognisable by shape alone. */
export const FOREIGN = ["skt_someone_elses_token_0f9e8d7c6b", "Bearer eyJhbGciOiJIUzI1NiJ9.c29tZW9uZQ.c2ln"];

const b64 = (text: string) => Buffer.from(text).toString("base64");
const hex = (text: string) => Buffer.from(text).toString("hex");

/** The server's credentials in the forms a vault might echo them, each searched verbatim in what comes out. */
export const PLANTED = [
  VAULT_TOKEN,
  HTTP_TOKEN,
  encodeURIComponent(HTTP_TOKEN),
  b64(`Authorization: Bearer ${VAULT_TOKEN}`),
  b64(`x${HTTP_TOKEN}`),
  hex(VAULT_TOKEN),
  hex(HTTP_TOKEN).toUpperCase(),
  ...FOREIGN,
];

/** Every planted string inside one JSON value, in the metadata of a secret, say. */
const plantedObject = () => Object.fromEntries(PLANTED.map((p, i) => [`echo_${i}`, p]));

export interface Received {
  /** Everything the agent (or the log) got, as strings: the answer as JSON and every string in it. */
  haystack: string[];
}

export interface Channel {
  name: string;
  /** Planted strings this channel can carry (some carry only what a code or an id can hold). */
  planted: string[];
  run(open: OpenEchoing): Promise<Received>;
}

export type OpenEchoing = (rewrite: Rewrite, profile?: Record<string, unknown>) => Promise<EchoingHarness>;
export type EchoingHarness = RewritingHarness & { logs: string[] };

/** Opens a rewriting vault whose server holds VAULT_TOKEN and HTTP_TOKEN, with its log captured. */
export const openEchoing: OpenEchoing = async (rewrite, profile = {}) => {
  const logs: string[] = [];
  const h = await connectRewriting(
    rewrite,
    { token: VAULT_TOKEN, httpToken: HTTP_TOKEN, ...profile },
    createLogger((line) => logs.push(line)),
  );
  const admin = h.mock.state.tokens.get(h.mock.tokens.admin);
  if (!admin) throw new Error("the mock has no admin token");
  h.mock.state.addToken({ ...admin, token: VAULT_TOKEN });
  return Object.assign(h, { logs });
};

const SECRET = "/v1/secrets/integrations/stripe/api-key";
const errorBody = (status: number, error: Record<string, unknown>, headers: Record<string, string> = {}) =>
  Response.json({ error }, { status, headers });

function strings(value: unknown): string[] {
  const out: string[] = [JSON.stringify(value) ?? ""];
  const stack = [value];
  while (stack.length) {
    const node = stack.pop();
    if (typeof node === "string") out.push(node);
    else if (node && typeof node === "object")
      for (const [k, v] of Object.entries(node)) {
        out.push(k);
        stack.push(v);
      }
  }
  return out;
}

async function withHarness(
  open: OpenEchoing,
  rewrite: Rewrite,
  profile: Record<string, unknown>,
  use: (h: EchoingHarness) => Promise<unknown>,
): Promise<Received> {
  const h = await open(rewrite, profile);
  try {
    const got = await use(h).catch((error: Error & { data?: unknown }) => ({ error: error.message, data: error.data }));
    return { haystack: [...strings(got), ...h.logs] };
  } finally {
    await h.close();
  }
}

const readSecret = (h: EchoingHarness) => h.call("scaivault_read_secret", { path: "integrations/stripe/api-key" });
const readResource = (h: EchoingHarness) =>
  h.client.readResource({ uri: "scaivault://secrets/tnt_acme_prod/integrations/stripe/api-key" });
const onSecret =
  (answer: (body: any) => unknown): Rewrite =>
  (path, method, body) =>
    method === "GET" && path === SECRET ? answer(body) : body;

export const CHANNELS: Channel[] = [
  {
    name: "tool result: text and structuredContent (a 200 body's metadata), masking off",
    planted: PLANTED,
    run: (open) =>
      withHarness(
        open,
        onSecret((body) => ({ ...body, metadata: plantedObject() })),
        {},
        readSecret,
      ),
  },
  {
    name: "tool result, masking on (metadata stays visible under MASK_VALUES)",
    planted: PLANTED,
    run: (open) =>
      withHarness(
        open,
        onSecret((body) => ({ ...body, metadata: plantedObject() })),
        { maskValues: true },
        readSecret,
      ),
  },
  {
    name: "tool error: the vault's error code (text and _meta), and the log",
    planted: [VAULT_TOKEN],
    run: (open) =>
      withHarness(
        open,
        onSecret(() => errorBody(403, { code: VAULT_TOKEN, message: "denied" })),
        {},
        readSecret,
      ),
  },
  {
    name: "tool error: request_id in the error body",
    planted: [VAULT_TOKEN],
    run: (open) =>
      withHarness(
        open,
        onSecret(() => errorBody(500, { code: "internal_error", message: "x", request_id: VAULT_TOKEN })),
        {},
        readSecret,
      ),
  },
  {
    name: "tool error: the X-Request-ID header",
    planted: [VAULT_TOKEN],
    run: (open) =>
      withHarness(
        open,
        onSecret(() => errorBody(502, { message: "bad gateway" }, { "X-Request-ID": VAULT_TOKEN })),
        {},
        readSecret,
      ),
  },
  {
    name: "tool error: the error message",
    planted: PLANTED,
    run: (open) =>
      withHarness(
        open,
        onSecret(() => errorBody(400, { code: "invalid_request", message: `rejected ${PLANTED.join(" ; ")}` })),
        {},
        readSecret,
      ),
  },
  {
    name: "resource read: contents",
    planted: PLANTED,
    run: (open) =>
      withHarness(
        open,
        onSecret((body) => ({ ...body, metadata: plantedObject() })),
        {},
        readResource,
      ),
  },
  {
    name: "resource read: error",
    planted: [VAULT_TOKEN],
    run: (open) =>
      withHarness(
        open,
        onSecret(() => errorBody(403, { code: VAULT_TOKEN, message: `no ${VAULT_TOKEN}` })),
        {},
        readResource,
      ),
  },
  {
    name: "resource list: descriptions from secret metadata",
    planted: PLANTED,
    run: (open) =>
      withHarness(
        open,
        (path, method, body) =>
          method === "GET" && path === "/v1/secrets"
            ? { ...body, data: body.data.map((s: object) => ({ ...s, metadata: { description: PLANTED.join(" ") } })) }
            : body,
        {},
        (h) => h.client.listResources(),
      ),
  },
  {
    name: "completion: secret paths a vault lists",
    planted: [VAULT_TOKEN],
    run: (open) =>
      withHarness(
        open,
        (path, method, body) =>
          method === "GET" && path === "/v1/secrets"
            ? { ...body, data: [{ ...body.data[0], path: `apps/${VAULT_TOKEN}` }], has_more: false, cursor: null }
            : body,
        {},
        (h) =>
          h.client.complete({
            ref: { type: "ref/resource", uri: "scaivault://secrets/{tenant}/{+path}" },
            argument: { name: "path", value: "apps/" },
          }),
      ),
  },
  {
    name: "prompt text: a .env that holds the server's own tokens",
    planted: [VAULT_TOKEN, FOREIGN[0] as string],
    run: (open) =>
      withHarness(
        open,
        (_p, _m, body) => body,
        {},
        (h) =>
          h.client.getPrompt({
            name: "migrate-from-env",
            arguments: { env: `SCAIVAULT_TOKEN=${VAULT_TOKEN}\nOTHER=${FOREIGN[0]}\n`, prefix: "apps/env" },
          }),
      ),
  },
  {
    name: "notification: a log message some code path sends to the client",
    planted: PLANTED,
    run: (open) =>
      withHarness(
        open,
        (_p, _m, body) => body,
        {},
        async (h) => {
          const received: unknown[] = [];
          h.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
            received.push(n.params);
          });
          await h.parts.server.server.sendLoggingMessage({ level: "warning", data: { echoed: PLANTED } });
          // The in-memory transport delivers on the next turn.
          for (let i = 0; i < 5 && received.length === 0; i++) await new Promise((r) => setImmediate(r));
          if (received.length === 0) throw new Error("the notification never arrived");
          return received;
        },
      ),
  },
  {
    name: "log line: a tool failure the server logs (code, request id)",
    planted: [VAULT_TOKEN, FOREIGN[0] as string],
    run: (open) =>
      withHarness(
        open,
        onSecret(() => errorBody(500, { code: VAULT_TOKEN, message: "x", request_id: FOREIGN[0] })),
        {},
        async (h) => {
          await readSecret(h);
          return h.logs;
        },
      ),
  },
];

/** The planted strings found in what a channel received, raw or JSON-escaped. */
export function foundIn(received: Received, planted: readonly string[]): string[] {
  return planted.filter((p) => {
    const escaped = JSON.stringify(p).slice(1, -1);
    return received.haystack.some((h) => h.includes(p) || h.includes(escaped));
  });
}
