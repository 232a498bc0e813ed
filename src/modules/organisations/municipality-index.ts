import type { MunicipalityTable } from '../../db/schema.js';

/**
 * The comuni as the search reads them, indexed once per load of the list instead of scanned per
 * keystroke: about 8,000 names, so a scan with startsWith/includes cost a third of a millisecond of
 * the server's one thread per request. The list changes once or twice a year (ISTAT imports), so
 * the index is rebuilt only when the list is read again.
 *
 * - exact and prefix matches: the normalised names sorted, the range that starts with the term
 *   found by binary search;
 * - matches inside a name (rank 3, read only when the first two ranks leave room): one string of
 *   every normalised name in name order, separated by newlines (never inside a normalised name),
 *   searched with indexOf, so the engine's string search does the scanning.
 *
 * The answer is the same as the scan it replaces (test/organisations/municipality-index.test.ts
 * checks it against that scan on random terms): exact name first, then names starting with the
 * term, then names containing it, each in name order.
 */
export interface MunicipalityIndex {
  /** Every comune of the list, in name order (as read). */
  rows: MunicipalityTable[];
  /** Positions in `rows`, sorted by normalised name (then by position, so ties keep name order). */
  byKey: Int32Array;
  /** The normalised names in `byKey` order. */
  keys: string[];
  /** The normalised names in name order, each followed by a newline. */
  haystack: string;
  /** Where each row's name starts in `haystack`. */
  starts: Int32Array;
  byCode: Map<string, number>;
  /**
   * Answers already given, by term, code, limit and inactive flag: the list does not change while
   * this index lives, and pickers ask the same few letters again and again ("san" walks about 400
   * names). At most KEPT_ANSWERS of them, each a list of references to `rows`.
   */
  answers: Map<string, MunicipalityTable[]>;
}

const KEPT_ANSWERS = 2_000;

export function buildMunicipalityIndex(rows: MunicipalityTable[]): MunicipalityIndex {
  const order = rows.map((_, i) => i);
  order.sort((a, b) => {
    const x = rows[a].search_name;
    const y = rows[b].search_name;
    return x < y ? -1 : x > y ? 1 : a - b;
  });
  const starts = new Int32Array(rows.length);
  let haystack = '';
  for (let i = 0; i < rows.length; i++) {
    starts[i] = haystack.length;
    haystack += `${rows[i].search_name}\n`;
  }
  return {
    rows,
    byKey: Int32Array.from(order),
    keys: order.map((i) => rows[i].search_name),
    haystack,
    starts,
    byCode: new Map(rows.map((m, i) => [m.code, i])),
    answers: new Map(),
  };
}

/** The first position in `keys` not below `term`. */
function lowerBound(keys: string[], term: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < term) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The row whose name holds the haystack position `at`. */
function rowAt(starts: Int32Array, at: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Up to `limit` comuni for a normalised `term` or an ISTAT `code`: exact name, then prefix, then
 * inside the name, each in name order; inactive ones only when asked.
 */
export function findMunicipalities(
  index: MunicipalityIndex,
  term: string,
  code: string | null,
  limit: number,
  includeInactive: boolean,
): MunicipalityTable[] {
  const key = `${limit} ${includeInactive ? 1 : 0} ${code ?? ''} ${term}`;
  let found = index.answers.get(key);
  if (!found) {
    found = search(index, term, code, limit, includeInactive);
    if (index.answers.size >= KEPT_ANSWERS) index.answers.clear();
    index.answers.set(key, found);
  }
  // A copy: the caller may change the list it gets, not the one kept.
  return found.slice();
}

function search(index: MunicipalityIndex, term: string, code: string | null, limit: number, includeInactive: boolean): MunicipalityTable[] {
  const { rows } = index;
  const wanted = (i: number) => includeInactive || rows[i].active === 1;
  if (code) {
    const i = index.byCode.get(code);
    return i !== undefined && wanted(i) && limit > 0 ? [rows[i]] : [];
  }
  const out: MunicipalityTable[] = [];
  if (limit <= 0) return out;
  if (!term) {
    for (let i = 0; i < rows.length && out.length < limit; i++) if (wanted(i)) out.push(rows[i]);
    return out;
  }
  const exact: number[] = [];
  const prefix: number[] = [];
  for (let k = lowerBound(index.keys, term); k < index.keys.length && index.keys[k].startsWith(term); k++) {
    const i = index.byKey[k];
    if (!wanted(i)) continue;
    if (index.keys[k] === term) exact.push(i);
    else prefix.push(i);
  }
  // Exact keys sort before longer ones and keep name order among themselves; prefixes need sorting.
  prefix.sort((a, b) => a - b);
  for (const i of exact) if (out.length < limit) out.push(rows[i]);
  for (const i of prefix) if (out.length < limit) out.push(rows[i]);
  if (out.length >= limit) return out;
  const { haystack, starts } = index;
  for (let at = haystack.indexOf(term); at >= 0 && out.length < limit; ) {
    const i = rowAt(starts, at);
    const name = rows[i].search_name;
    if (wanted(i) && !name.startsWith(term)) out.push(rows[i]);
    // One match per row: go on from the next row's name.
    at = i + 1 < starts.length ? haystack.indexOf(term, starts[i + 1]) : -1;
  }
  return out;
}
