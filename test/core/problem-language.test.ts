import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/core/auth.js';
import { newId } from '../../src/core/ids.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { MODULES } from '../../src/modules/index.js';
import { createOrganisation, createVenue } from '../../src/modules/organisations/service.js';
import { bearer, createTestApp, DIALECTS, type TestApp } from '../helpers.js';

type Answer = { status: number; title: string; detail?: string; errors?: { field: string; message: string }[] };

function problem(res: LightMyRequestResponse, status: number): Answer {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  return res.json() as Answer;
}

/** The field messages of an answer, by field. */
const byField = (a: Answer) => Object.fromEntries((a.errors ?? []).map((e) => [e.field, e.message]));

/**
 * Services refuse with dictionary keys: the same refusal reads in Italian by default and in
 * English when the request asks for it (Accept-Language or ?lang=en), title, detail and fields.
 */
describe.each(DIALECTS)('refusals of services in the request’s language (%s)', (dialect) => {
  let t: TestApp;
  let prato: string;
  let arci: string;
  let giulia: string;
  let pratoAdmin: ReturnType<typeof bearer>;

  beforeAll(async () => {
    t = await createTestApp(dialect, { rateLimitMax: 0 });
    prato = (await createOrganisation(t.db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id;
    arci = (await createOrganisation(t.db, { name: 'Arci Prato', type: 'associazione', municipality: '100005' })).id;
    const person = async (email: string, name: string, role: 'org-admin' | 'facilitator') =>
      (await createUser(t.db, { email, name, role, organisation: prato, password: 'una-password-lunga' })).id;
    pratoAdmin = bearer(t.app, await createApiToken(t.db, await person('admin@prato.example', 'Laura Bianchi', 'org-admin'), 'test'));
    giulia = await person('giulia@prato.example', 'Giulia Rossi', 'facilitator');
  });
  afterAll(() => t.close());

  const EN = { 'accept-language': 'en' };

  it('an organisation that does not exist: 404, “Organizzazione non trovata.” or “Organisation not found.”', async () => {
    const url = `/api/v1/organisations/${newId()}/venues`;
    expect(problem(await t.app.inject({ method: 'GET', url }), 404)).toMatchObject({
      title: 'Non trovato',
      detail: 'Organizzazione non trovata.',
    });
    expect(problem(await t.app.inject({ method: 'GET', url, headers: EN }), 404)).toMatchObject({
      title: 'Not found',
      detail: 'Organisation not found.',
    });
    expect(problem(await t.app.inject({ method: 'GET', url: `${url}?lang=en` }), 404).detail).toBe('Organisation not found.');
  });

  it('a venue in a comune that does not exist: 422 naming the field, nothing written', async () => {
    const venue = { name: 'Biblioteca Lazzerini', address: 'Via Puccetti 3', municipality: '999999' };
    const url = `/api/v1/organisations/${prato}/venues`;
    const italian = problem(await pratoAdmin('POST', url, venue), 422);
    expect(italian).toMatchObject({ title: 'Richiesta non eseguibile', detail: 'Comune non trovato: 999999.' });
    expect(italian.errors).toEqual([{ field: 'municipality', message: 'il comune con codice ISTAT 999999 non esiste' }]);
    const english = problem(await pratoAdmin('POST', url, venue, EN), 422);
    expect(english).toMatchObject({ title: 'Request cannot be processed', detail: 'Comune not found: 999999.' });
    expect(english.errors).toEqual([{ field: 'municipality', message: 'no comune has the ISTAT code 999999' }]);
    expect(await t.db.k.selectFrom('venues').select('id').execute()).toEqual([]);
  });

  it('partnerships: with itself (422), asked twice (409), answered by the side that asked (403)', async () => {
    const url = `/api/v1/organisations/${prato}/partnerships`;
    const self = problem(await pratoAdmin('POST', url, { partner: prato }), 422);
    expect(self.detail).toBe("Un'organizzazione non può essere partner di sé stessa.");
    expect(byField(self)).toEqual({ partner: "scegli un'altra organizzazione" });
    const selfEn = problem(await pratoAdmin('POST', url, { partner: prato }, EN), 422);
    expect(selfEn.detail).toBe('An organisation cannot be its own partner.');
    expect(byField(selfEn)).toEqual({ partner: 'choose another organisation' });

    const first = await pratoAdmin('POST', url, { partner: arci });
    expect(first.statusCode, first.body).toBe(201);
    expect(problem(await pratoAdmin('POST', url, { partner: arci }), 409)).toMatchObject({
      title: 'Conflitto',
      detail: 'Le due organizzazioni hanno già una partnership, accettata o in attesa di risposta.',
    });
    expect(problem(await pratoAdmin('POST', `${url}?lang=en`, { partner: arci }), 409)).toMatchObject({
      title: 'Conflict',
      detail: 'The two organisations already have a partnership, accepted or waiting for an answer.',
    });

    const accept = `${url}/${first.json().id}/accept`;
    expect(problem(await pratoAdmin('POST', accept), 403)).toMatchObject({
      title: 'Operazione non consentita',
      detail: 'Solo Arci Prato può rispondere a questa richiesta di partnership.',
    });
    expect(problem(await pratoAdmin('POST', accept, undefined, EN), 403)).toMatchObject({
      title: 'Not allowed',
      detail: 'Only Arci Prato can answer this partnership request.',
    });
    const rows = await t.db.k.selectFrom('partnerships').select('status').execute();
    expect(rows).toEqual([{ status: 'pending' }]);

    // The request waits: an event at Arci's venue is refused, the field saying why in either language.
    const venue = await createVenue(t.db, arci, { name: 'Circolo Arci di Coiano', address: 'Via di Coiano 12', municipality: '100005' });
    const start = '2030-03-05T17:00:00.000Z';
    const event = {
      organisation: prato,
      title: 'Incontro sullo SPID',
      type: 'incontro',
      format: 'in_presenza',
      venue: venue.id,
      capacity: 30,
      status: 'published',
      sessions: [{ start, end: '2030-03-05T18:00:00.000Z' }],
    };
    expect(byField(problem(await pratoAdmin('POST', '/api/v1/events', event), 422))).toEqual({
      venue: "la sede è di Arci Prato, che non ha ancora accettato la partnership: si potrà usare dopo che l'avrà accettata",
    });
    expect(byField(problem(await pratoAdmin('POST', '/api/v1/events', event, EN), 422))).toEqual({
      venue: 'the venue belongs to Arci Prato, which has not accepted the partnership yet: it can be used once it has accepted',
    });
    expect(await t.db.k.selectFrom('events').select('id').execute()).toEqual([]);
  });

  it('a national identity refused: the codice fiscale’s own checks and the name’s, per field, the row unchanged', async () => {
    const url = `/api/v1/organisations/${prato}/members/${giulia}/national-identity`;
    const before = await t.db.k.selectFrom('users').selectAll().where('id', '=', giulia).executeTakeFirstOrThrow();
    const cases: [unknown, Record<string, string>, Record<string, string>][] = [
      [
        { nationalId: 'RSSMRA80A01H501A', nationalName: 'Rossi 2' },
        {
          nationalId: 'il carattere di controllo non corrisponde: controlla di aver scritto bene il codice',
          nationalName: 'il nominativo non può contenere cifre',
        },
        {
          nationalId: 'the check character does not match: make sure the code is written correctly',
          nationalName: 'the name cannot contain digits',
        },
      ],
      [
        { nationalId: 'RSSMRA80A32H501X' },
        { nationalId: 'la data di nascita nel codice fiscale non esiste' },
        { nationalId: 'the date of birth in the codice fiscale does not exist' },
      ],
      [
        { nationalId: 'RSSMRA8XA01H501U' },
        { nationalId: 'il codice fiscale non ha il formato previsto (6 lettere, 2 cifre, una lettera, …)' },
        { nationalId: 'the codice fiscale does not have the expected layout (6 letters, 2 digits, a letter, …)' },
      ],
      [
        { nationalId: '1'.repeat(21), nationalName: 'R' },
        { nationalId: "l'identificativo numerico ha al massimo 20 cifre", nationalName: 'da 2 a 120 caratteri' },
        { nationalId: 'the numeric identifier has at most 20 digits', nationalName: 'from 2 to 120 characters' },
      ],
    ];
    for (const [body, italian, english] of cases) {
      const it422 = problem(await pratoAdmin('PATCH', url, body), 422);
      expect(it422).toMatchObject({
        title: 'Richiesta non eseguibile',
        detail: 'L’identità sulla piattaforma nazionale non è valida: controlla i campi indicati.',
      });
      expect(byField(it422)).toEqual(italian);
      const en422 = problem(await pratoAdmin('PATCH', url, body, EN), 422);
      expect(en422).toMatchObject({
        title: 'Request cannot be processed',
        detail: 'The identity on the national platform is not valid: check the fields listed.',
      });
      expect(byField(en422)).toEqual(english);
    }
    const nothing = problem(await pratoAdmin('PATCH', `${url}?lang=en`, {}), 422);
    expect(nothing.detail).toBe('Give the codice fiscale or ID, the name, or both.');
    expect(byField(nothing)).toEqual({ nationalId: 'give the codice fiscale or the numeric identifier', nationalName: 'or the name' });
    expect(await t.db.k.selectFrom('users').selectAll().where('id', '=', giulia).executeTakeFirstOrThrow()).toEqual(before);
  });

  it('an Idempotency-Key used again with other data: 422 “Chiave già usata” or “Key already used”', async () => {
    const key = newId();
    const programme = (name: string) => ({ organisation: prato, name, start: '2026-01-01', end: '2026-12-31' });
    const first = await pratoAdmin('POST', '/api/v1/programmes', programme('Agenda Digitale'), { 'idempotency-key': key });
    expect(first.statusCode, first.body).toBe(201);
    const other = programme('Un altro programma');
    expect(problem(await pratoAdmin('POST', '/api/v1/programmes', other, { 'idempotency-key': key }), 422)).toMatchObject({
      title: 'Chiave già usata',
      detail: 'Questa Idempotency-Key è già stata usata con dati diversi.',
    });
    expect(problem(await pratoAdmin('POST', '/api/v1/programmes', other, { 'idempotency-key': key, ...EN }), 422)).toMatchObject({
      title: 'Key already used',
      detail: 'This Idempotency-Key has already been used with different data.',
    });
    const long = { 'idempotency-key': 'k'.repeat(201), ...EN };
    expect(problem(await pratoAdmin('POST', '/api/v1/programmes', other, long), 400)).toMatchObject({
      title: 'Bad request',
      detail: 'The Idempotency-Key header is longer than 200 characters.',
    });
  });
});

describe('the modules’ dictionaries', () => {
  it('hold every key in both Italian and English', () => {
    for (const m of MODULES) {
      if (!m.messages) continue;
      const italian = Object.keys(m.messages.it);
      const english = Object.keys(m.messages.en);
      expect(
        italian.filter((k) => !(k in m.messages!.en)),
        `${m.name}: keys without English`,
      ).toEqual([]);
      expect(
        english.filter((k) => !(k in m.messages!.it)),
        `${m.name}: keys without Italian`,
      ).toEqual([]);
      expect(italian.length, m.name).toBeGreaterThan(0);
    }
  });
});
