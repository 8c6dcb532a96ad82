import type BTree from "sorted-btree";
// bulkLoad builds the tree, so the class itself is never imported: as a CommonJS default export it
// is `.default` under plain Node and the class under a bundler, while bulkLoad is a named export.
import { bulkLoad } from "sorted-btree/extended/bulkLoad.js";

/** Code-unit order, the order of `<` on strings (and of Array.prototype.sort): the order listings promise. */
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** sorted-btree's default branching factor. */
const NODE_SIZE = 64;

/**
 * A sorted set of string keys in a B+ tree (sorted-btree): insert and delete in O(log n), prefix
 * scans in O(log n + k), so building a vault of n keys in any order costs O(n log n).
 */
export class SortedKeys {
  readonly #tree: BTree<string, undefined>;

  /** From distinct keys in any order: sorted once, then loaded in O(n). */
  constructor(keys: Iterable<string> = []) {
    const sorted = [...keys].sort();
    this.#tree = bulkLoad<string, undefined>(sorted, new Array(sorted.length), NODE_SIZE, byCodeUnit);
  }

  get size(): number {
    return this.#tree.size;
  }

  add(key: string): void {
    this.#tree.set(key, undefined, false);
  }

  delete(key: string): void {
    this.#tree.delete(key);
  }

  /** Every key, in order. */
  keys(): IterableIterator<string> {
    return this.#tree.keys();
  }

  /** Keys equal to `prefix` or under it on a `/` boundary, in order, strictly after `after`. */
  *under(prefix: string, after?: string): Generator<string> {
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
}
