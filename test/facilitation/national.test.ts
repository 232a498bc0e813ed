import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/core/ids.js';
import { dataKeys } from '../../src/modules/facilitation/crypto.js';
import { NOTE, nationalProblems } from '../../src/modules/facilitation/national-checks.js';
import { nationalPrecheck } from '../../src/modules/facilitation/national-export.js';
import { type Download, nationalDownload } from '../../src/modules/facilitation/national-files.js';
import * as repo from '../../src/modules/facilitation/repo.js';
import { updateVenue } from '../../src/modules/organisations/service.js';
import { createProgramme, getProgramme, type Programme } from '../../src/modules/programmes/service.js';
import { createTestApp, DIALECTS, type TestApp } from '../helpers.js';
import { counts, daysAgo, makeCf, makeWorld, recordBody, type World } from './fixtures.js';
import { type Registry, uploadCsv, uploadXlsx } from './national-upload.js';

/** Every byte of a download. */
async function bytesOf(d: Download): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of d.body) parts.push(typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c));
  return Buffer.concat(parts);
}

describe.each(DIALECTS)('the national upload files (%s)', (dialect) => {
  let t: TestApp;
  let w: World;
  let registry: (p: Programme) => Promise<Registry>;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await makeWorld(t);
    // What the national platform knows: the world's facilitators by "Cognome Nome", its points by name.
    registry = async (p) => ({
      facilitators: (await t.db.k.selectFrom('users').select('national_name').execute())
        .filter((u) => u.national_name)
        .map((u) => ({ name: u.national_name as string })),
      venues: (await t.db.k.selectFrom('venues').select(['name', 'national_name']).execute()).map((v) => v.national_name ?? v.name),
      start: p.start,
      end: p.end,
      minorsFrom: p.minorsFrom,
    });
  });
  afterAll(() => t.close());

  const nationalProgramme = async (over: Record<string, unknown> = {}) =>
    getProgramme(
      t.db,
      (
        await createProgramme(t.db, null, {
          organisation: w.org,
          name: `Rete ${newId().slice(-6)}`,
          funding: 'PNRR M1C1 1.7.2',
          start: daysAgo(400),
          end: daysAgo(-200),
          partners: [w.partner],
          ...over,
        })
      ).id,
    );
  const scope = (p: Programme, pending = false) => ({ programme: p.id, from: '2000-01-01', to: daysAgo(0), pending });
  const post = (body: Record<string, unknown>) => w.api.staff('POST', '/api/v1/facilitations', body);

  it('refuses names with digits or control characters, and names in a programme that keeps none, writing nothing', async () => {
    const p = await nationalProgramme();
    const before = await counts(t);
    for (const [citizen, field] of [
      [{ firstName: 'Mar1a', lastName: 'Rossi' }, 'citizen.firstName'],
      [{ firstName: 'Maria', lastName: 'Ros\u0007si' }, 'citizen.lastName'],
      [{ firstName: 'Maria', lastName: '' }, 'citizen.lastName'],
    ] as const) {
      const res = await post(recordBody(w, { programme: p.id }, citizen));
      expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(res.json().errors ?? res.json())).toContain(field.split('.')[1]);
    }
    const local = await post(recordBody(w, { programme: w.local }, { firstName: 'Maria', lastName: 'Rossi' }));
    expect(local.statusCode).toBe(422);
    expect(local.json().errors[0]).toMatchObject({ field: 'citizen.firstName' });
    expect(local.json().errors[0].message).toContain('solo nei programmi che rendicontano');
    expect(await counts(t)).toEqual(before);
  });

  it('serves a 16-year-old where the programme admits minors (AN8 = E) and refuses one where it does not', async () => {
    const teen = makeCf({ birth: `${new Date().getFullYear() - 16}-03-10`, letters: 'GVNMNR', female: true });
    const refusing = await nationalProgramme();
    const before = await counts(t);
    const refused = await post(recordBody(w, { programme: refusing.id }, { fiscalCode: teen, firstName: 'Sofia', lastName: 'Neri' }));
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].message).toContain('non ammette minori');
    expect(await counts(t)).toEqual(before);

    const admitting = await nationalProgramme({ minorsFrom: daysAgo(300) });
    const ok = await post(recordBody(w, { programme: admitting.id }, { fiscalCode: teen, firstName: 'Sofia', lastName: 'Neri' }));
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().citizen.ageBand).toBe('14-17');
    const csv = (await bytesOf(await nationalDownload(t.app.deps, null, admitting, scope(admitting)))).toString('utf8');
    const upload = uploadCsv(csv, await registry(admitting));
    expect(upload.discarded).toEqual([]);
    expect(upload.accepted).toHaveLength(1);
    expect(upload.accepted[0]).toMatchObject({ AN1: 'Sofia', AN2: 'Neri', AN3: teen, AN8: 'E' });
  });

  it('writes the venue’s national name, spreadsheet-safe free text the platform reads as typed, and never names outside it', async () => {
    const p = await nationalProgramme();
    const venue = w.venue2;
    await updateVenue(t.db, venue, { nationalName: 'Punto Digitale Facile - Casa del Popolo' });
    const res = await post(
      recordBody(
        w,
        { programme: p.id, venue, details: '=HYPERLINK("http://x.example","clic")' },
        { firstName: 'Ugo', lastName: 'Nencini' },
      ),
    );
    expect(res.statusCode, res.body).toBe(201);
    const csv = (await bytesOf(await nationalDownload(t.app.deps, null, p, scope(p)))).toString('utf8');
    // The cell starts with a double quote in a spreadsheet (text, not a formula)…
    expect(csv).toContain('"""=HYPERLINK(""http://x.example"",""clic"")"');
    expect(csv).not.toMatch(/,=HYPERLINK/);
    // …and the platform, which strips double quotes, reads the text as typed (less its quotes).
    const upload = uploadCsv(csv, await registry(p));
    expect(upload.discarded).toEqual([]);
    expect(upload.accepted[0]).toMatchObject({
      NominativoSede: 'Punto Digitale Facile - Casa del Popolo',
      SE7: '=HYPERLINK(http://x.example,clic)',
    });
    // Names go nowhere else: the staff CSV, open data, audit trail and job table do not hold them.
    const staff = await w.api.staff('GET', `/api/v1/programmes/${p.id}/facilitations/export?from=2000-01-01&to=${daysAgo(0)}&format=csv`);
    const open = await t.app.inject({ method: 'GET', url: `/api/v1/opendata/facilitations.csv?programme=${p.id}` });
    for (const body of [staff.body, open.body]) expect(body).not.toContain('Nencini');
    const audit = await t.db.k.selectFrom('audit_log').select('details').execute();
    expect(JSON.stringify(audit)).not.toContain('Nencini');
    const citizens = await t.db.k.selectFrom('facilitation_citizens').select('names_enc').execute();
    expect(JSON.stringify(citizens)).not.toContain('Nencini');
  });

  it('lists a duplicate written before the rule and leaves it out of the file, as the platform would discard it', async () => {
    const p = await nationalProgramme();
    const body = recordBody(w, { programme: p.id, date: daysAgo(5) }, { firstName: 'Rita', lastName: 'Galli' });
    const first = await post(body);
    expect(first.statusCode, first.body).toBe(201);
    // The same service again is refused at entry…
    const again = await post(body);
    expect(again.statusCode).toBe(409);
    // …but one copied in the database (as from an older version) is found by the pre-check.
    const row = await t.db.k.selectFrom('facilitation_records').selectAll().where('id', '=', first.json().id).executeTakeFirstOrThrow();
    const twin = newId();
    await t.db.k
      .insertInto('facilitation_records')
      .values({ ...row, id: twin })
      .execute();
    const check = await nationalPrecheck(t.app.deps, scope(p));
    expect(check).toMatchObject({ total: 2, valid: 1, rejected: 1 });
    expect(check.issues[0]).toMatchObject({ id: twin, reasons: [NOTE.duplicate], fixes: [{ kind: 'record', id: twin }] });
    const csv = (await bytesOf(await nationalDownload(t.app.deps, null, p, scope(p)))).toString('utf8');
    const upload = uploadCsv(csv, await registry(p));
    expect(upload.accepted).toHaveLength(1);
    expect(upload.discarded).toEqual([]);
  });

  it('writes a workbook for a Servizio Civile Digitale programme: three heading rows, then the 33 columns', async () => {
    const p = await nationalProgramme({ nationalPolicy: 'SCD', nationalProgrammeCode: 'SCD-2025-07' });
    for (const day of [3, 4]) {
      const res = await post(recordBody(w, { programme: p.id, date: daysAgo(day) }, { firstName: 'Elia', lastName: "D'Amico" }));
      expect(res.statusCode, res.body).toBe(201);
    }
    const d = await nationalDownload(t.app.deps, null, p, scope(p));
    expect(d.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(d.name).toMatch(/^servizi-SCD-2025-07-.*-001\.xlsx$/);
    const upload = uploadXlsx(new Uint8Array(await bytesOf(d)), await registry(p));
    expect(upload.refused).toBeUndefined();
    expect(upload.discarded).toEqual([]);
    expect(upload.accepted.map((r) => [r.AN1, r.AN2, r.SE1]).sort()).toEqual([
      ['Elia', "D'Amico", daysAgo(4)],
      ['Elia', "D'Amico", daysAgo(3)],
    ]);
  });

  it('fills a batch a slice of records at a time, with the same rows and corrections as in one go', async () => {
    const p = await nationalProgramme();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await post(
        recordBody(w, { programme: p.id, date: daysAgo(20 - i) }, { firstName: 'Ada', lastName: `Pieri${'i'.repeat(i)}` }),
      );
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json().id);
    }
    const fill = async (pending: boolean) => {
      const batch = newId();
      const at = new Date().toISOString();
      const n = await t.db.k.transaction().execute((trx) => repo.fillBatch(trx, t.db.dialect, batch, scope(p, pending), at, [], 2));
      const rows = await t.db.k
        .selectFrom('facilitation_batch_records')
        .select(['record_id', 'correction'])
        .where('batch_id', '=', batch)
        .execute();
      return { n, rows: new Map(rows.map((r) => [r.record_id, Number(r.correction)])) };
    };
    const first = await fill(false);
    expect(first.n).toEqual({ rows: 5, corrections: 0 });
    expect([...first.rows.keys()].sort()).toEqual([...ids].sort());
    await new Promise((r) => setTimeout(r, 5));
    expect((await fill(true)).n).toEqual({ rows: 0, corrections: 0 });
    // Two records corrected, one on each side of a slice's edge: only they are still to send.
    for (const id of [ids[1], ids[4]]) {
      expect((await w.api.staff('PATCH', `/api/v1/facilitations/${id}`, { duration: '00:50' })).statusCode).toBe(200);
    }
    const again = await fill(true);
    expect(again.n).toEqual({ rows: 2, corrections: 2 });
    expect(again.rows).toEqual(
      new Map([
        [ids[1], 1],
        [ids[4], 1],
      ]),
    );
    const all = await fill(false);
    expect(all.n).toEqual({ rows: 5, corrections: 5 });
  });

  it('records each export as a numbered batch: the next one sends what is new or corrected, flagged as corrections', async () => {
    const p = await nationalProgramme();
    const a = await post(recordBody(w, { programme: p.id, date: daysAgo(8) }, { firstName: 'Ada', lastName: 'Pieri' }));
    const b = await post(recordBody(w, { programme: p.id, date: daysAgo(7) }, { firstName: 'Bice', lastName: 'Lotti' }));
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    const page = `/api/v1/programmes/${p.id}/facilitations`;
    expect((await w.api.staff('GET', `${page}/batches`)).json().toSend).toEqual({ pending: 2, corrections: 0 });
    const first = await w.api.staff('GET', `${page}/export?from=2000-01-01&to=${daysAgo(0)}&format=national&pending=true`);
    expect(first.statusCode).toBe(200);
    expect(first.body.trim().split('\r\n')).toHaveLength(3);
    expect((await w.api.staff('GET', `${page}/batches`)).json()).toMatchObject({
      toSend: { pending: 0, corrections: 0 },
      items: [{ number: 1, rows: 2, corrections: 0, files: 1, uploadedAt: null }],
    });
    // One record is corrected and one is new: the next pending export carries both.
    await new Promise((r) => setTimeout(r, 5));
    expect((await w.api.staff('PATCH', `/api/v1/facilitations/${a.json().id}`, { duration: '00:50' })).statusCode).toBe(200);
    const c = await post(recordBody(w, { programme: p.id, date: daysAgo(6) }, { firstName: 'Ciro', lastName: 'Esposito' }));
    expect(c.statusCode).toBe(201);
    const second = await w.api.staff('GET', `${page}/export?from=2000-01-01&to=${daysAgo(0)}&format=national&pending=true`);
    const rows = second.body.trim().split('\r\n').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows.some((r) => r.includes(',00:50,'))).toBe(true);
    const batches = (await w.api.staff('GET', `${page}/batches`)).json();
    expect(batches.items[0]).toMatchObject({ number: 2, rows: 2, corrections: 1 });
    const inBatch = await t.db.k.selectFrom('facilitation_batch_records').selectAll().where('batch_id', '=', batches.items[0].id).execute();
    expect(new Map(inBatch.map((r) => [r.record_id, Number(r.correction)]))).toEqual(
      new Map([
        [a.json().id, 1],
        [c.json().id, 0],
      ]),
    );
    // Staff mark it uploaded with the platform's outcome; a second mark is a conflict.
    const mark = await w.api.staff('POST', `${page}/batches/${batches.items[0].id}/uploaded`, {
      outcome: 'riga;esito\n1;ok',
      outcomeName: 'esito.csv',
    });
    expect(mark.statusCode, mark.body).toBe(200);
    expect(mark.json()).toMatchObject({ number: 2, hasOutcome: true });
    expect((await w.api.staff('POST', `${page}/batches/${batches.items[0].id}/uploaded`, {})).statusCode).toBe(409);
    const outcome = await w.api.staff('GET', `/admin/programmes/${p.id}/export/batches/${batches.items[0].id}/esito`);
    expect(outcome.body).toBe('riga;esito\n1;ok');
  });

  it('splits 9,001 rows into two files of 9,000 and 1, in a zip; 20,000 generated records pass the platform with none refused', async () => {
    const keys = dataKeys(t.app.deps.config);
    const generate = async (p: Programme, n: number) => {
      const at = new Date().toISOString();
      const citizens = Array.from({ length: Math.ceil(n / 2) }, (_, i) => {
        const letters = ['B', 'C', 'D', 'F', 'G', 'L'].map((_, k) => String.fromCharCode(66 + (Math.floor(i / 20 ** k) % 20))).join('');
        const cf = makeCf({ birth: `${1940 + (i % 60)}-0${1 + (i % 9)}-1${i % 10}`, letters, female: i % 2 === 0 });
        return {
          id: newId(),
          organisation_id: w.org,
          key_hash: keys.hash(`cf:${cf}:${p.id}`),
          key_id: keys.currentId,
          kind: 'cf' as const,
          cf_enc: keys.encrypt(cf),
          names_enc: keys.encrypt(JSON.stringify([i % 2 ? 'Luca' : 'Laura', `Rossi${'ABCDEFGHIJ'[i % 10]}`, cf])),
          gender: i % 2 ? 'B' : 'A',
          education: 'C',
          employment: 'G',
          citizenship: 'A',
          province: 'Prato',
          created_at: at,
          updated_at: at,
        };
      });
      for (let i = 0; i < citizens.length; i += 500)
        await t.db.k
          .insertInto('facilitation_citizens')
          .values(citizens.slice(i, i + 500))
          .execute();
      const records = Array.from({ length: n }, (_, i) => {
        const c = citizens[i % citizens.length];
        return {
          id: newId(),
          programme_id: p.id,
          organisation_id: w.org,
          venue_id: w.venue,
          municipality_code: '100005',
          facilitator_id: w.users.facilitator.id,
          service_group_id: null,
          service_date: daysAgo(1 + (i % 300)),
          duration_minutes: 20 + (i % 40),
          kinds: 'A',
          competences: '9',
          areas: 'B',
          services: 'A',
          details: null,
          citizen_id: c.id,
          has_fiscal_code: 1,
          gender: c.gender,
          age_band: '55-74',
          education: 'C',
          employment: 'G',
          citizenship: 'A',
          province: 'Prato',
          consent_channel: 'CARTACEO',
          consent_date: daysAgo(1),
          first_time: null,
          previous_kinds: null,
          survey_status: 'not_sent' as const,
          survey_token_hash: null,
          survey_sent_at: null,
          survey_answered_at: null,
          es1: null,
          es2: null,
          es3: null,
          es4: null,
          es5: null,
          es6: null,
          source: 'import',
          created_by: null,
          created_at: at,
          updated_at: at,
        };
      });
      for (let i = 0; i < records.length; i += 200)
        await t.db.k
          .insertInto('facilitation_records')
          .values(records.slice(i, i + 200))
          .execute();
    };
    const files = async (p: Programme) => {
      const d = await nationalDownload(t.app.deps, null, p, scope(p));
      expect(d.type).toBe('application/zip');
      const entries = unzipSync(new Uint8Array(await bytesOf(d)));
      return Object.keys(entries)
        .sort()
        .map((name) => ({ name, text: Buffer.from(entries[name]).toString('utf8') }));
    };

    const small = await nationalProgramme();
    await generate(small, 9001);
    const two = await files(small);
    expect(two.map((f) => f.name)).toEqual([expect.stringMatching(/-001\.csv$/), expect.stringMatching(/-002\.csv$/)]);
    expect(two.map((f) => f.text.trim().split('\r\n').length - 1)).toEqual([9000, 1]);

    const big = await nationalProgramme();
    await generate(big, 20_000);
    expect((await nationalPrecheck(t.app.deps, scope(big))).rejected).toBe(0);
    const three = await files(big);
    const reg = await registry(big);
    const results = three.map((f) => uploadCsv(f.text, reg));
    expect(results.map((r) => r.accepted.length)).toEqual([9000, 9000, 2000]);
    expect(results.flatMap((r) => r.discarded)).toEqual([]);
    // Ponte's own port of the checks agrees row by row with the platform's reading.
    const ctx = { start: big.start, end: big.end, minorsAllowed: false, uploadYear: new Date().getFullYear() };
    expect(results.flatMap((r) => r.accepted).filter((row) => nationalProblems(row as never, ctx).length > 0)).toEqual([]);
  }, 180_000);
});
