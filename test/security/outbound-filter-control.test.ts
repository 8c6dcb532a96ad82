/**
 * Control run of outbound-filter.test.ts: the same channels with the redaction module replaced by
 * one that removes nothing. Every string a channel planted must then reach the agent (or the
 * log), so an empty finding in the filtered run means the filter removed it, not that the
 * channel never carried it.
 */
import { describe, expect, it, vi } from "vitest";
import { CHANNELS, foundIn, openEchoing } from "../helpers/echoing-vault.js";

vi.mock("../../src/redact.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/redact.js")>();
  class Redactor {
    add(): void {}
    finds(): boolean {
      return false;
    }
    text(text: string): string {
      return text;
    }
    value<T>(value: T): T {
      return value;
    }
  }
  return { ...real, Redactor, redactText: (text: string) => text };
});

describe("with redaction off, every channel carries what the vault planted", () => {
  it.each(CHANNELS.map((c) => [c.name, c] as const))("%s", async (_name, channel) => {
    const received = await channel.run(openEchoing);
    expect(foundIn(received, channel.planted)).toEqual(channel.planted);
  });
});
