import { DateTime } from 'luxon';
import { audit } from '../../../core/audit.js';
import type { Principal } from '../../../core/auth.js';
import type { Deps } from '../../../core/deps.js';
import { type AppointmentView, type DeskView, todayInRome } from '../model.js';
import * as repo from '../repo.js';
import { getDesk } from '../setup/desks.js';
import { localInstant, planDay, romeIso } from '../slots.js';
import { appointmentView } from './appointments.js';
import { loadSchedule } from './availability.js';

/** The operator's day, and what a served appointment pre-fills in the facilitation form. */

export interface Agenda {
  desk: DeskView;
  date: string;
  plan: { holiday: string | null; closed: boolean; periods: { start: string; end: string; operators: number }[] };
  items: AppointmentView[];
}

/** The operator's day: every appointment of the desk on a Rome date. Reading personal data is audited. */
export async function agenda(deps: Deps, principal: Principal, deskId: string, date?: string): Promise<Agenda> {
  const desk = await getDesk(deps.db, deskId, { includeInactive: true });
  const day = date ?? todayInRome();
  const from = new Date(localInstant(day, '00:00')).toISOString();
  const next = DateTime.fromISO(day, { zone: 'utc' }).plus({ days: 1 }).toISODate()!;
  const to = new Date(localInstant(next, '00:00')).toISOString();
  const [rows, schedule] = await Promise.all([
    repo.appointmentsBetween(deps.db.k, desk.id, from, to),
    loadSchedule(deps.db, desk, day, day),
  ]);
  const plan = planDay(day, schedule);
  await audit(deps.db.k, {
    userId: principal.userId,
    organisationId: desk.organisation.id,
    action: 'view',
    entity: 'desk-agenda',
    entityId: desk.id,
    details: { date: day },
  });
  return {
    desk,
    date: day,
    plan: {
      holiday: plan.holiday,
      closed: plan.closed,
      periods: plan.periods.map((p) => ({ start: romeIso(p.start), end: romeIso(p.end), operators: p.operators })),
    },
    items: rows.map((r) => appointmentView(r, desk)),
  };
}

/**
 * The national codes a desk service stands for in a facilitation record (SE5: competences
 * treated, SE6: public digital services; the lists are the facilitation module's), so that a
 * served appointment opens the record form already filled in. They are read from the service's
 * code and name together, so a desk's own services ("SPID per il Fascicolo Sanitario") are
 * understood as well as the default ones:
 *
 * | the service's code or name says                              | SE5    | SE6                 |
 * |--------------------------------------------------------------|--------|---------------------|
 * | SPID, CIE, CNS, identità digitale, carta d'identità elettr.  | 9      | (the service below) |
 * | App IO (app-io)                                              | 6      | A App IO            |
 * | pagoPA, pagamenti (pagopa)                                   | 6      | B pagoPA            |
 * | ANPR, certificati, anagrafe (anpr)                           | 6      | C ANPR              |
 * | Fascicolo Sanitario Elettronico, FSE (fse)                   | 6      | D FSE               |
 * | fatturazione elettronica                                     | 6      | E                   |
 * | biblioteca, museo                                            | 6      | F cultura           |
 * | scuola, mensa, nido, registro elettronico                    | 6      | G istruzione        |
 * | università                                                   | 6      | H formazione        |
 * | impianti sportivi                                            | 6      | I sport             |
 * | centro per l'impiego                                         | 6      | J lavoro            |
 * | SUAP, attività produttive                                    | 6      | K impresa           |
 * | INPS, pensione, assegno unico, ISEE                          | 6      | L previdenza        |
 * | CUP, prenotare visite o esami, medico di famiglia, referti   | 6      | M sanità non FSE    |
 * | dichiarazione precompilata, 730, Agenzia delle Entrate       | 6      | N fisco             |
 * | IMU, TARI, TASI, tributi, multe                              | 6      | O tributi           |
 * | SCIA, CILA, pratiche edilizie                                | 6      | P edilizia          |
 * | ZTL, parcheggi, trasporto pubblico                           | 6      | Q mobilità          |
 * | piattaforma di partecipazione                                | 6      | R partecipazione    |
 * | anything else ("Aiuto digitale generico")                    | —      | —                   |
 *
 * SPID or CIE with a service ("SPID e App IO") gives 9 and 6 and that service. SPID or CIE alone
 * proposes no SE6 at all, never S "Nessuna delle precedenti": people mostly get SPID to reach a
 * service, and only the facilitator knows which one (or that there was none), so the form, which
 * wants at least one SE6 answer, asks them. Nothing is proposed where nothing is known.
 */
export const IDENTITY = /\b(spid|cie|cns)\b|identita digitale|carta d identita elettronica|carta nazionale dei servizi/;
export const PUBLIC_SERVICES: [code: string, words: RegExp][] = [
  ['A', /\bapp io\b/],
  ['B', /\bpago ?pa\b|\bpagament/],
  ['C', /\banpr\b|\bcertificat|\banagraf/],
  ['D', /fascicolo sanitario|\bfse\b/],
  ['E', /fatturazione elettronica/],
  ['F', /\bbibliotec|\bmuse[oi]\b/],
  ['G', /\bscuol|\bscolastic|\bmensa\b|\bnido\b|registro elettronico/],
  ['H', /\buniversit/],
  ['I', /impianti sportivi/],
  ['J', /centr[oi] per l impiego/],
  ['K', /\bsuap\b|attivita produttive/],
  ['L', /\binps\b|\bpension|assegno unico|\bisee\b/],
  ['M', /\bcup\b|prenota\w* (di )?(visite|esami)|medico di (base|famiglia)|\breferti\b/],
  ['N', /precompilat|\b730\b|agenzia delle entrate/],
  ['O', /\bimu\b|\btari\b|\btasi\b|\btribut|\bmulte\b|contravvenzion/],
  ['P', /\bscia\b|\bcila\b|pratiche edilizie/],
  ['Q', /\bztl\b|\bparchegg|trasporto pubblico/],
  ['R', /piattaform\w* di partecipazione/],
];

/** The SE5 and SE6 codes of a desk service, from its code and name (see the table above). */
export function facilitationCodes(service: { code: string; name: string }): { competences: number[]; services: string[] } {
  // Lower case, no accents, words apart: "Carta d'identità" → "carta d identita", "app-io" → "app io".
  const text = ` ${service.code} ${service.name} `
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ');
  const services = PUBLIC_SERVICES.filter(([, words]) => words.test(text)).map(([code]) => code);
  const competences = [...(services.length > 0 ? [6] : []), ...(IDENTITY.test(text) ? [9] : [])];
  return { competences, services };
}

/** The facilitation form's known fields for a served appointment: venue, date, duration, kind, codes, details. */
export function facilitationPrefill(desk: DeskView, a: AppointmentView) {
  const service = desk.services.find((s) => s.code === a.service.code);
  const minutes = service?.durationMinutes ?? Math.round((Date.parse(a.end) - Date.parse(a.start)) / 60_000);
  const codes = facilitationCodes(a.service);
  return {
    venue: desk.venue.id,
    date: a.start.slice(0, 10),
    duration: `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`,
    // Facilitazione individuale.
    kinds: ['A'],
    services: codes.services,
    competences: codes.competences,
    details: `Sportello "${desk.name}": ${a.service.name}`,
  };
}
