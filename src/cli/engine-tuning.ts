/**
 * The young generation of the binary's own process, on stdio (the library never sets V8 flags:
 * a host that embeds createServer() owns its process).
 *
 * Why: V8 doubles the young generation whenever enough of it survives a scavenge, up to two
 * semi-spaces of 16 MB, and keeps it while calls keep coming. A stdio server has one client and
 * one call at a time, and a call's garbage dies young; the 32 MB were a quarter of its RSS after
 * a few thousand calls (README, "Performance"). Here it stops growing once it holds
 * YOUNG_CAP_BYTES. The HTTP transports serve many clients at once and keep V8's default.
 *
 * `--max-semi-space-size` is read only when the heap is made, so the cap turns the growth factor
 * off instead, after the first collection that finds the young generation at the cap or above
 * (it may have doubled once more by then: 8 MB measured while the mock vault loads).
 *
 * Measured on Node 20 only: on another major the flags are left alone, as they are when the
 * operator sets one of them (NODE_OPTIONS or node's own arguments).
 */
import { PerformanceObserver } from "node:perf_hooks";
import { getHeapSpaceStatistics, setFlagsFromString } from "node:v8";

/** The young generation's size (both semi-spaces) at which it stops growing. */
export const YOUNG_CAP_BYTES = 4 * 1024 * 1024;

const OPERATOR_FLAGS = /--(max[-_]semi[-_]space[-_]size|semi[-_]space[-_]growth[-_]factor|max[-_]heap[-_]size)\b/;

export interface EngineSettings {
  transport: "stdio" | "http" | "sse";
  /** Node's own arguments and NODE_OPTIONS, where an operator's flags would be. */
  execArgv?: readonly string[];
  nodeOptions?: string | undefined;
  nodeMajor?: number;
}

/** What tuneEngine did, for the start-up log. */
export type EngineTuning = "young generation capped" | "defaults" | "operator's flags" | "not Node 20";

export function tuneEngine({
  transport,
  execArgv = process.execArgv,
  nodeOptions = process.env.NODE_OPTIONS,
  nodeMajor = Number(process.versions.node.split(".")[0]),
}: EngineSettings): EngineTuning {
  if (transport !== "stdio") return "defaults";
  if (nodeMajor !== 20) return "not Node 20";
  if (OPERATOR_FLAGS.test(`${execArgv.join(" ")} ${nodeOptions ?? ""}`)) return "operator's flags";
  capYoungGeneration(YOUNG_CAP_BYTES);
  return "young generation capped";
}

/** V8 grows the young generation only in a scavenge: each collection is a chance to stop it. */
function capYoungGeneration(bytes: number): void {
  const stopGrowing = () => setFlagsFromString("--semi-space-growth-factor=1");
  if (youngGenerationBytes() >= bytes) {
    stopGrowing();
    return;
  }
  const observer = new PerformanceObserver(() => {
    if (youngGenerationBytes() < bytes) return;
    stopGrowing();
    observer.disconnect();
  });
  observer.observe({ entryTypes: ["gc"] });
}

/** Both semi-spaces of the young generation, as V8 has sized them now. */
export function youngGenerationBytes(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === "new_space")?.space_size ?? 0;
}
