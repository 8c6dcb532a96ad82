/** Small measuring helpers shared by the bench's sections. */
import { readFileSync } from "node:fs";
import { createServer } from "node:net";

export const quantile = (xs: readonly number[], q: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? Number.NaN;
};
export const median = (xs: readonly number[]) => quantile(xs, 0.5);

export const ms = (n: number) => `${n.toFixed(n < 1 ? 3 : 1)} ms`;
export const ratio = (n: number) => `${n.toFixed(2)}x`;

/** Resident set size of a process, in MB (Linux /proc). */
export const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;

/** Runs `fn` `n` times after a warm-up and returns each run's duration in ms. */
export async function time(n: number, fn: () => Promise<unknown>, warmUp = Math.min(50, n)): Promise<number[]> {
  for (let i = 0; i < warmUp; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A deterministic shuffle (xorshift), so every run writes in the same random order. */
export function shuffled<T>(items: readonly T[], seed = 0x9e3779b9): T[] {
  const out = [...items];
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const j = (s >>> 0) % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
