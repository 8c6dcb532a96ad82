/**
 * Finding tools by words, for tool discovery (discovery.ts): a ranking over names, titles and
 * descriptions, the one-line summary a result shows, and the close matches of a name that is not
 * a tool. Pure functions of the tools given.
 */
import { distance } from "fastest-levenshtein";
import type { ToolDef } from "./define.js";

/** Words that say nothing about which tool is meant. */
const STOP = new Set("a an the of to for in on at as and or with by from my is it its".split(" "));

/** Where a query word is found, and what that says: a word of the name most, one of the description least. */
const WEIGHTS = { name: 3, title: 2, description: 1 } as const;

/**
 * A word reduced to what its inflections share, so "rotate" finds "rotation", "expiring" finds
 * "expiration" and "certificates" finds "certificate". Crude on purpose: it only has to bring
 * query words and catalog words together, never to be shown.
 */
function stem(word: string): string {
  const cut = word.replace(/(?:ations?|ions?|ing|ed|es|s|e)$/, "");
  return cut.length >= 3 ? cut : word;
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0 && w !== "scaivault" && !STOP.has(w));
}

/** The stems of each field of a tool, computed once per tool. */
const FIELDS = new WeakMap<ToolDef, Record<keyof typeof WEIGHTS, Set<string>>>();

function fieldsOf(def: ToolDef): Record<keyof typeof WEIGHTS, Set<string>> {
  let fields = FIELDS.get(def);
  if (!fields) {
    const stems = (text: string) => new Set(words(text).map(stem));
    // The group counts as a title word: "pki" finds the CA tools, whose names do not say it.
    fields = { name: stems(def.name), title: stems(`${def.title} ${def.group}`), description: stems(def.description) };
    FIELDS.set(def, fields);
  }
  return fields;
}

/** A query stem found in a field: as a whole stem, or as the start of one ("cert" in "certificat"). */
function found(stems: Set<string>, query: string): boolean {
  if (stems.has(query)) return true;
  if (query.length < 4) return false;
  for (const s of stems) if (s.startsWith(query)) return true;
  return false;
}

/**
 * The tools the query's words point to, best first (ties in catalog order); every tool, in catalog
 * order, for a query without words. A tool matching none of the words is not returned.
 */
export function rankTools(tools: readonly ToolDef[], query: string | undefined): ToolDef[] {
  const asked = [...new Set(words(query ?? "").map(stem))];
  if (asked.length === 0) return [...tools];
  const scored = tools.map((def, order) => {
    const fields = fieldsOf(def);
    let covered = 0;
    let weight = 0;
    for (const q of asked) {
      const best = Math.max(
        0,
        ...(Object.keys(WEIGHTS) as (keyof typeof WEIGHTS)[])
          .filter((field) => found(fields[field], q))
          .map((field) => WEIGHTS[field]),
      );
      if (best) covered++;
      weight += best;
    }
    return { def, covered, weight, order };
  });
  // More of the words first ("denied requests" is about denials, not certificate requests), then where they were found.
  return scored
    .filter((s) => s.covered > 0)
    .sort((a, b) => b.covered - a.covered || b.weight - a.weight || a.order - b.order)
    .map((s) => s.def);
}

/**
 * A description's first sentence: up to the first ". " (or "? ", "! ") followed by a capital, so
 * "e.g. 90d" and "(default 30d)." inside a sentence do not end it.
 */
export function summaryOf(description: string): string {
  const end = /[.!?](?=\s+[A-Z`])/.exec(description);
  return end ? description.slice(0, end.index + 1) : description;
}

/**
 * Tool names close to one that is not a tool: by spelling (a typo, a missing `scaivault_`), then by
 * what it names, its words after the verb ("scaivault_get_lease" finds the lease tools, whatever
 * their verbs). At most `count`.
 */
export function closeNames(tools: readonly ToolDef[], name: string, count = 3): string[] {
  const asked = name.trim().toLowerCase();
  const bare = (n: string) => n.replace(/^scaivault_/, "");
  const spelled = tools
    .map((def) => ({ name: def.name, d: Math.min(distance(asked, def.name), distance(bare(asked), bare(def.name))) }))
    .filter((c) => c.d <= Math.max(2, Math.floor(bare(c.name).length / 3)))
    .sort((a, b) => a.d - b.d)
    .map((c) => c.name);
  const named = bare(asked).split("_");
  const byWords = rankTools(tools, (named.length > 1 ? named.slice(1) : named).join(" ")).map((def) => def.name);
  return [...new Set([...spelled, ...byWords])].slice(0, count);
}
