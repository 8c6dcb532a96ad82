/**
 * The load test's MCP client: Streamable HTTP spoken directly (JSON-RPC POSTs over keep-alive
 * node:http connections, answers parsed with JSON.parse), as a stateless server answers them.
 * The SDK's Client validates every message and result with zod schemas and goes through fetch:
 * as a load generator it cost 1.5-1.8 ms of CPU per call, on the same two cores as the replicas
 * it measures. Each client still initializes its own MCP session first, as a host would.
 */
import { Agent, request } from "node:http";
import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";

export interface ToolResult {
  isError?: boolean;
  content: { type: string; text?: string }[];
  structuredContent?: unknown;
}

/** A JSON-RPC or HTTP failure, as the SDK client would throw it. */
export class CallFailed extends Error {}

export class LoadClient {
  #nextId = 1;
  #protocolVersion = LATEST_PROTOCOL_VERSION;
  readonly #url: URL;

  constructor(
    endpoint: string,
    private readonly token: string,
    /** One connection per client, kept alive between its calls. */
    private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 }),
  ) {
    this.#url = new URL(endpoint);
  }

  async initialize(): Promise<void> {
    const result = (await this.#rpc("initialize", {
      protocolVersion: LATEST_PROTOCOL_VERSION,
      capabilities: {},
      clientInfo: { name: "loadtest", version: "1" },
    })) as { protocolVersion: string };
    this.#protocolVersion = result.protocolVersion;
    await this.#post({ jsonrpc: "2.0", method: "notifications/initialized" });
  }

  async callTool(call: { name: string; arguments: Record<string, unknown> }): Promise<ToolResult> {
    return (await this.#rpc("tools/call", call)) as ToolResult;
  }

  close(): void {
    this.agent.destroy();
  }

  async #rpc(method: string, params: unknown): Promise<unknown> {
    const id = this.#nextId++;
    const answer = (await this.#post({ jsonrpc: "2.0", id, method, params })) as {
      id?: number;
      result?: unknown;
      error?: { code: number; message: string };
    };
    if (answer.error) throw new CallFailed(`MCP error ${answer.error.code}: ${answer.error.message}`);
    if (answer.id !== id || answer.result === undefined) throw new CallFailed(`unexpected answer to ${method}`);
    return answer.result;
  }

  /** One POST; the parsed JSON answer (undefined for 202 Accepted). */
  #post(message: unknown): Promise<unknown> {
    const body = JSON.stringify(message);
    return new Promise((resolve, reject) => {
      const req = request(
        this.#url,
        {
          method: "POST",
          agent: this.agent,
          headers: {
            Authorization: `Bearer ${this.token}`,
            Accept: "application/json, text/event-stream",
            "Content-Type": "application/json",
            "Content-Length": Buffer.byteLength(body),
            "Mcp-Protocol-Version": this.#protocolVersion,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("error", reject);
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            if (res.statusCode === 202) return resolve(undefined);
            if (res.statusCode !== 200) return reject(new CallFailed(`HTTP ${res.statusCode}: ${text.slice(0, 120)}`));
            try {
              resolve(JSON.parse(text));
            } catch {
              reject(new CallFailed(`answer is not JSON: ${text.slice(0, 120)}`));
            }
          });
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  }
}
