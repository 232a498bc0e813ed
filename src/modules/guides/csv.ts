import type { z } from 'zod';
import { t } from '../../core/i18n.js';
import { issueText } from '../../core/validation.js';
import { CATEGORIES, SheetContent, type SheetStatus, SheetStatusField, STATUSES, slugify } from './schemas.js';
import type { NewSheet, Sheet } from './service.js';

/**
 * CSV import and export of service sheets: one sheet per row, UTF-8, comma- or semicolon-separated
 * (what Excel writes with Italian settings), fields quoted the RFC 4180 way. Export writes exactly
 * the columns import reads, so a file round-trips.
 *
 * Columns (first row): slug, name, summary, audience, category, access, url, cost, times,
 * life_events, topics, desk_services, contacts, body, faqs, steps, status.
 * - access, life_events, topics, desk_services: codes separated by "|" (also "," or ";").
 * - faqs: JSON, [{"question": "…", "answer": "…"}]; steps: JSON, [{"text": "…", "imageUrl": "…", "imageAlt": "…"}].
 * - status: draft, review or published (also bozza, revisione, pubblicata); empty means draft.
 * - slug: empty means one made from the name.
 * Spreadsheet formulas are defused on export: a cell beginning with = + - @ gets a leading
 * apostrophe, which import removes again.
 */

export const COLUMNS = [
  'slug',
  'name',
  'summary',
  'audience',
  'category',
  'access',
  'url',
  'cost',
  'times',
  'life_events',
  'topics',
  'desk_services',
  'contacts',
  'body',
  'faqs',
  'steps',
  'status',
] as const;
export type Column = (typeof COLUMNS)[number];

const REQUIRED: Column[] = ['name', 'summary', 'category'];
export const MAX_ROWS = 5000;

// ---------- CSV text ----------

/** A file that cannot be read as CSV: its message is a key of messages.ts ('guides.csv.syntax.*'), read in Italian. */
export class CsvSyntaxError extends Error {
  constructor(
    key: string,
    public readonly row: number,
  ) {
    super(t('it', key, { row }));
  }
}

function detectSeparator(text: string): ',' | ';' {
  let inQuotes = false;
  let commas = 0;
  let semicolons = 0;
  for (const ch of text) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) break;
    else if (!inQuotes && ch === ',') commas++;
    else if (!inQuotes && ch === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

/** Parses CSV text into rows of cells (RFC 4180: quotes, doubled quotes, line breaks in quotes). */
export function parseCsv(input: string): string[][] {
  const text = input.replace(/^\uFEFF/, '');
  const sep = detectSeparator(text);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let inQuotes = false;
  let quotedCell = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else inQuotes = false;
      } else {
        cell += ch;
      }
      continue;
    }
    if (ch === '"') {
      if (cell.length > 0 && !quotedCell) throw new CsvSyntaxError('guides.csv.syntax.quoteInside', rows.length + 1);
      inQuotes = true;
      quotedCell = true;
    } else if (ch === sep) {
      row.push(cell);
      cell = '';
      quotedCell = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      quotedCell = false;
    } else {
      if (quotedCell) throw new CsvSyntaxError('guides.csv.syntax.afterQuote', rows.length + 1);
      cell += ch;
    }
  }
  if (inQuotes) throw new CsvSyntaxError('guides.csv.syntax.unclosed', rows.length + 1);
  if (cell.length > 0 || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  // Blank lines are not rows.
  return rows.filter((r) => r.length > 1 || r[0].trim() !== '');
}

const FORMULA = /^[=+\-@\t\r]/;

function csvCell(value: string): string {
  const v = FORMULA.test(value) ? `'${value}` : value;
  return /[",;\n\r]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

export function toCsv(rows: string[][]): string {
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

function unDefuse(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

// ---------- sheets ↔ rows ----------

const list = (v: string) =>
  v
    .split(/[|,;]/)
    .map((x) => x.trim())
    .filter(Boolean);

const STATUS_WORDS: Record<string, SheetStatus> = {
  bozza: 'draft',
  revisione: 'review',
  'in revisione': 'review',
  pubblicata: 'published',
  pubblicato: 'published',
};

export function sheetToRow(s: Sheet): string[] {
  const values: Record<Column, string> = {
    slug: s.slug,
    name: s.name,
    summary: s.summary,
    audience: s.audience ?? '',
    category: s.category,
    access: s.access.join('|'),
    url: s.url ?? '',
    cost: s.cost ?? '',
    times: s.times ?? '',
    life_events: s.lifeEvents.join('|'),
    topics: s.topics.join('|'),
    desk_services: s.deskServices.join('|'),
    contacts: s.contacts ?? '',
    body: s.body,
    faqs: s.faqs.length ? JSON.stringify(s.faqs) : '',
    steps: s.steps.length ? JSON.stringify(s.steps.map((x) => (x.imageUrl ? x : { text: x.text }))) : '',
    status: s.status,
  };
  return COLUMNS.map((c) => values[c]);
}

export function exportCsv(sheets: Sheet[]): string {
  return toCsv([[...COLUMNS], ...sheets.map(sheetToRow)]);
}

export interface RowProblem {
  /** The row as a spreadsheet numbers it: the header is row 1, the first sheet row 2. */
  row: number;
  column: string;
  message: string;
}

export interface ParsedRow {
  row: number;
  sheet: NewSheet;
}

export interface CheckedFile {
  rows: ParsedRow[];
  problems: RowProblem[];
  /** Data rows read (valid or not). */
  count: number;
}

const FIELD_COLUMN: Record<string, Column> = {
  name: 'name',
  slug: 'slug',
  summary: 'summary',
  audience: 'audience',
  body: 'body',
  category: 'category',
  access: 'access',
  url: 'url',
  cost: 'cost',
  times: 'times',
  lifeEvents: 'life_events',
  faqs: 'faqs',
  contacts: 'contacts',
  topics: 'topics',
  deskServices: 'desk_services',
  steps: 'steps',
};

/** A problem's words, from the guides' dictionary (messages.ts), in Italian as the report is written. */
const say = (key: string, vars?: Record<string, string | number>) => t('it', key, vars);

function jsonCell(value: string, what: string): { ok: true; value: unknown[] } | { ok: false; message: string } {
  if (!value.trim()) return { ok: true, value: [] };
  try {
    const parsed = JSON.parse(value) as unknown;
    if (!Array.isArray(parsed)) return { ok: false, message: say('guides.csv.notList', { what }) };
    return { ok: true, value: parsed };
  } catch {
    return { ok: false, message: say('guides.csv.badJson', { what }) };
  }
}

function zodMessage(issue: z.core.$ZodIssue): string {
  const path = issue.path.slice(1).join('.');
  const message = issueText(issue);
  return path ? `${path}: ${message}` : message;
}

/**
 * Reads and checks a whole file before anything is written: every problem of every row, by row and
 * column (missing names, bad addresses, unknown categories, slugs repeated in the file or already
 * used by the organisation's sheets).
 */
export async function checkCsv(text: string, existingSlugs: (slugs: string[]) => Promise<Set<string>>): Promise<CheckedFile> {
  const problems: RowProblem[] = [];
  let table: string[][];
  try {
    table = parseCsv(text);
  } catch (err) {
    const e = err as CsvSyntaxError;
    return { rows: [], problems: [{ row: e.row ?? 1, column: '', message: say('guides.csv.unreadable', { error: e.message }) }], count: 0 };
  }
  if (table.length === 0) return { rows: [], problems: [{ row: 1, column: '', message: say('guides.csv.empty') }], count: 0 };
  const header = table[0].map((h) => h.trim().toLowerCase());
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    if (!h) return;
    if (!(COLUMNS as readonly string[]).includes(h)) {
      problems.push({ row: 1, column: h, message: say('guides.csv.unknownColumn', { columns: COLUMNS.join(', ') }) });
    } else if (index.has(h)) {
      problems.push({ row: 1, column: h, message: say('guides.csv.repeatedColumn') });
    } else index.set(h, i);
  });
  for (const c of REQUIRED) if (!index.has(c)) problems.push({ row: 1, column: c, message: say('guides.csv.missingColumn') });
  const data = table.slice(1);
  if (data.length === 0) problems.push({ row: 2, column: '', message: say('guides.csv.noRows') });
  if (data.length > MAX_ROWS) {
    problems.push({ row: MAX_ROWS + 2, column: '', message: say('guides.csv.tooManyRows', { max: MAX_ROWS }) });
    return { rows: [], problems, count: data.length };
  }
  if (problems.length > 0) return { rows: [], problems, count: data.length };

  const cell = (r: string[], c: Column) => {
    const i = index.get(c);
    return i === undefined ? '' : unDefuse(r[i] ?? '');
  };
  const rows: ParsedRow[] = [];
  const firstRowOfSlug = new Map<string, number>();
  data.forEach((r, i) => {
    const row = i + 2;
    const rowProblems: RowProblem[] = [];
    if (r.length > header.length && r.slice(header.length).some((x) => x.trim() !== '')) {
      rowProblems.push({ row, column: '', message: say('guides.csv.extraFields', { fields: r.length, header: header.length }) });
    }
    const faqs = jsonCell(cell(r, 'faqs'), say('guides.csv.faqs'));
    if (!faqs.ok) rowProblems.push({ row, column: 'faqs', message: faqs.message });
    const steps = jsonCell(cell(r, 'steps'), say('guides.csv.steps'));
    if (!steps.ok) rowProblems.push({ row, column: 'steps', message: steps.message });
    const category = cell(r, 'category').trim().toLowerCase();
    const input = {
      name: cell(r, 'name'),
      slug: cell(r, 'slug').trim() || undefined,
      summary: cell(r, 'summary'),
      audience: cell(r, 'audience'),
      body: cell(r, 'body'),
      category,
      access: list(cell(r, 'access').toLowerCase()),
      url: cell(r, 'url'),
      cost: cell(r, 'cost'),
      times: cell(r, 'times'),
      lifeEvents: list(cell(r, 'life_events').toLowerCase()),
      faqs: faqs.ok ? faqs.value : [],
      contacts: cell(r, 'contacts'),
      topics: list(cell(r, 'topics')),
      deskServices: list(cell(r, 'desk_services')),
      steps: steps.ok ? steps.value : [],
    };
    const parsed = SheetContent.safeParse(input);
    if (!parsed.success) {
      const seen = new Set<string>();
      for (const issue of parsed.error.issues) {
        const column = FIELD_COLUMN[String(issue.path[0])] ?? String(issue.path[0] ?? '');
        let message = zodMessage(issue);
        if (column === 'category' && !category) message = say('guides.csv.noCategory');
        else if (column === 'category') message = say('guides.csv.unknownCategory', { category, categories: CATEGORIES.join(', ') });
        const key = `${column}|${message}`;
        if (!seen.has(key)) {
          seen.add(key);
          rowProblems.push({ row, column, message });
        }
      }
    }
    const rawStatus = cell(r, 'status').trim().toLowerCase();
    const status = SheetStatusField.safeParse(STATUS_WORDS[rawStatus] ?? (rawStatus || 'draft'));
    if (!status.success)
      rowProblems.push({
        row,
        column: 'status',
        message: say('guides.csv.unknownStatus', { status: rawStatus, statuses: STATUSES.join(', ') }),
      });

    const slug = input.slug ?? (input.name.trim() ? slugify(input.name) : '');
    if (slug && !rowProblems.some((p) => p.column === 'slug')) {
      const first = firstRowOfSlug.get(slug);
      if (first !== undefined) {
        rowProblems.push({ row, column: 'slug', message: say('guides.csv.slugRepeated', { slug, first }) });
      } else firstRowOfSlug.set(slug, row);
    }
    problems.push(...rowProblems);
    if (rowProblems.length === 0 && parsed.success && status.success) {
      rows.push({ row, sheet: { content: { ...parsed.data, slug } as NewSheet['content'], status: status.data } });
    }
  });
  const existing = await existingSlugs([...firstRowOfSlug.keys()]);
  for (const [slug, row] of firstRowOfSlug) {
    if (existing.has(slug)) problems.push({ row, column: 'slug', message: say('guides.csv.slugTaken', { slug }) });
  }
  problems.sort((a, b) => a.row - b.row || COLUMNS.indexOf(a.column as Column) - COLUMNS.indexOf(b.column as Column));
  const bad = new Set(problems.map((p) => p.row));
  return { rows: rows.filter((r) => !bad.has(r.row)), problems, count: data.length };
}
