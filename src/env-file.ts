/**
 * The keys of a .env file, read as dotenv reads them, never its values: what migrate-from-env
 * needs to name each key and its target path while the values stay in the user's own text.
 */

/** DATABASE_URL -> database-url (a valid path segment: the key grammar leaves only [a-z0-9_.-]). */
export function segmentFor(key: string): string {
  return key.toLowerCase().replace(/_/g, "-");
}

export interface EnvKeys {
  keys: { key: string; empty: boolean }[];
  duplicates: string[];
  /** 1-based numbers of lines that are neither blank, comments nor KEY=value. */
  badLines: number[];
  /** 1-based numbers of lines whose value opens a quote that never closes (read as unquoted). */
  unclosedQuotes: number[];
}

const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;
const QUOTES = new Set(['"', "'", "`"]);
/** What may follow a closing quote on its line: blanks and a comment. */
const AFTER_CLOSING_QUOTE = /^\s*(#.*)?$/;

/**
 * The keys of a .env text (never its values), read as dotenv does: `KEY=value`, optional
 * `export `, `#` comments, and "...", '...' or `...` values that may span lines. A quote that
 * never closes is read as an unquoted one-line value, so the lines after it stay keys.
 */
export function parseEnvKeys(text: string): EnvKeys {
  const lines = text.split(/\r\n?|\n/);
  const seen = new Map<string, { key: string; empty: boolean }>();
  const duplicates = new Set<string>();
  const badLines: number[] = [];
  const unclosedQuotes: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === "" || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    const key =
      eq > 0
        ? line
            .slice(0, eq)
            .replace(/^export\s+/, "")
            .trim()
        : "";
    if (!ENV_KEY.test(key)) {
      badLines.push(i + 1);
      continue;
    }
    const value = line.slice(eq + 1).trim();
    let empty = value === "" || value.startsWith("#");
    if (QUOTES.has(value[0] as string)) {
      const quoted = closeQuote(value[0] as string, value.slice(1), lines, i + 1);
      if (quoted) {
        empty = quoted.empty;
        i = quoted.lastLine;
      } else unclosedQuotes.push(i + 1);
    }
    if (seen.has(key)) duplicates.add(key);
    seen.set(key, { key, empty });
  }
  return { keys: [...seen.values()], duplicates: [...duplicates], badLines, unclosedQuotes };
}

/**
 * Where a quoted value ends, as dotenv's pattern matches it: at the farthest quote that is
 * followed only by blanks or a comment on its line, never past the first quote without a
 * backslash before it. `first` is the text after the opening quote, `lines[next]` on the lines
 * after it. Undefined: the quote never closes.
 */
function closeQuote(
  quote: string,
  first: string,
  lines: readonly string[],
  next: number,
): { lastLine: number; empty: boolean } | undefined {
  let found: { lastLine: number; empty: boolean } | undefined;
  let blankSoFar = true;
  for (let n = next - 1; n < lines.length; n++) {
    const line = n < next ? first : (lines[n] as string);
    for (let at = line.indexOf(quote); at >= 0; at = line.indexOf(quote, at + 1)) {
      if (AFTER_CLOSING_QUOTE.test(line.slice(at + 1)))
        found = { lastLine: n, empty: blankSoFar && line.slice(0, at).trim() === "" };
      if (line[at - 1] !== "\\") return found;
    }
    blankSoFar &&= line.trim() === "";
  }
  return found;
}
