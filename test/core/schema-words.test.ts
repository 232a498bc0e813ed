import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/core/auth.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { createOrganisation } from '../../src/modules/organisations/service.js';
import { bearer, createTestApp, DIALECTS, type TestApp } from '../helpers.js';

type Problem = { status: number; errors?: { field: string; message: string }[] };

/** A schema's messages are dictionary keys: the same refused field reads in the request's language. */
describe.each(DIALECTS)('schema messages in the request language (%s)', (dialect) => {
  let t: TestApp;
  let staff: ReturnType<typeof bearer>;
  let prato: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const org = await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' });
    const user = {
      email: 'staff@prato.example',
      name: 'Staff',
      role: 'staff' as const,
      organisation: org.id,
      password: 'una-password-lunga',
    };
    staff = bearer(t.app, await createApiToken(t.db, (await createUser(t.db, user)).id, 'test'));
    prato = org.id;
  });
  afterAll(() => t.close());

  /** A programme with a one-letter name, a 13th month and a retention of 0 days. */
  const bad = () => ({ organisation: prato, name: 'X', start: '2026-13-01', end: '2026-12-31', retentionDays: 0 });

  const refused = async (url: string, headers: Record<string, string> = {}) => {
    const res = await staff('POST', url, bad(), headers);
    expect(res.statusCode, res.body).toBe(400);
    const errors = (res.json() as Problem).errors ?? [];
    return Object.fromEntries(errors.map((e) => [e.field, e.message]));
  };

  it('answers in Italian by default', async () => {
    const errors = await refused('/api/v1/programmes');
    expect(errors.name).toBe('il nome è obbligatorio (almeno 2 caratteri)');
    expect(errors.start).toBe('data inesistente');
    expect(errors.retentionDays).toBe('almeno 1 giorno');
  });

  it('answers in English with Accept-Language: en', async () => {
    const errors = await refused('/api/v1/programmes', { 'accept-language': 'en' });
    expect(errors.name).toBe('the name is required (at least 2 characters)');
    expect(errors.start).toBe('this date does not exist');
    expect(errors.retentionDays).toBe('at least 1 day');
  });

  it('answers in English with ?lang=en, and in Italian with ?lang=it', async () => {
    expect((await refused('/api/v1/programmes?lang=en')).name).toBe('the name is required (at least 2 characters)');
    expect((await refused('/api/v1/programmes?lang=it', { 'accept-language': 'en' })).name).toBe(
      'il nome è obbligatorio (almeno 2 caratteri)',
    );
  });

  it('fills a bound from the check and translates the shared messages of core', async () => {
    const long = { organisation: prato, name: `Programma ${'x'.repeat(200)}`, start: '2026-01-01', end: '2026-12-31' };
    const italian = await staff('POST', '/api/v1/programmes', long);
    const english = await staff('POST', '/api/v1/programmes', long, { 'accept-language': 'en' });
    expect((italian.json() as Problem).errors).toContainEqual({ field: 'name', message: 'al massimo 200 caratteri' });
    expect((english.json() as Problem).errors).toContainEqual({ field: 'name', message: 'at most 200 characters' });

    const invisible = { ...long, name: '\u200B\u200B\u200B' };
    const itInvisible = await staff('POST', '/api/v1/programmes', invisible);
    const enInvisible = await staff('POST', '/api/v1/programmes', invisible, { 'accept-language': 'en' });
    expect((itInvisible.json() as Problem).errors).toContainEqual({
      field: 'name',
      message: 'deve contenere lettere o cifre visibili, non solo spazi o caratteri invisibili',
    });
    expect((enInvisible.json() as Problem).errors).toContainEqual({
      field: 'name',
      message: 'must contain visible letters or digits, not only spaces or invisible characters',
    });
  });

  it('gives the 400’s title and detail in the request’s language too, for the body, the query and the path', async () => {
    const it400 = (await staff('POST', '/api/v1/programmes', bad())).json();
    expect(it400).toMatchObject({ title: 'Richiesta non valida', detail: 'I dati inviati non sono validi: controlla i campi indicati.' });
    const en400 = (await staff('POST', '/api/v1/programmes', bad(), { 'accept-language': 'en' })).json();
    expect(en400).toMatchObject({ title: 'Bad request', detail: 'The data sent is not valid: check the fields listed.' });
    const query = await t.app.inject({ method: 'GET', url: '/api/v1/programmes?organisation=prato', headers: { 'accept-language': 'en' } });
    expect(query.statusCode).toBe(400);
    expect(query.json()).toMatchObject({ title: 'Bad request', detail: 'The query parameters are not valid: check the fields listed.' });
    const italianQuery = await t.app.inject({ method: 'GET', url: '/api/v1/programmes?organisation=prato' });
    expect(italianQuery.json().detail).toBe('I parametri della richiesta non sono validi: controlla i campi indicati.');
  });

  it('an organisation’s venue refused in either language, its bounds named', async () => {
    const venue = { name: 'Biblioteca Lazzerini', address: 'Via Puccetti 3', municipality: '100005', capacity: 0, latitude: 100 };
    const fieldsOf = async (headers: Record<string, string>) => {
      const res = await staff('POST', `/api/v1/organisations/${prato}/venues`, venue, headers);
      expect(res.statusCode, res.body).toBe(400);
      return Object.fromEntries(((res.json() as Problem).errors ?? []).map((e) => [e.field, e.message]));
    };
    expect(await fieldsOf({})).toMatchObject({ capacity: 'almeno 1 posto', latitude: 'la latitudine tra -90 e 90' });
    expect(await fieldsOf({ 'accept-language': 'en' })).toMatchObject({
      capacity: 'at least 1 seat',
      latitude: 'the latitude between -90 and 90',
    });
  });
});
