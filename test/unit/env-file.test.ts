import { describe, expect, it } from "vitest";
import { parseEnvKeys, segmentFor } from "../../src/env-file.js";
import { ENV } from "../helpers/env-text.js";

describe("parseEnvKeys", () => {
  it("finds keys, never values", () => {
    const parsed = parseEnvKeys(ENV);
    expect(parsed).toEqual({
      keys: [
        { key: "DATABASE_URL", empty: false },
        { key: "STRIPE_KEY", empty: false },
        { key: "EMPTY", empty: true },
        { key: "MULTI", empty: false },
      ],
      duplicates: ["STRIPE_KEY"],
      badLines: [7],
      unclosedQuotes: [],
    });
    expect(JSON.stringify(parsed)).not.toMatch(/hunter2|sk_test|line one/);
  });

  it("handles CRLF, quotes with escapes, inline comments and empty quoted values", () => {
    const parsed = parseEnvKeys('A="x\\"y" # note\r\nB=""\r\nC=v # c\r\n=nokey\r\n1BAD=x\r\n');
    expect(parsed.keys).toEqual([
      { key: "A", empty: false },
      { key: "B", empty: true },
      { key: "C", empty: false },
    ]);
    expect(parsed.badLines).toEqual([4, 5]);
  });

  it("reads backtick-quoted values that span lines as one value", () => {
    const parsed = parseEnvKeys(
      "PEM=`-----BEGIN X-----\nABCDEF=\nGHIJ_KL=mn\n-----END X-----`\nNEXT=1\nTICK=`one line` # c",
    );
    expect(parsed.keys.map((k) => k.key)).toEqual(["PEM", "NEXT", "TICK"]);
    expect(parsed.badLines).toEqual([]);
  });

  it("reads an unclosed quote as a one-line value and keeps parsing", () => {
    expect(parseEnvKeys('A="oops\nB=2\nC=3')).toEqual({
      keys: [
        { key: "A", empty: false },
        { key: "B", empty: false },
        { key: "C", empty: false },
      ],
      duplicates: [],
      badLines: [],
      unclosedQuotes: [1],
    });
    // A later quote that cannot close the value (text follows it) does not swallow the lines between.
    expect(parseEnvKeys("X=1\nA='oops\nB='two' words\nC=3").keys.map((k) => k.key)).toEqual(["X", "A", "B", "C"]);
    expect(parseEnvKeys("X=1\nA='oops\nB='two' words\nC=3").unclosedQuotes).toEqual([2, 3]);
  });

  it("closes a quote after a trailing backslash as dotenv does (Windows paths)", () => {
    const parsed = parseEnvKeys("WIN_PATH='C:\\temp\\'\nDB_PASSWORD=p4ss\nSTRIPE_KEY=sk_test_x");
    expect(parsed.keys.map((k) => k.key)).toEqual(["WIN_PATH", "DB_PASSWORD", "STRIPE_KEY"]);
    expect(parsed.unclosedQuotes).toEqual([]);
  });

  it("handles export, comments, blank and empty values, duplicates and lines without '='", () => {
    const parsed = parseEnvKeys(
      [
        "export A=1",
        "  export   B = 2 ",
        "#C=3",
        "  # D=4",
        "E=",
        "F= # only a comment",
        'G=""',
        "H='x' # it's fine",
        "no equals sign here",
        "A=again",
        "I=1\rJ=2",
      ].join("\r\n"),
    );
    expect(parsed.keys).toEqual([
      { key: "A", empty: false },
      { key: "B", empty: false },
      { key: "E", empty: true },
      { key: "F", empty: true },
      { key: "G", empty: true },
      { key: "H", empty: false },
      { key: "I", empty: false },
      { key: "J", empty: false },
    ]);
    expect(parsed.duplicates).toEqual(["A"]);
    expect(parsed.badLines).toEqual([9]);
    expect(parsed.unclosedQuotes).toEqual([]);
  });

  it("maps keys to path segments", () => {
    expect(segmentFor("DATABASE_URL")).toBe("database-url");
    expect(segmentFor("api.key")).toBe("api.key");
  });
});
