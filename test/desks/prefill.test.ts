import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVICES } from '../../src/modules/desks/schemas.js';
import { type AppointmentView, type DeskView, facilitationPrefill } from '../../src/modules/desks/service.js';
import { formPrefillUrl } from '../../src/modules/facilitation/service.js';

/** The facilitation form's address for an appointment of a desk service, as the operator's day links it. */
function prefillQuery(service: { code: string; name: string; durationMinutes?: number }): URLSearchParams {
  const desk = {
    id: 'desk',
    name: 'Sportello di prova',
    venue: { id: 'venue-1' },
    services: [{ durationMinutes: 30, bring: [], ...service }],
  } as unknown as DeskView;
  const appointment = {
    id: 'a',
    deskId: 'desk',
    service: { code: service.code, name: service.name },
    start: '2030-03-05T09:30:00+01:00',
    end: '2030-03-05T10:00:00+01:00',
    status: 'served',
  } as AppointmentView;
  const url = formPrefillUrl(facilitationPrefill(desk, appointment));
  expect(url.startsWith('/admin/facilitazioni/nuova?')).toBe(true);
  return new URL(url, 'http://x').searchParams;
}

const codes = (q: URLSearchParams) => ({ competences: q.getAll('competences'), services: q.getAll('services') });

describe('the facilitation form opened from a served desk appointment', () => {
  it('proposes the national codes of each default desk service', () => {
    const byCode = Object.fromEntries(DEFAULT_SERVICES.map((s) => [s.code, codes(prefillQuery(s))]));
    expect(byCode).toEqual({
      // Digital identity; which public service it opened is the facilitator's to say (never "none").
      spid: { competences: ['9'], services: [] },
      cie: { competences: ['9'], services: [] },
      pagopa: { competences: ['6'], services: ['B'] },
      'app-io': { competences: ['6'], services: ['A'] },
      fse: { competences: ['6'], services: ['D'] },
      anpr: { competences: ['6'], services: ['C'] },
      'aiuto-digitale': { competences: [], services: [] },
    });
  });

  it("reads a desk's own services by their name: identity and the service it was used for", () => {
    expect(codes(prefillQuery({ code: 'spid-fse', name: 'SPID per il Fascicolo Sanitario' }))).toEqual({
      competences: ['6', '9'],
      services: ['D'],
    });
    expect(codes(prefillQuery({ code: 'identita', name: "Carta d'identità elettronica e app IO" }))).toEqual({
      competences: ['6', '9'],
      services: ['A'],
    });
    expect(codes(prefillQuery({ code: 'certificati', name: 'Certificati di residenza con la CIE' }))).toEqual({
      competences: ['6', '9'],
      services: ['C'],
    });
    expect(codes(prefillQuery({ code: 'cup', name: 'Prenotare visite ed esami al CUP' }))).toEqual({
      competences: ['6'],
      services: ['M'],
    });
    expect(codes(prefillQuery({ code: 'tari', name: 'Pagare la TARI con pagoPA' }))).toEqual({ competences: ['6'], services: ['B', 'O'] });
    expect(codes(prefillQuery({ code: 'inps', name: 'Assegno unico e ISEE (INPS)' }))).toEqual({ competences: ['6'], services: ['L'] });
    expect(codes(prefillQuery({ code: 'redditi', name: 'Dichiarazione precompilata' }))).toEqual({ competences: ['6'], services: ['N'] });
    expect(codes(prefillQuery({ code: 'identita-digitale', name: 'Identità digitale' }))).toEqual({ competences: ['9'], services: [] });
    // Words that only look alike propose nothing.
    expect(codes(prefillQuery({ code: 'specie', name: 'Aiuto con il telefono nuovo' }))).toEqual({ competences: [], services: [] });
  });

  it('fills in the venue, the Rome date, the duration, the kind and what the service was', () => {
    const q = prefillQuery({ code: 'pagopa', name: 'Pagamenti PagoPA', durationMinutes: 20 });
    expect(q.get('venue')).toBe('venue-1');
    expect(q.get('date')).toBe('2030-03-05');
    expect(q.get('duration')).toBe('00:20');
    expect(q.getAll('kinds')).toEqual(['A']);
    expect(q.get('details')).toBe('Sportello "Sportello di prova": Pagamenti PagoPA');
    expect(q.getAll('services')).not.toContain('S');
  });
});
