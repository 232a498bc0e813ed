import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/app.js';
import * as cli from '../../src/modules/facilitation/cli.js';
import { DataKeys } from '../../src/modules/facilitation/crypto.js';
import { nationalCsv } from '../../src/modules/facilitation/exports.js';
import { parseCsv } from '../../src/modules/facilitation/imports.js';
import * as svc from '../../src/modules/facilitation/service.js';
import { bearer, createTestApp, DIALECTS, runCli, type TestApp, testConfig } from '../helpers.js';
import { daysAgo, makeCf, makeWorld, recordBody, type World } from './fixtures.js';

async function collect(chunks: AsyncGenerator<string>): Promise<string> {
  let s = '';
  for await (const c of chunks) s += c;
  return s;
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
    // No progress bar when standard error is not a terminal.
    expect(res.stderr).not.toContain('%');
    // The same command in this process, to a file.
    const out = join(dir, 'nazionale.csv');
    await cli.exportCommand(t.config, t.db, [...args.slice(2), '--out', out]);
    expect(readFileSync(out, 'utf8')).toBe(res.stdout);
    const audit = await t.db.k.selectFrom('audit_log').selectAll().where('action', '=', 'facilitation.export.national').execute();
    expect(audit.filter((a) => JSON.parse(a.details!).via === 'cli')).toHaveLength(2);
    await expect(cli.exportCommand(t.config, t.db, ['--format', 'national'])).rejects.toThrow('--programme');
  });

  it('imports with a dry run that lists every rejected row, and writes nothing when a row is rejected', async () => {
    const exported = await collect(nationalCsv(t.app.deps, { programme: w.national, from: '2000-01-01', to: daysAgo(0) }));
    const lines = exported.trim().split('\r\n');
    const broken = lines[2].replace(/,00:30,/, ',25:00,');
    const file = join(dir, 'import.csv');
    writeFileSync(file, [lines[0], lines[1], broken, ''].join('\r\n'));
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
      writeFileSync(file, [lines[0], lines[1], ''].join('\r\n'));
      expect(await cli.importCommand(t.config, t.db, [file, '--programme', w.national])).toBe(0);
      expect(log.mock.calls.flat().join('\n')).toContain('Imported 1 records.');
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
      const csv = await collect(nationalCsv(app.deps, { programme: w.national, from: '2000-01-01', to: daysAgo(0) }));
      for (const cf of cfs) expect(csv).toContain(cf);
      const lookup = await svc.lookupCitizen(app.deps, null, { programme: w.national, fiscalCode: cfs[1] });
      expect(lookup.known).toBe(true);
      const created = await bearer(app, w.users.facilitator.token)(
        'POST',
        '/api/v1/facilitations',
        recordBody(w, {}, { fiscalCode: cfs[0] }),
      );
      expect(created.json().citizen.new).toBe(false);
    } finally {
      await app.close();
    }
    expect(oldKey).not.toBe(newKey);
    await expect(cli.rotateCommand(t.config, t.db, ['--new-key', 'short'])).rejects.toThrow('32');
  });
});
