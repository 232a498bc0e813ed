import fc from 'fast-check';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { romeDate } from '../../src/core/time.js';
import { DIALECTS } from '../helpers.js';
import { inHours, type VolunteerWorld, volunteerWorld } from './world.js';

/** The PDF's text as a reader (pdf.js, through unpdf) extracts it, whitespace collapsed. */
async function pdfText(body: Buffer): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(body)), { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

describe.each(DIALECTS)('certificate of hours and activities (%s)', (dialect) => {
  let w: VolunteerWorld;
  let ada: Awaited<ReturnType<VolunteerWorld['volunteer']>>;
  let adaVolunteer: string;
  let period: string;
  let longShift: string;
  beforeAll(async () => {
    w = await volunteerWorld(dialect);
    ada = await w.volunteer('ada@example.org', ['smartphone', 'spid-cie']);
    adaVolunteer = (await w.t.db.k.selectFrom('volunteers').select('id').where('user_id', '=', ada.userId).executeTakeFirstOrThrow()).id;
    // Three shifts: two attended (3 h and 1.5 h), one signed up for but missed.
    const long = await w.shift({ title: 'Sportello SPID in biblioteca' }, 72);
    longShift = long;
    const short = await w.shift({ title: 'Punto digitale al mercato', start: inHours(100), end: inHours(101.5) }, 100);
    const missed = await w.shift({ title: 'Turno saltato' }, 130);
    for (const shift of [long, short, missed]) {
      const signed = await ada.client('POST', `/api/v1/shifts/${shift}/signups`);
      expect(signed.statusCode).toBe(201);
      if (shift !== missed) {
        const mark = await w.staff('POST', `/api/v1/shifts/${shift}/attendance`, { signup: signed.json().id, present: true });
        expect(mark.statusCode).toBe(204);
      }
    }
    period = `from=${romeDate(Date.now())}&to=${romeDate(Date.now() + 10 * 86_400_000)}`;
  });
  afterAll(async () => {
    await w?.close();
  });

  it('staff download it: organisation, name, total hours and the attended shifts only', async () => {
    const res = await w.staff('GET', `/admin/volontari/${adaVolunteer}/attestato.pdf?${period}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(res.rawPayload);
    expect(text).toContain('Attestato di ore e attività di volontariato');
    expect(text).toContain('Comune di Prato');
    expect(text).toContain('Giulia Neri');
    expect(text).toContain('per un totale di 4,5 ore');
    expect(text).toContain('Sportello SPID in biblioteca (3 ore)');
    expect(text).toContain('Punto digitale al mercato (1,5 ore)');
    expect(text).not.toContain('Turno saltato');
    expect(text).toContain('Firma del legale rappresentante di Comune di Prato');
  });

  it("the shift's page and its API list lead staff to each volunteer's certificate", async () => {
    const page = await w.staff('GET', `/admin/shifts/${longShift}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`/admin/volontari/${adaVolunteer}/attestato.pdf`);
    const list = await w.staff('GET', `/api/v1/shifts/${longShift}/signups`);
    expect(list.json().items).toEqual([expect.objectContaining({ userId: ada.userId, volunteerId: adaVolunteer, attended: true })]);
  });

  it('a period that leaves the shifts out lists none and totals 0', async () => {
    const res = await w.staff('GET', `/admin/volontari/${adaVolunteer}/attestato.pdf?from=2020-01-01&to=2020-12-31`);
    expect(res.statusCode).toBe(200);
    const text = await pdfText(res.rawPayload);
    expect(text).toContain('per un totale di 0 ore');
    expect(text).toContain('Nessuna attività registrata nel periodo.');
  });

  it('the volunteer downloads their own from "I miei turni", in English when asked', async () => {
    const page = await ada.client('GET', '/turni');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`/turni/attestato.pdf?volontario=${adaVolunteer}`);
    const res = await ada.client('GET', `/turni/attestato.pdf?volontario=${adaVolunteer}&${period}`, undefined, {
      'accept-language': 'en',
    });
    expect(res.statusCode).toBe(200);
    const text = await pdfText(res.rawPayload);
    expect(text).toContain('for a total of 4.5 hours');
  });

  it("another organisation's staff get 403, another volunteer 404, nobody signed in no PDF", async () => {
    expect((await w.outsider('GET', `/admin/volontari/${adaVolunteer}/attestato.pdf`)).statusCode).toBe(403);
    const bea = await w.volunteer('bea@example.org');
    const other = await bea.client('GET', `/turni/attestato.pdf?volontario=${adaVolunteer}`);
    expect(other.statusCode).toBe(404);
    expect(other.headers['content-type']).not.toBe('application/pdf');
    const anonymous = await w.anonymous('GET', `/turni/attestato.pdf?volontario=${adaVolunteer}`);
    expect(anonymous.headers['content-type']).not.toBe('application/pdf');
    expect((await w.staff('GET', '/admin/volontari/nessuno/attestato.pdf')).statusCode).toBe(404);
  });

  it('any period in the query is a PDF (200) or a 400, never a 5xx', async () => {
    const day = fc.oneof(
      fc.date({ min: new Date('1900-01-01'), max: new Date('2200-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      fc.string({ maxLength: 12 }),
      fc.constantFrom('2026-02-29', '2024-02-29', '0000-00-00', '9999-12-31', ''),
    );
    await fc.assert(
      fc.asyncProperty(day, day, async (from, to) => {
        const query = new URLSearchParams({ from, to }).toString();
        const res = await w.staff('GET', `/admin/volontari/${adaVolunteer}/attestato.pdf?${query}`);
        expect([200, 400]).toContain(res.statusCode);
        if (res.statusCode === 200) expect(res.headers['content-type']).toBe('application/pdf');
      }),
      { numRuns: 25 },
    );
  });

  it.each(['from=2026-13-01', 'from=2026-02-30', 'to=ieri', 'from=2026-05-01&to=2026-04-01', 'from=2026-5-1'])(
    'a bad period (%s) is a 400 with a message, no PDF',
    async (query) => {
      const res = await w.staff('GET', `/admin/volontari/${adaVolunteer}/attestato.pdf?${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('Il periodo non è valido');
    },
  );
});
