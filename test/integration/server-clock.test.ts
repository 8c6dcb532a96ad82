/**
 * The time the instructions state against a real vault: this server's clock in UTC at first,
 * never waiting for the vault before initialize answers; the vault's own (GET /v1/health),
 * read after initialize, for the sessions that begin later.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ServerClock } from "../../src/clock.js";
import { buildServer } from "../../src/server.js";

const HOURS_AHEAD = 3;
const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

async function session(fetch: (request: Request) => Promise<Response>, clock?: ServerClock): Promise<Client> {
  const { server } = buildServer({
    config: { url: "https://vault.example.test", token: "test-vault-token-0123", maxRetries: 0 },
    fetch,
    ...(clock ? { clock } : {}),
  });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(b);
  const client = new Client({ name: "clock-test", version: "1" });
  clients.push(client);
  await client.connect(a);
  return client;
}

/** The instant the instructions name, in ms. */
const statedTime = (client: Client) => {
  const m = /it was (\S+Z) by/.exec(client.getInstructions() ?? "");
  return m ? Date.parse(m[1] as string) : Number.NaN;
};

describe("the time in the server instructions, against a vault", () => {
  it("is this server's clock in UTC, and initialize answers while the vault has not", async () => {
    const requested: string[] = [];
    const hanging = async (request: Request) => {
      requested.push(new URL(request.url).pathname);
      return new Promise<Response>(() => {});
    };
    const before = Date.now();
    const client = await session(hanging);
    const instructions = client.getInstructions() ?? "";
    expect(instructions).toContain("The server works in UTC.");
    expect(instructions).toContain("by this server's clock");
    expect(statedTime(client)).toBeGreaterThanOrEqual(before - 1000);
    expect(statedTime(client)).toBeLessThanOrEqual(Date.now());
    // The vault's clock is asked for only after initialize, and its silence holds nothing up.
    await vi.waitFor(() => expect(requested).toEqual(["/v1/health"]));
  });

  it("is the vault's clock for the sessions that begin after it has answered", async () => {
    const clock = new ServerClock();
    const vault = async (request: Request) =>
      new URL(request.url).pathname === "/v1/health"
        ? Response.json({ status: "healthy", timestamp: new Date(Date.now() + HOURS_AHEAD * 3_600_000).toISOString() })
        : Response.json({ error: { code: "not_found", message: "no" } }, { status: 404 });
    const first = await session(vault, clock);
    expect(first.getInstructions()).toContain("by this server's clock");
    await vi.waitFor(() => expect(clock.fromVault).toBe(true));
    const later = await session(vault, clock);
    expect(later.getInstructions()).toContain("by the vault's clock");
    // Three hours ahead of this host, as the vault said (a minute's slack for a loaded machine).
    expect(Math.abs(statedTime(later) - (Date.now() + HOURS_AHEAD * 3_600_000))).toBeLessThan(60_000);
  });

  it("the mock vault states no time of its own unless given its clock", async () => {
    const { server } = buildServer({
      config: { mock: true },
      clock: new ServerClock(new Date("2026-05-17T15:00:00Z")),
    });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await server.connect(b);
    const client = new Client({ name: "clock-test", version: "1" });
    clients.push(client);
    await client.connect(a);
    expect(client.getInstructions()).toContain("The mock vault's clock stands still at 2026-05-17T15:00:00Z");
    const { server: plain } = buildServer({ config: { mock: true } });
    const [c, d] = InMemoryTransport.createLinkedPair();
    await plain.connect(d);
    const other = new Client({ name: "clock-test", version: "1" });
    clients.push(other);
    await other.connect(c);
    expect(other.getInstructions()).not.toContain("works in UTC");
  });
});
