/** The audit file (src/audit/sink.ts): appended to, owner-only, rotated by size, N files kept, lines whole and in order. */
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assertAppendable, auditSinkFor, FileSink } from "../../src/audit/sink.js";

const fresh = () => join(mkdtempSync(join(tmpdir(), "scaivault-audit-sink-")), "audit.jsonl");
const line = (n: number) => `${JSON.stringify({ n, pad: "x".repeat(40) })}\n`;
const numbers = (file: string) =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l).n as number);

describe("the audit file", () => {
  it("rotates before a line would pass the size, keeping N files, newest in file.1", async () => {
    const file = fresh();
    const size = Buffer.byteLength(line(0));
    const sink = new FileSink(file, { maxBytes: size * 3, keep: 2 });
    for (let n = 1; n <= 10; n++) await sink.write(line(n));
    await sink.close();
    expect(numbers(file)).toEqual([10]);
    expect(numbers(`${file}.1`)).toEqual([7, 8, 9]);
    expect(numbers(`${file}.2`)).toEqual([4, 5, 6]);
    expect(existsSync(`${file}.3`)).toBe(false);
    for (const f of [file, `${file}.1`, `${file}.2`]) expect(statSync(f).size).toBeLessThanOrEqual(size * 3);
  });

  it("makes an existing file owner-only", async () => {
    const file = fresh();
    writeFileSync(file, line(0), { mode: 0o644 });
    const sink = new FileSink(file, { maxBytes: 0, keep: 1 });
    await sink.write(line(1));
    await sink.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(numbers(file)).toEqual([0, 1]);
  });

  it("appends to what is there, counting it towards the size", async () => {
    const file = fresh();
    writeFileSync(file, line(0));
    const sink = new FileSink(file, { maxBytes: Buffer.byteLength(line(0)) * 2, keep: 1 });
    await sink.write(line(1));
    await sink.write(line(2));
    await sink.close();
    expect(numbers(`${file}.1`)).toEqual([0, 1]);
    expect(numbers(file)).toEqual([2]);
  });

  it("never rotates with a size of 0, and is created owner-only", async () => {
    const file = fresh();
    const sink = new FileSink(file, { maxBytes: 0, keep: 1 });
    for (let n = 1; n <= 50; n++) await sink.write(line(n));
    await sink.close();
    expect(numbers(file)).toHaveLength(50);
    expect(existsSync(`${file}.1`)).toBe(false);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("keeps lines whole and in order when many are written at once", async () => {
    const file = fresh();
    const sink = new FileSink(file, { maxBytes: 2000, keep: 50 });
    await Promise.all(Array.from({ length: 200 }, (_, i) => sink.write(line(i))));
    await sink.close();
    const all = [...Array.from({ length: 50 }, (_, i) => `${file}.${50 - i}`), file]
      .filter(existsSync)
      .flatMap(numbers);
    expect(all).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it("is one sink per file in a process, whatever the number of servers", () => {
    const file = fresh();
    expect(auditSinkFor(file, { maxBytes: 0, keep: 1 })).toBe(
      auditSinkFor(join(file, "..", "audit.jsonl"), { maxBytes: 0, keep: 1 }),
    );
    expect(auditSinkFor("stderr", { maxBytes: 0, keep: 1 })).toBe(auditSinkFor("stderr", { maxBytes: 0, keep: 1 }));
  });

  it("start-up check: refuses a file that cannot be appended to", async () => {
    await expect(assertAppendable(join(fresh(), "no-such-dir", "audit.jsonl"))).rejects.toMatchObject({
      code: "ENOENT",
    });
    await expect(assertAppendable(fresh())).resolves.toBeUndefined();
    await expect(assertAppendable("stderr")).resolves.toBeUndefined();
  });
});
