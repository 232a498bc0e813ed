import type { ZipPassThrough } from 'fflate';
import type { Principal } from '../../core/auth.js';
import type { Deps } from '../../core/deps.js';
import { newId } from '../../core/ids.js';
import { nowIso } from '../../core/time.js';
import type { Programme } from '../programmes/service.js';
import { NATIONAL_COLUMNS, NATIONAL_FILE_ROWS } from './national-checks.js';
import { type NationalPiece, type NationalScope, type NationalSummary, nationalRun } from './national-export.js';
import * as repo from './repo.js';

/**
 * The files of a national export as the platform takes them: CSV for programmes of the
 * facilitation network (RFD), a workbook for the Servizio Civile Digitale (SCD) with the same 33
 * columns after three heading rows; at most 9,000 rows a file, so a larger export is several
 * numbered files (a zip for the browser, a folder for the command line). Every export is recorded
 * as a numbered batch of the records it carried.
 */

export interface NationalFileEvent {
  /** A file starts (`name`), receives data, or ends. */
  kind: 'start' | 'data' | 'end';
  index: number;
  name: string;
  data?: string | Uint8Array;
}

export const MEDIA = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  zip: 'application/zip',
} as const;

export function nationalExtension(programme: Programme): 'csv' | 'xlsx' {
  return programme.nationalPolicy === 'SCD' ? 'xlsx' : 'csv';
}

/** `servizi-<programme code or id>-<from>-<to>-<n>.csv`: names staff can tell apart in a folder of uploads. */
export function nationalFileName(programme: Programme, scope: NationalScope, index: number): string {
  return `${stem(programme, scope)}-${String(index).padStart(3, '0')}.${nationalExtension(programme)}`;
}

const stem = (programme: Programme, scope: NationalScope) =>
  `servizi-${(programme.nationalProgrammeCode ?? programme.id.slice(-8)).replace(/[^A-Za-z0-9_-]/g, '-')}-${scope.from}-${scope.to}`;

/** The three heading rows of the Servizio Civile Digitale workbook, above the 33 columns' data. */
const SCD_HEADINGS = [
  ['Servizio Civile Digitale — caricamento massivo dei servizi di facilitazione'],
  ['I dati iniziano dalla quarta riga; i codici delle risposte sono quelli della guida al caricamento massivo.'],
  [...NATIONAL_COLUMNS],
];

/** One workbook of the SCD upload: headings, then one row of text cells per service. */
export async function nationalWorkbook(rows: string[][]): Promise<Uint8Array> {
  // Loaded when a workbook is made: most programmes upload CSV, and the library weighs 30 MB.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Ponte';
  const ws = wb.addWorksheet('Servizi');
  // Every cell is text (never a formula, whatever it starts with), as the platform reads it.
  for (const r of [...SCD_HEADINGS, ...rows]) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/**
 * The export as a sequence of file events; returns the summary (what was written, what was refused).
 * CSV text streams as it comes; a workbook is made whole (at most 9,000 rows) when its rows are in.
 */
export async function* nationalFiles(
  deps: Deps,
  programme: Programme,
  scope: NationalScope,
  opts: { onProgress?: (rows: number) => void; limit?: number } = {},
): AsyncGenerator<NationalFileEvent, NationalSummary> {
  const run = nationalRun(deps, programme, scope, { write: true, ...opts });
  let current = 0;
  for (;;) {
    const step = await run.next();
    if (step.done) {
      if (current) yield { kind: 'end', index: current, name: nationalFileName(programme, scope, current) };
      return step.value;
    }
    const piece: NationalPiece = step.value;
    const name = nationalFileName(programme, scope, piece.file);
    if (piece.file !== current) {
      if (current) yield { kind: 'end', index: current, name: nationalFileName(programme, scope, current) };
      current = piece.file;
      yield { kind: 'start', index: current, name };
    }
    if (piece.text !== undefined) yield { kind: 'data', index: current, name, data: piece.text };
    else if (piece.rows) yield { kind: 'data', index: current, name, data: await nationalWorkbook(piece.rows) };
  }
}

/** How an export reached its user, for the batch. */
export interface Delivered {
  summary: NationalSummary;
  files: number;
}

/**
 * Records a finished export as the programme's next numbered batch: the records it carried (all
 * those of its scope not changed since it started, less the refused ones), flagged as corrections
 * where they had been sent before; and marks them sent. Set-based, whatever the number of records.
 */
export async function recordBatch(
  deps: Deps,
  principal: Principal | null,
  programme: Programme,
  scope: NationalScope,
  delivered: Delivered,
  startedAt: string,
  refusedIds: Iterable<string>,
): Promise<{ id: string; number: number; rows: number; corrections: number }> {
  const id = newId();
  const format = programme.nationalPolicy === 'SCD' ? 'xlsx' : 'csv';
  return deps.db.k.transaction().execute(async (trx) => {
    const number = await repo.nextBatchNumber(trx, programme.id);
    await trx
      .insertInto('facilitation_batches')
      .values({
        id,
        programme_id: programme.id,
        number,
        format,
        period_from: scope.from,
        period_to: scope.to,
        pending_only: scope.pending ? 1 : 0,
        rows: delivered.summary.valid,
        corrections: 0,
        files: delivered.files,
        created_by: principal?.userId ?? null,
        created_at: nowIso(),
        uploaded_at: null,
        uploaded_by: null,
        outcome_name: null,
        outcome: null,
      })
      .execute();
    const filled = await repo.fillBatch(
      trx,
      deps.db.dialect,
      id,
      { programme: programme.id, from: scope.from, to: scope.to, pending: scope.pending },
      startedAt,
      [...refusedIds],
    );
    // What the batch holds: the rows written, less any changed while the files were made (those stay to send).
    await trx
      .updateTable('facilitation_batches')
      .set({ rows: filled.rows, corrections: filled.corrections })
      .where('id', '=', id)
      .execute();
    const details = { batch: number, rows: filled.rows, corrections: filled.corrections, files: delivered.files };
    await repo.auditProgramme(trx, principal, programme, 'facilitation.batch', details);
    return { id, number, ...filled };
  });
}

/** Every refused id of a run (the summary lists only the first ones): read again without writing. */
export async function refusedIdsOf(deps: Deps, programme: Programme, scope: NationalScope, summary: NationalSummary): Promise<string[]> {
  if (summary.rejected <= summary.issues.length) return summary.issues.map((i) => i.id);
  const run = nationalRun(deps, programme, scope, { write: false, limit: summary.rejected + 1000 });
  for (;;) {
    const step = await run.next();
    if (step.done) return step.value.issues.map((i) => i.id);
  }
}

/**
 * A zip of the files, as it is made: entries are stored (CSV is text the zip would compress, but
 * the platform takes each file on its own, and a stored entry streams with no buffering).
 */
export async function* zipFiles(events: AsyncIterable<NationalFileEvent>): AsyncGenerator<Uint8Array> {
  const { Zip, ZipPassThrough: Entry } = await import('fflate');
  const out: Uint8Array[] = [];
  let failed: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failed = err;
    else out.push(chunk);
  });
  let entry: ZipPassThrough | null = null;
  const enc = new TextEncoder();
  for await (const e of events) {
    if (e.kind === 'start') {
      entry = new Entry(e.name);
      zip.add(entry);
    } else if (e.kind === 'data' && entry && e.data !== undefined) {
      entry.push(typeof e.data === 'string' ? enc.encode(e.data) : e.data);
    } else if (e.kind === 'end' && entry) {
      entry.push(new Uint8Array(0), true);
      entry = null;
    }
    if (failed) throw failed;
    while (out.length) yield out.shift() as Uint8Array;
  }
  zip.end();
  if (failed) throw failed;
  while (out.length) yield out.shift() as Uint8Array;
}

export interface Download {
  /** The media type and file name of what is sent: the one file, or a zip of several. */
  type: string;
  name: string;
  body: AsyncGenerator<string | Uint8Array>;
}

/**
 * A national export ready to send: one file as itself, several as a zip of them. The first file is
 * held (at most 9,000 rows) until it is known whether a second follows; everything after streams.
 * When the last byte has gone the export is recorded as the programme's next batch (an export
 * that fails or is abandoned is not). `onDone` hears the summary and the batch.
 */
export async function nationalDownload(
  deps: Deps,
  principal: Principal | null,
  programme: Programme,
  scope: NationalScope,
  onDone?: (
    summary: NationalSummary,
    batch: { id: string; number: number; rows: number; corrections: number } | null,
  ) => void | Promise<void>,
): Promise<Download> {
  const startedAt = nowIso();
  const events = nationalFiles(deps, programme, scope);
  const held: NationalFileEvent[] = [];
  let summary: NationalSummary | null = null;
  let second: NationalFileEvent | null = null;
  for (;;) {
    const step = await events.next();
    if (step.done) {
      summary = step.value;
      break;
    }
    if (step.value.kind === 'start' && step.value.index > 1) {
      second = step.value;
      break;
    }
    held.push(step.value);
  }
  const finish = async (s: NationalSummary, files: number) => {
    const batch =
      s.valid > 0
        ? await recordBatch(
            deps,
            principal,
            programme,
            scope,
            { summary: s, files },
            startedAt,
            await refusedIdsOf(deps, programme, scope, s),
          )
        : null;
    await onDone?.(s, batch);
  };
  const ext = nationalExtension(programme);
  if (!second) {
    const done = summary as NationalSummary;
    const name = held.find((e) => e.kind === 'start')?.name ?? nationalFileName(programme, scope, 1);
    async function* one(): AsyncGenerator<string | Uint8Array> {
      let any = false;
      for (const e of held) {
        if (e.kind === 'data' && e.data !== undefined) {
          any = true;
          yield e.data;
        }
      }
      if (!any && ext === 'csv') yield `${NATIONAL_COLUMNS.join(',')}\r\n`;
      if (!any && ext === 'xlsx') yield await nationalWorkbook([]);
      await finish(done, 1);
    }
    return { type: MEDIA[ext], name, body: one() };
  }
  const first = second;
  async function* all(): AsyncGenerator<NationalFileEvent> {
    yield* held;
    yield first;
    let files = first.index;
    for (;;) {
      const step = await events.next();
      if (step.done) {
        await finish(step.value, files);
        return;
      }
      if (step.value.kind === 'start') files = step.value.index;
      yield step.value;
    }
  }
  return {
    type: MEDIA.zip,
    name: `${stem(programme, scope)}.zip`,
    body: zipFiles(all()),
  };
}

export { NATIONAL_FILE_ROWS };
