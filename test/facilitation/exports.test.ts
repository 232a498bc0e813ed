import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fiscalCodeFlag from '../../src/db/migrations/014_records_fiscal_code_flag.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { parseCsv } from '../../src/modules/facilitation/imports.js';
import { NATIONAL_COLUMNS } from '../../src/modules/facilitation/national-checks.js';
import * as svc from '../../src/modules/facilitation/service.js';
import { createVenue } from '../../src/modules/organisations/service.js';
import { createProgramme } from '../../src/modules/programmes/service.js';
import { createTestApp, DIALECTS, type TestApp } from '../helpers.js';
import { counts, daysAgo, expectRollupsConsistent, makeCf, makeWorld, recordBody, type World } from './fixtures.js';

/** A CSV as objects keyed by its header. */
function table(csv: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(csv);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

const csvOf = (rows: Record<string, string>[]) => {
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `${NATIONAL_COLUMNS.join(',')}\r\n${rows.map((r) => NATIONAL_COLUMNS.map((c) => cell(r[c] ?? '')).join(',')).join('\r\n')}\r\n`;
};

describe.each(DIALECTS)('facilitation files (%s)', (dialect) => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await makeWorld(t);
  });
  afterAll(() => t.close());

  const exportNational = async (programme: string, from = '2000-01-01', to = daysAgo(0)) => {
    const res = await w.api.staff('GET', `/api/v1/programmes/${programme}/facilitations/export?from=${from}&to=${to}&format=national`);
    expect(res.statusCode, res.body).toBe(200);
    return res;
  };

  it('exports the national bulk-upload layout: its column names and letter codes exactly, several answers joined with ":"', async () => {
    const cf = makeCf({ birth: '1979-11-30', letters: 'SPSLCA', female: true });
    const created = await w.api.facilitator(
      'POST',
      '/api/v1/facilitations',
      recordBody(
        w,
        {
          date: daysAgo(3),
          duration: '01:05',
          kinds: ['C', 'A'],
          competences: [11, 1, 9],
          services: ['N', 'A'],
          details: 'Dichiarazione, "precompilata"; e SPID',
        },
        { fiscalCode: cf, education: 'I', employment: 'C', citizenship: 'B', province: 'FI' },
      ),
    );
    expect(created.statusCode, created.body).toBe(201);
    const res = await exportNational(w.national);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('attachment');
    const [header] = parseCsv(res.body);
    expect(header).toEqual([
      'IDFacilitatore',
      'NominativoFacilitatore',
      'IDSede',
      'NominativoSede',
      'AN1',
      'AN2',
      'AN3',
      'AN4',
      'AN5',
      'AN6',
      'AN7',
      'AN8',
      'AN9',
      'AN10',
      'AN11',
      'AN12',
      'AN14',
      'AN17',
      'PR1',
      'PR2',
      'SE1',
      'SE2',
      'SE3',
      'SE4',
      'SE5',
      'SE6',
      'SE7',
      'ES1',
      'ES2',
      'ES3',
      'ES4',
      'ES5',
      'ES6',
    ]);
    const row = table(res.body).find((r) => r.AN3 === cf)!;
    const facilitator = await t.db.k
      .selectFrom('users')
      .select(['national_id'])
      .where('id', '=', w.users.facilitator.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      IDFacilitatore: facilitator.national_id,
      NominativoFacilitatore: 'Conti Giulia',
      IDSede: expect.stringMatching(/^\d+001$/),
      NominativoSede: 'Biblioteca Lazzerini',
      AN1: 'Maria',
      AN2: 'Rossi',
      AN3: cf,
      AN4: 'NO',
      AN5: '',
      AN6: '',
      AN7: 'A',
      AN8: 'B',
      AN9: 'I',
      AN10: 'C',
      AN11: 'B',
      AN12: 'Firenze',
      AN14: '',
      AN17: '',
      PR1: '',
      PR2: '',
      SE1: daysAgo(3),
      SE2: '01:05',
      SE3: 'A:C',
      SE4: 'A:B:D',
      SE5: '1:9:11',
      SE6: 'A:N',
      SE7: 'Dichiarazione, "precompilata"; e SPID',
      ES1: '',
      ES2: '',
      ES3: '',
      ES4: '',
      ES5: '',
      ES6: '',
    });
    // The export is in the audit trail, with who and what; the codice fiscale is not.
    const audit = await t.db.k.selectFrom('audit_log').selectAll().where('action', '=', 'facilitation.export.national').execute();
    expect(audit.at(-1)).toMatchObject({ user_id: w.users.staff.id, entity_id: w.national, organisation_id: w.org });
    expect(JSON.parse(audit.at(-1)!.details!)).toMatchObject({ format: 'national', via: 'api' });
    expect(audit.at(-1)!.details).not.toContain(cf);
  });

  it('is for the programme’s staff only', async () => {
    for (const who of ['facilitator', 'partner', 'otherStaff'] as const) {
      const res = await w.api[who](
        'GET',
        `/api/v1/programmes/${w.national}/facilitations/export?from=2000-01-01&to=${daysAgo(0)}&format=national`,
      );
      expect(res.statusCode, who).toBe(403);
    }
  });

  it('lists before the download the records the national platform would reject, and why', async () => {
    const programme = (
      await createProgramme(t.db, null, {
        organisation: w.org,
        name: 'Verifica',
        funding: 'PNRR M1C1 1.7.2',
        start: daysAgo(200),
        end: daysAgo(-200),
      })
    ).id;
    const bare = (await createVenue(t.db, w.org, { name: 'Sala senza codice', address: 'Via Roma 1', municipality: '100005' })).id;
    const { id: nobody } = await createUser(t.db, {
      email: 'senza.codice@esempio.it',
      name: 'Senza Codice',
      role: 'facilitator',
      organisation: w.org,
    });
    const names = { firstName: 'Anna', lastName: 'Bianchi' };
    const good = await w.api.staff('POST', '/api/v1/facilitations', recordBody(w, { programme }, names));
    const noVenueId = await w.api.staff('POST', '/api/v1/facilitations', recordBody(w, { programme, venue: bare }, names));
    const noFacilitatorId = await w.api.staff('POST', '/api/v1/facilitations', recordBody(w, { programme, facilitator: nobody }, names));
    const group = await w.api.staff('POST', '/api/v1/facilitations/groups', {
      programme,
      venue: w.venue,
      date: daysAgo(2),
      duration: '01:00',
      kinds: ['B'],
      competences: [6],
      services: ['B'],
      attendees: [{ ageBand: '55-74' }],
    });
    for (const r of [good, noVenueId, noFacilitatorId, group]) expect(r.statusCode, r.body).toBe(201);
    const res = await w.api.staff('GET', `/api/v1/programmes/${programme}/facilitations/precheck?from=2000-01-01&to=${daysAgo(0)}`);
    expect(res.statusCode).toBe(200);
    const check = res.json();
    expect(check).toMatchObject({ total: 4, valid: 1, rejected: 3 });
    type Issue = { id: string; reasons: string[]; fixes: { kind: string; id: string }[] };
    const byId = new Map<string, Issue>(check.issues.map((i: Issue) => [i.id, i]));
    // The platform's own words, and where each is fixed.
    expect(byId.get(noVenueId.json().id)).toMatchObject({
      reasons: ['Il campo "IDSede" e\' obbligatorio e non puo essere vuoto.'],
      fixes: [{ kind: 'venue', id: bare }],
    });
    expect(byId.get(noFacilitatorId.json().id)).toMatchObject({
      reasons: ['I campi "IDFacilitatore, NominativoFacilitatore" sono obbligatori e non possono essere vuoti.'],
      fixes: [{ kind: 'facilitator', id: nobody }],
    });
    expect(byId.get(group.json().ids[0])).toMatchObject({
      reasons: ['I campi "AN1, AN2, AN3, AN4, AN7, AN9, AN10, AN11, AN12" sono obbligatori e non possono essere vuoti.'],
      fixes: [{ kind: 'record', id: group.json().ids[0] }],
    });
    expect(check.byReason['Il campo "IDSede" e\' obbligatorio e non puo essere vuoto.']).toBe(1);
  });

  it('imports the same layout: the dry run lists every rejected row and why, and a failing import writes nothing', async () => {
    const exported = table((await exportNational(w.national)).body);
    // Another day than the record exported: the same service to the same citizen twice is a duplicate.
    const good: Record<string, string> = { ...exported[0], SE1: daysAgo(12) };
    const rows = [
      good,
      { ...good, SE1: daysAgo(-2) },
      { ...good, SE2: '13:00' },
      { ...good, SE3: 'A:Z' },
      { ...good, AN3: `${good.AN3.slice(0, 15)}${good.AN3[15] === 'A' ? 'B' : 'A'}` },
      { ...good, IDSede: 'NESSUNA', NominativoSede: 'Sede inesistente' },
      { ...good, AN9: 'Q' },
      { ...good, SE7: 'x'.repeat(601) },
      { ...good, AN4: 'SI', AN3: '' },
      exported[0],
      good,
    ];
    const before = await counts(t);
    const dry = await t.app.inject({
      method: 'POST',
      url: `/api/v1/programmes/${w.national}/facilitations/import?dryRun=true`,
      headers: { authorization: `Bearer ${w.users.staff.token}`, 'content-type': 'text/csv' },
      payload: csvOf(rows),
    });
    expect(dry.statusCode, dry.body).toBe(200);
    const report = dry.json();
    expect(report).toMatchObject({ dryRun: true, rows: 11, valid: 1, rejected: 10, imported: 0 });
    const byRow = new Map<number, string[]>();
    for (const i of report.issues) byRow.set(i.row, [...(byRow.get(i.row) ?? []), `${i.column}: ${i.message}`]);
    expect([...byRow.keys()].sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(byRow.get(3)!.join()).toContain('futuro');
    expect(byRow.get(4)!.join()).toContain('12 ore');
    expect(byRow.get(5)!.join()).toContain('SE3');
    expect(byRow.get(6)!.join()).toContain('controllo');
    expect(byRow.get(7)!.join()).toContain('sede non trovata');
    expect(byRow.get(8)!.join()).toContain('AN9');
    expect(byRow.get(9)!.join()).toContain('600');
    expect(byRow.get(10)!.join()).toContain('codice fiscale è obbligatorio');
    // A row repeating a record already written, and one repeating an earlier row of the file.
    expect(byRow.get(11)!.join()).toContain('già registrato per lo stesso cittadino');
    expect(byRow.get(12)!.join()).toContain('ripete un’altra riga del file');
    expect(await counts(t)).toEqual(before);

    const real = await t.app.inject({
      method: 'POST',
      url: `/api/v1/programmes/${w.national}/facilitations/import`,
      headers: { authorization: `Bearer ${w.users.staff.token}`, 'content-type': 'text/csv' },
      payload: csvOf(rows),
    });
    expect(real.statusCode).toBe(422);
    expect(await counts(t)).toEqual(before);

    const ok = await t.app.inject({
      method: 'POST',
      url: `/api/v1/programmes/${w.national}/facilitations/import`,
      headers: { authorization: `Bearer ${w.users.staff.token}`, 'content-type': 'text/csv' },
      payload: csvOf([good, { ...good, SE1: daysAgo(10) }]),
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ imported: 2, rejected: 0 });
    const imported = await t.db.k.selectFrom('facilitation_records').selectAll().where('id', 'in', ok.json().ids).execute();
    expect(imported.map((r) => r.source)).toEqual(['import', 'import']);
    const audit = await t.db.k.selectFrom('audit_log').selectAll().where('action', '=', 'facilitation.import').execute();
    expect(JSON.parse(audit.at(-1)!.details!)).toEqual({ records: 2 });
    // A file without the layout's columns is refused as a whole.
    const wrong = await t.app.inject({
      method: 'POST',
      url: `/api/v1/programmes/${w.national}/facilitations/import?dryRun=true`,
      headers: { authorization: `Bearer ${w.users.staff.token}`, 'content-type': 'text/csv' },
      payload: 'nome,data\nMario,2025-01-01\n',
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().detail).toContain('IDFacilitatore');
  });

  it('gives back the same records when any valid set is exported and imported again (property)', async () => {
    const cfs = [
      makeCf({ birth: '1950-01-01', letters: 'AAAXXX' }),
      makeCf({ birth: '1988-08-08', letters: 'BBBYYY', female: true }),
      makeCf({ birth: '2001-12-12', letters: 'CCCZZZ', omocodia: 2 }),
    ];
    const venues = [w.venue, w.venue2, w.partnerVenue];
    const facilitators = [w.users.facilitator.id, w.users.facilitator2.id, w.users.staff.id];
    const subset = <T>(xs: readonly T[]) => fc.subarray([...xs], { minLength: 1 });
    const text = fc.string({ unit: fc.constantFrom('a', 'è', ',', '"', ';', ':', '\n', ' ', 'Z', '€', "'"), maxLength: 40 });
    const record = fc.record({
      day: fc.integer({ min: 1, max: 150 }),
      minutes: fc.integer({ min: 1, max: 720 }),
      kinds: subset(['A', 'B', 'C', 'D', 'E']),
      competences: subset([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]),
      services: fc.oneof(subset(['A', 'B', 'C', 'D', 'M', 'N', 'Q', 'R']), fc.constant(['S'])),
      details: text,
      cf: fc.integer({ min: 0, max: 2 }),
      venue: fc.integer({ min: 0, max: 2 }),
      facilitator: fc.integer({ min: 0, max: 2 }),
      education: fc.constantFrom('A', 'C', 'H', 'L'),
      employment: fc.constantFrom('A', 'D', 'G', 'H'),
      citizenship: fc.constantFrom('A', 'B', 'C'),
      province: fc.constantFrom('Prato', 'Firenze', 'Reggio nell’Emilia'),
      pr1: fc.constantFrom('', 'SI', 'NO'),
      es1: fc.option(subset(['A', 'L', 'M']), { nil: undefined }),
      es3: fc.constantFrom('', 'A', 'C'),
      es4: text,
      es6: fc.constantFrom('', '1', '3', '5'),
    });
    const users = await t.db.k.selectFrom('users').select(['id', 'national_name', 'national_id']).where('id', 'in', facilitators).execute();
    const venueRows = await t.db.k.selectFrom('venues').select(['id', 'name', 'national_id']).where('id', 'in', venues).execute();
    const sortRows = (rows: Record<string, string>[]) => rows.map((r) => JSON.stringify(r)).sort();
    await fc.assert(
      // No two records the same service to the same citizen: the platform (and Ponte) refuse duplicates.
      fc.asyncProperty(
        fc.uniqueArray(record, {
          minLength: 1,
          maxLength: 8,
          selector: (r) =>
            JSON.stringify([
              r.cf,
              r.day,
              r.minutes,
              [...r.kinds].sort(),
              [...r.competences].sort(),
              [...r.services].sort(),
              r.details.trim(),
            ]),
        }),
        async (set) => {
          const programme = (
            await createProgramme(t.db, null, {
              organisation: w.org,
              name: 'Andata e ritorno',
              funding: 'PNRR M1C1 1.7.2',
              start: daysAgo(200),
              end: daysAgo(-30),
              partners: [w.partner],
            })
          ).id;
          // Arbitrary valid rows, written in the layout a spreadsheet would hold.
          const rows = set.map((r) => {
            const u = users.find((x) => x.id === facilitators[r.facilitator])!;
            const v = venueRows.find((x) => x.id === venues[r.venue])!;
            return {
              IDFacilitatore: u.national_id!,
              NominativoFacilitatore: u.national_name!,
              AN1: 'Maria',
              AN2: "Dell'Acqua",
              IDSede: v.national_id!,
              NominativoSede: v.name,
              AN3: cfs[r.cf],
              AN4: 'NO',
              AN9: r.education,
              AN10: r.employment,
              AN11: r.citizenship,
              AN12: r.province,
              PR1: r.pr1,
              SE1: daysAgo(r.day),
              SE2: `${String(Math.floor(r.minutes / 60)).padStart(2, '0')}:${String(r.minutes % 60).padStart(2, '0')}`,
              SE3: r.kinds.join(':'),
              SE5: r.competences.join(':'),
              SE6: r.services.join(':'),
              SE7: r.details,
              ES1: r.es1?.join(':') ?? '',
              ES3: r.es3,
              ES4: r.es4,
              ES6: r.es6,
            } as Record<string, string>;
          });
          const importFile = async (csv: string) => {
            const res = await t.app.inject({
              method: 'POST',
              url: `/api/v1/programmes/${programme}/facilitations/import`,
              headers: { authorization: `Bearer ${w.users.staff.token}`, 'content-type': 'text/csv' },
              payload: csv,
            });
            expect(res.statusCode, res.body).toBe(201);
            return res.json().ids as string[];
          };
          const snapshot = async () =>
            (await t.db.k.selectFrom('facilitation_records').selectAll().where('programme_id', '=', programme).execute())
              .map(({ id: _i, created_at: _c, updated_at: _u, survey_answered_at: _a, created_by: _b, ...rest }) => JSON.stringify(rest))
              .sort();
          const ids = await importFile(csvOf(rows));
          const first = (await exportNational(programme)).body;
          const records = await snapshot();
          for (const id of ids) expect((await w.api.staff('DELETE', `/api/v1/facilitations/${id}`)).statusCode).toBe(204);
          await importFile(first);
          const second = (await exportNational(programme)).body;
          expect(sortRows(table(second))).toEqual(sortRows(table(first)));
          expect(await snapshot()).toEqual(records);
          expect(table(first)).toHaveLength(set.length);
        },
      ),
      { numRuns: 12 },
    );
    await expectRollupsConsistent(t);
  });

  it('says in the staff CSV whether each citizen was identified by codice fiscale, also after a correction', async () => {
    const post = async (citizen: Record<string, unknown>) => {
      const res = await w.api.facilitator(
        'POST',
        '/api/v1/facilitations',
        recordBody(w, { programme: w.local, date: daysAgo(2) }, citizen),
      );
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const byCard = await post({ fiscalCode: undefined, identifier: 'tessera-biblioteca-4711' });
    const byCode = await post({ fiscalCode: makeCf({ birth: '1961-02-03', letters: 'PRSCSV' }) });
    const stillByCard = await post({ fiscalCode: undefined, identifier: 'tessera-biblioteca-4712' });
    const plain = async () => {
      const res = await w.api.staff(
        'GET',
        `/api/v1/programmes/${w.local}/facilitations/export?from=2000-01-01&to=${daysAgo(0)}&format=csv`,
      );
      expect(res.statusCode, res.body).toBe(200);
      return new Map(table(res.body).map((r) => [r.id, r.codice_fiscale_presente]));
    };
    let present = await plain();
    expect([present.get(byCard), present.get(byCode)]).toEqual(['no', 'sì']);

    // The card holder gives their codice fiscale; the other record only changes its duration.
    const added = await w.api.facilitator('PATCH', `/api/v1/facilitations/${byCard}`, {
      citizen: { fiscalCode: makeCf({ birth: '1958-07-21', letters: 'TSSBBL' }) },
    });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json().citizen.hasFiscalCode).toBe(true);
    const kept = await w.api.facilitator('PATCH', `/api/v1/facilitations/${byCode}`, { duration: '00:45' });
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json().citizen.hasFiscalCode).toBe(true);
    present = await plain();
    expect([present.get(byCard), present.get(byCode), present.get(stillByCard)]).toEqual(['sì', 'sì', 'no']);

    // A database from before the flag was kept on the record: the migration fills it in from the citizens.
    await fiscalCodeFlag.down(t.db.k);
    await fiscalCodeFlag.up(t.db.k);
    present = await plain();
    expect([present.get(byCard), present.get(byCode), present.get(stillByCard)]).toEqual(['sì', 'sì', 'no']);
  });

  it('never writes a codice fiscale in clear in any table, and sends the questionnaire without storing the e-mail in clear', async () => {
    const cf = makeCf({ birth: '1961-01-31', letters: 'PRVCLR' });
    const res = await w.api.facilitator('POST', '/api/v1/facilitations', recordBody(w, {}, { fiscalCode: cf }));
    await svc.sendQuestionnaire(t.app.deps, null, res.json().id, { email: 'privato@esempio.it' });
    const tables = (await t.db.k.introspection.getTables()).map((x) => x.name).filter((n) => !n.startsWith('kysely_'));
    let dump = '';
    for (const name of tables) {
      const rows = await t.db.k
        .selectFrom(name as 'users')
        .selectAll()
        .execute();
      dump += JSON.stringify(rows);
    }
    expect(dump.length).toBeGreaterThan(1000);
    expect(dump).not.toContain(cf);
    expect(dump).not.toContain(cf.toLowerCase());
    expect(dump).not.toContain('privato@esempio.it');
    // Nor any other codice fiscale written so far.
    expect(dump).not.toMatch(/[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]/);
    const citizen = await t.db.k
      .selectFrom('facilitation_citizens')
      .selectAll()
      .where('kind', '=', 'cf')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(citizen.cf_enc).toMatch(/^v1:[0-9a-f]{8}:/);
    expect(citizen.key_hash).toHaveLength(43);
  });
});
