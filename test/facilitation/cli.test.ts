import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/app.js';
import * as cli from '../../src/modules/facilitation/cli.js';
import { DataKeys, dataKeys } from '../../src/modules/facilitation/crypto.js';
import { parseCsv } from '../../src/modules/facilitation/imports.js';
import { nationalFiles } from '../../src/modules/facilitation/national-files.js';
import * as svc from '../../src/modules/facilitation/service.js';
import { getProgramme } from '../../src/modules/programmes/service.js';
import { bearer, createTestApp, DIALECTS, runCli, type TestApp, testConfig } from '../helpers.js';
import { daysAgo, makeCf, makeWorld, recordBody, type World } from './fixtures.js';

/** The national CSV of a programme's period, as the export writes it (without recording a batch). */
async function nationalText(deps: TestApp['app']['deps'], programmeId: string, from: string, to: string): Promise<string> {
  const programme = await getProgramme(deps.db, programmeId);
  const files = nationalFiles(deps, programme, { programme: programmeId, from, to });
  let s = '';
  for (;;) {
    const step = await files.next();
    if (step.done) return s;
    if (step.value.kind === 'data') s += step.value.data as string;
  }
}

describe.each(DIALECTS)('facilitation command line (%s)', (dialect) => {
  let t: TestApp;
  let w: World;
  let dir: string;
  const cfs = [
    makeCf({ birth: '1972-02-02', letters: 'CLIAAA' }),
    makeCf({ birth: '1948-08-08', letters: 'CLIBBB', female: true, omocodia: 1 }),
  ];
  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await makeWorld(t);
    dir = mkdtempSync(join(tmpdir(), 'ponte-fac-cli-'));
    for (const cf of cfs) {
      const res = await w.api.facilitator('POST', '/api/v1/facilitations', recordBody(w, {}, { fiscalCode: cf }));
      expect(res.statusCode, res.body).toBe(201);
    }
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('streams the national export to standard output, or to a file with --out, and logs it', async () => {
    const args = ['export', 'facilitation', '--programme', w.national, '--from', '2000-01-01', '--to', daysAgo(0), '--format', 'national'];
    const res = await runCli(args, { DATABASE_URL: t.url });
    expect(res.code, res.stderr).toBe(0);
    const rows = parseCsv(res.stdout);
    expect(rows[0][0]).toBe('IDFacilitatore');
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r[6]).sort()).toEqual(['AN3', ...cfs].sort());
    // The people and the venue as the national platform knows them, and the citizen's names (AN1, AN2).
    const facilitator = await t.db.k
      .selectFrom('users')
      .select(['national_id', 'national_name'])
      .where('id', '=', w.users.facilitator.id)
      .executeTakeFirstOrThrow();
    const venue = await t.db.k.selectFrom('venues').selectAll().where('id', '=', w.venue).executeTakeFirstOrThrow();
    for (const r of rows.slice(1)) {
      expect(r.slice(0, 6)).toEqual([facilitator.national_id, 'Conti Giulia', venue.national_id, 'Biblioteca Lazzerini', 'Maria', 'Rossi']);
      expect(r[2]).toMatch(/^\d+$/);
    }
    expect(res.stderr).toContain('Wrote 2 records (0 corrections).');
    expect(res.stderr).toContain('Batch 1 recorded: 1 file(s).');
    // No progress bar when standard error is not a terminal.
    expect(res.stderr).not.toContain('%');
    // The same command in this process, to a file: the same rows, now corrections of the first batch.
    const out = join(dir, 'nazionale.csv');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await cli.exportCommand(t.config, t.db, [...args.slice(2), '--out', out]);
      expect(stderr.mock.calls.flat().join('')).toContain('Wrote 2 records (2 corrections).');
      // To a folder: numbered files named after the programme and the period.
      const folder = join(dir, 'nazionale');
      await cli.exportCommand(t.config, t.db, [...args.slice(2), '--out', `${folder}/`]);
      const names = readdirSync(folder);
      expect(names).toEqual([expect.stringMatching(new RegExp(`^servizi-.+-2000-01-01-${daysAgo(0)}-001\\.csv$`))]);
      expect(readFileSync(join(folder, names[0]), 'utf8')).toBe(res.stdout);
    } finally {
      stderr.mockRestore();
    }
    expect(readFileSync(out, 'utf8')).toBe(res.stdout);
    // Each export is a numbered batch of the programme.
    const batches = await svc.nationalBatches(t.app.deps, w.national);
    expect(batches.map((b) => [b.number, b.rows, b.corrections, b.files])).toEqual([
      [3, 2, 2, 1],
      [2, 2, 2, 1],
      [1, 2, 0, 1],
    ]);
    const audit = await t.db.k.selectFrom('audit_log').selectAll().where('action', '=', 'facilitation.export.national').execute();
    expect(audit.filter((a) => JSON.parse(a.details!).via === 'cli')).toHaveLength(3);
    await expect(cli.exportCommand(t.config, t.db, ['--format', 'national'])).rejects.toThrow('--programme');
  });

  it('imports with a dry run that lists every rejected row, and writes nothing when a row is rejected', async () => {
    const exported = await nationalText(t.app.deps, w.national, '2000-01-01', daysAgo(0));
    const lines = exported.trim().split('\r\n');
    // Another service to the same citizen (longer: the same one twice would be a duplicate), with the names as the file spells them.
    const another = lines[1].replace(/,00:30,/, ',00:45,').replace(',Maria,Rossi,', ',Mariella,Rossi Bianchi,');
    const broken = lines[2].replace(/,00:30,/, ',25:00,');
    const file = join(dir, 'import.csv');
    writeFileSync(file, [lines[0], another, broken, ''].join('\r\n'));
    const before = await t.db.k.selectFrom('facilitation_records').select('id').execute();
    const dry = await runCli(['import', 'facilitation', file, '--dry-run', '--programme', w.national], { DATABASE_URL: t.url });
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('row 3 SE2:');
    expect(dry.stdout).toContain('Dry run: 2 rows, 1 valid, 1 rejected. Nothing was written.');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(await cli.importCommand(t.config, t.db, [file, '--programme', w.national])).toBe(1);
      expect(log.mock.calls.flat().join('\n')).toContain('nothing was imported');
      expect(await t.db.k.selectFrom('facilitation_records').select('id').execute()).toHaveLength(before.length);
      writeFileSync(file, [lines[0], another, ''].join('\r\n'));
      expect(await cli.importCommand(t.config, t.db, [file, '--programme', w.national])).toBe(0);
      expect(log.mock.calls.flat().join('\n')).toContain('Imported 1 records.');
      // The citizen's names are now those of AN1 and AN2 in the file, kept encrypted.
      const imported = await t.db.k
        .selectFrom('facilitation_records')
        .innerJoin('facilitation_citizens', 'facilitation_citizens.id', 'facilitation_records.citizen_id')
        .select('facilitation_citizens.names_enc')
        .where('facilitation_records.source', '=', 'import')
        .executeTakeFirstOrThrow();
      expect(imported.names_enc).not.toContain('Mariella');
      expect(JSON.parse(dataKeys(t.config).decrypt(imported.names_enc!))).toEqual([
        'Mariella',
        'Rossi Bianchi',
        expect.stringMatching(/^[A-Z0-9]{16}$/),
      ]);
    } finally {
      log.mockRestore();
    }
  });

  it('rotates the data key: every codice fiscale re-encrypted and re-hashed, still readable and recognised', async () => {
    const oldKey = t.config.dataKey;
    const newKey = randomBytes(32).toString('base64');
    const res = await runCli(['rotate-data-key', '--new-key', newKey], { DATABASE_URL: t.url });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/Re-encrypted \d+ codici fiscali/);
    const newId = new DataKeys(newKey).currentId;
    const citizens = await t.db.k.selectFrom('facilitation_citizens').selectAll().where('kind', '=', 'cf').execute();
    expect(citizens.length).toBeGreaterThanOrEqual(2);
    for (const c of citizens) {
      expect(c.cf_enc!.startsWith(`v1:${newId}:`)).toBe(true);
      expect(c.key_id).toBe(newId);
      // The names (kept in the nationally reported programme) go under the new key with the code.
      expect(c.names_enc!.startsWith(`v1:${newId}:`)).toBe(true);
    }
    // The rotation is in the audit trail.
    expect(await t.db.k.selectFrom('audit_log').select('id').where('action', '=', 'facilitation.rotate-key').execute()).not.toHaveLength(0);
    // Running it again finds nothing left to do.
    expect((await svc.rotateDataKey(t.app.deps, newKey)).citizens).toBe(0);

    // With only the new key configured, the old one is no longer needed for codici fiscali.
    const app = await buildApp({
      config: testConfig({ databaseUrl: t.url, dataKey: newKey, dataKeysPrevious: [] }),
      db: t.db,
      logger: false,
    });
    try {
      const csv = await nationalText(app.deps, w.national, '2000-01-01', daysAgo(0));
      const rows = parseCsv(csv).slice(1);
      expect(rows.map((r) => r[6]).sort()).toEqual([...cfs, cfs[0]].sort());
      // Names decrypted with the new key too.
      for (const r of rows) expect(r[5]).toMatch(/^Rossi/);
      const lookup = await svc.lookupCitizen(app.deps, null, { programme: w.national, fiscalCode: cfs[1] });
      expect(lookup.known).toBe(true);
      const created = await bearer(app, w.users.facilitator.token)(
        'POST',
        '/api/v1/facilitations',
        recordBody(w, { duration: '01:15' }, { fiscalCode: cfs[0] }),
      );
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json().citizen.new).toBe(false);
    } finally {
      await app.close();
    }
    expect(oldKey).not.toBe(newKey);
    await expect(cli.rotateCommand(t.config, t.db, ['--new-key', 'short'])).rejects.toThrow('32');
  });
});
