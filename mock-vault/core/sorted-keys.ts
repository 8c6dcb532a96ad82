import type BTree from "sorted-btree";
// bulkLoad builds the tree, so the class itself is never imported: as a CommonJS default export it
// is `.default` under plain Node and the class under a bundler, while bulkLoad is a named export.
import { bulkLoad } from "sorted-btree/extended/bulkLoad.js";

/** Code-unit order, the order of `<` on strings (and of Array.prototype.sort): the order listings promise. */
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** sorted-btree's default branching factor. */
const NODE_SIZE = 64;

/**
 * Keys the tree takes at once. A key set alone costs a walk down the tree between two requests,
 * whose other work has pushed the tree out of the CPU's caches: a miss at nearly every node and
 * key it compares. A batch, sorted, goes down the same upper levels key after key.
 */
const BATCH = 1024;

/**
 * A sorted set of string keys in a B+ tree (sorted-btree): insert and delete in O(log n), prefix
 * scans in O(log n + k), so building a vault of n keys in any order costs O(n log n). New keys
 * wait in a small batch, which the tree takes when it is full or when anything reads the set.
 */
export class SortedKeys {
  readonly #tree: BTree<string, undefined>;
  #pending = new Set<string>();

  /** From distinct keys in any order: sorted once, then loaded in O(n). */
  constructor(keys: Iterable<string> = []) {
    const sorted = [...keys].sort();
    this.#tree = bulkLoad<string, undefined>(sorted, new Array(sorted.length), NODE_SIZE, byCodeUnit);
  }

  get size(): number {
    this.#settle();
    return this.#tree.size;
  }

  add(key: string): void {
    this.#pending.add(key);
    if (this.#pending.size >= BATCH) this.#settle();
  }

  delete(key: string): void {
    this.#pending.delete(key);
    this.#tree.delete(key);
  }

  /** Every key, in order. */
  keys(): IterableIterator<string> {
    this.#settle();
    return this.#tree.keys();
  }

  /** Keys equal to `prefix` or under it on a `/` boundary, in order, strictly after `after`. */
  *under(prefix: string, after?: string): Generator<string> {
    this.#settle();
    if (prefix === "") {
      yield* this.#from(after === undefined ? undefined : `${after}\u0000`);
      return;
    }
    if ((after === undefined || after < prefix) && this.#tree.has(prefix)) yield prefix;
    const child = `${prefix}/`;
    for (const key of this.#from(after !== undefined && after >= child ? `${after}\u0000` : child)) {
      if (!key.startsWith(child)) return;
      yield key;
    }
  }

  /** Keys at or after `first` (all when undefined), in order. */
  #from(first: string | undefined): IterableIterator<string> {
    return this.#tree.keys(first);
  }

  /** The waiting keys into the tree, in order (Array.prototype.sort's order is code-unit order). */
  #settle(): void {
    if (this.#pending.size === 0) return;
    const batch = [...this.#pending].sort();
    this.#pending.clear();
    for (const key of batch) this.#tree.set(key, undefined, false);
  }
}
