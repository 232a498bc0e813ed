/**
 * One CSV cell: quoted when it holds a separator (comma or semicolon, which spreadsheets set to
 * Italian use), a quote or a line break, or starts or ends with a space that would be lost.
 * In a module of its own so the exports load it without the dashboards.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\r\n;]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * One cell of a `;`-separated file as the national open-data service writes it (Apache Commons
 * CSV's EXCEL format with `;` as delimiter, minimal quoting): quoted when it holds `;`, `"`, CR or
 * LF, starts with a character up to `#` (controls, space, `!`, `"`, `#`) or ends with a control
 * character or a space; a quote inside is doubled. A comma needs no quoting there.
 */
export function semicolonCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what the rule is about
const NEEDS_QUOTES = /^[\x00-\x23]|[;"\r\n]|[\x00-\x20]$/;

/**
 * Free text made safe to open in a spreadsheet (OWASP, "CSV injection"): a value beginning with
 * `=`, `+`, `-`, `@`, a tab or a carriage return would run as a formula in Excel or LibreOffice, so
 * it gets a leading single quote, which spreadsheets show as text. For names, details and other
 * text people type, never for codes or numbers. The cell is still quoted by the file's own rule.
 */
export function spreadsheetText(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return FORMULA_START.test(value) ? `'${value}` : value;
}
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A value's cell (or any part of a row made from it), computed once per distinct value: codes and
 * names repeat a lot. At most 100,000 values are kept; beyond them each is made again.
 */
export function cellCache<K, V = string>(make: (k: K) => V): (k: K) => V {
  const cells = new Map<K, V>();
  return (k) => {
    let c = cells.get(k);
    if (c === undefined) {
      c = make(k);
      if (cells.size < 100_000) cells.set(k, c);
    }
    return c;
  };
}
