import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { routeToolCalls } from "../../src/tools/call-route.js";
import { ANY_ARGUMENTS } from "../../src/tools/input.js";

const text = (value: string) => ({ content: [{ type: "text" as const, text: value }] });
/** A result CallToolResultSchema refuses: only a call that skipped the SDK's result check gets it back. */
const unchecked = () => ({ content: [{ type: "text", text: 42 }] }) as never;

const open: Client[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

/** An McpServer with the tools `register` adds, routed or not, and a client on it. */
async function serve(register: (server: McpServer) => void, routed = true) {
  const server = new McpServer({ name: "t", version: "1" });
  register(server);
  const installed = routed ? routeToolCalls(server) : false;
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(b);
  const client = new Client({ name: "c", version: "1" });
  await client.connect(a);
  open.push(client);
  /** The raw result, not checked by the client either. */
  const call = (params: Record<string, unknown>) =>
    client.request({ method: "tools/call", params: params as never }, z.unknown() as never) as Promise<unknown>;
  return { client, call, installed };
}

const anyArgs = (server: McpServer, name: string, cb: (args: Record<string, unknown>) => unknown) =>
  server.registerTool(name, { inputSchema: ANY_ARGUMENTS }, ((args: Record<string, unknown>) => cb(args)) as never);

describe("routeToolCalls", () => {
  it("installs on the pinned SDK (false would mean every call takes the SDK's slower way)", async () => {
    const { installed } = await serve((s) => anyArgs(s, "echo", () => text("hi")));
    expect(installed).toBe(true);
  });

  it("hands a plain call's arguments and the request's extra to the callback, skipping the SDK's checks", async () => {
    let seen: unknown;
    const routed = await serve((s) =>
      s.registerTool("probe", { inputSchema: ANY_ARGUMENTS }, ((args: unknown, extra: { signal: AbortSignal }) => {
        seen = { args, aborted: extra.signal.aborted };
        return unchecked();
      }) as never),
    );
    expect(await routed.call({ name: "probe", arguments: { path: "a/b", n: 1 } })).toEqual(unchecked());
    expect(seen).toEqual({ args: { path: "a/b", n: 1 }, aborted: false });
    // The same tool on the SDK's way: its result check refuses what the route passed on.
    const plain = await serve((s) => anyArgs(s, "probe", unchecked), false);
    await expect(plain.call({ name: "probe", arguments: {} })).rejects.toThrow(/Invalid tools\/call result/);
  });

  it("gives missing arguments as {} like the SDK", async () => {
    let seen: unknown;
    const { client } = await serve((s) =>
      anyArgs(s, "probe", (args) => {
        seen = args;
        return text("ok");
      }),
    );
    await client.callTool({ name: "probe" });
    expect(seen).toEqual({});
  });

  it("leaves unknown and disabled tools, bad arguments and tasks to the SDK, with its answers", async () => {
    const register = (s: McpServer) => {
      anyArgs(s, "on", () => text("ok"));
      anyArgs(s, "off", () => text("ok")).disable();
    };
    const routed = await serve(register);
    const plain = await serve(register, false);
    const cases = [
      { name: "nope", arguments: {} },
      { name: "off", arguments: {} },
      { name: "on", arguments: ["not", "an", "object"] },
      { name: "on", arguments: "text" },
      { name: 7, arguments: {} },
      { name: "on", arguments: {}, task: { ttl: 1000 } },
    ];
    for (const params of cases) {
      const answer = (c: typeof routed) =>
        c.call(params).then(
          (r) => ({ result: r }),
          (e: Error) => ({ error: e.message }),
        );
      expect(await answer(routed), JSON.stringify(params)).toEqual(await answer(plain));
    }
  });

  it("leaves a tool with an input or output schema of its own to the SDK, which checks them", async () => {
    const { client } = await serve((s) => {
      s.registerTool("typed", { inputSchema: { n: z.number() } }, (() => text("ran")) as never);
      s.registerTool("shaped", { inputSchema: ANY_ARGUMENTS, outputSchema: { n: z.number() } }, (() =>
        text("no structured content")) as never);
    });
    const typed = await client.callTool({ name: "typed", arguments: { n: "one" } });
    expect(typed.isError).toBe(true);
    expect(JSON.stringify(typed.content)).toMatch(/Input validation error/);
    const shaped = await client.callTool({ name: "shaped", arguments: {} });
    expect(shaped.isError).toBe(true);
    expect(JSON.stringify(shaped.content)).toMatch(/Output validation error/);
  });

  it("routes a tool registered after it was installed, and follows a callback's update", async () => {
    let later: ReturnType<typeof anyArgs> | undefined;
    const { client, call } = await serve((s) => {
      anyArgs(s, "first", () => text("1"));
      queueMicrotask(() => {
        later = anyArgs(s, "later", unchecked);
      });
    });
    await Promise.resolve();
    expect(CallToolResultSchema.safeParse(await client.callTool({ name: "first" })).success).toBe(true);
    expect(await call({ name: "later", arguments: {} })).toEqual(unchecked());
    later?.update({ callback: (() => text("updated")) as never });
    expect((await client.callTool({ name: "later" })).content).toEqual(text("updated").content);
  });

  it("answers a callback that throws with an isError result holding its message, as the SDK does", async () => {
    const boom = (s: McpServer) =>
      anyArgs(s, "boom", () => {
        throw new Error("it broke");
      });
    const routed = await serve(boom);
    const plain = await serve(boom, false);
    const answer = await routed.client.callTool({ name: "boom" });
    expect(answer).toEqual({ content: [{ type: "text", text: "it broke" }], isError: true });
    expect(await plain.client.callTool({ name: "boom" })).toEqual(answer);
  });
});
