import { formatTranscript, playScenario, scenarios } from "../../scenarios/index.js";

/** `scaivault-mcp --mock --demo <id>`: plays one scripted scenario in-process and prints its transcript. */
export async function runDemo(id: string, write: (text: string) => void): Promise<boolean> {
  const s = scenarios.find((x) => x.id === id);
  if (!s) {
    write(
      `${id === "list" ? "Scenarios" : `unknown scenario "${id}". Available`}:\n${scenarios.map((x) => `  ${x.id.padEnd(36)} ${x.title}`).join("\n")}\n`,
    );
    return id === "list";
  }
  const result = await playScenario(s);
  write(`${formatTranscript(s, result)}\n`);
  return result.passed;
}
