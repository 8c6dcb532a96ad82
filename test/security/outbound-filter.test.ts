/**
 * The outbound filter, channel by channel: a vault (or a code path) that hands the server's own
 * credentials to the agent, in every form and place listed in test/helpers/echoing-vault.ts, and
 * none of them arrives. outbound-filter-control.test.ts runs the same channels with redaction
 * switched off and finds every planted string, which proves these tests can see a leak.
 */
import { describe, expect, it } from "vitest";
import { CHANNELS, foundIn, openEchoing } from "../helpers/echoing-vault.js";

describe("the outbound filter removes the server's credentials from every channel", () => {
  it.each(CHANNELS.map((c) => [c.name, c] as const))("%s", async (_name, channel) => {
    const received = await channel.run(openEchoing);
    expect(received.haystack.length).toBeGreaterThan(1);
    expect(foundIn(received, channel.planted)).toEqual([]);
  });
});
