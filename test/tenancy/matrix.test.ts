/**
 * THE TENANCY MATRIX. It is generated from the application's route table: every route registered
 * with an organisation-scoped rule (`orgAccess(param, roles, owner)`) is called by the people of
 * organisation A on organisation B's records (refused: 403 or 404, and B's rows stay as they were),
 * by A's people on A's own records (allowed exactly when their role is in the rule), by a platform
 * admin on B's records (allowed) and by nobody at all (sent to sign in).
 *
 * Adding a route? Its path parameters are filled from FIXTURES below, keyed by parameter name: a
 * route with a parameter that has no fixture fails here until one is added. Give writes a plausible
 * body in BODIES, so that a rule that wrongly let a request through would really change data.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Access } from '../../src/core/access.js';
import { createApiToken, createSession, SESSION_COOKIE } from '../../src/core/auth.js';
import type { RouteRecord } from '../../src/core/http.js';
import { newId } from '../../src/core/ids.js';
import type { Role } from '../../src/core/roles.js';
import { createDb } from '../../src/db/index.js';
import { createUser } from '../../src/modules/accounts/service.js';
import * as desks from '../../src/modules/desks/service.js';
import { book, createEvent } from '../../src/modules/events/service.js';
import { createRecord } from '../../src/modules/facilitation/service.js';
import * as guides from '../../src/modules/guides/service.js';
import {
  answerPartnership,
  createAgreement,
  createOrganisation,
  createVenue,
  requestPartnership,
} from '../../src/modules/organisations/service.js';
import { createProgramme } from '../../src/modules/programmes/service.js';
import * as skills from '../../src/modules/skills/service.js';
import { createSubscription } from '../../src/modules/webhooks/service.js';
import { Browser, createTestApp, DIALECTS, type TestApp, testConfig } from '../helpers.js';

type Org = 'A' | 'B';

interface Person {
  label: string;
  role: Role;
  userId: string;
  token: string;
  /** A cookie jar holding this person's session and a CSRF secret. */
  browser: Browser;
  csrf: string;
}

interface World {
  t: TestApp;
  org: Record<Org, string>;
  /** A partner organisation of each, named in agreements. */
  partner: Record<Org, string>;
  /** A venue of each, for records that need one. */
  venue: Record<Org, string>;
  /** Organisations with no partnership yet, each asked once at most, and the next one to ask. */
  spare: string[];
  spareAt: number;
  people: Record<'adminA' | 'staffA' | 'facilitatorA' | 'partnerA' | 'adminB' | 'platform', Person>;
  /** A cookie jar with a CSRF secret and no session, for bearer and anonymous calls. */
  anonymous: Browser;
  anonymousCsrf: string;
  /** The database's tables, read once. */
  tables?: import('kysely').TableMetadata[];
}

let unique = 0;
const next = () => ++unique;

/**
 * How to get a record of organisation `org` for each path parameter name. Records that a call may
 * change or delete are created fresh for every call, so one route's test cannot disturb another's.
 * `ids` holds the parameters filled so far, left to right: a nested record (a version of a sheet)
 * can belong to the record named before it. `route` tells apart two kinds of record that share a
 * parameter name (a version of a service sheet, a version of the skills bank).
 */
const FIXTURES: Record<string, (w: World, org: Org, ids: Record<string, string>, route?: RouteRecord) => Promise<string>> = {
  organisationId: async (w, org) => w.org[org],
  partnershipId: async (w, org, _ids, route) => {
    // A newcomer asks the organisation to be its partner: a request to accept or decline, or,
    // accepted already, a partnership to end.
    const asker = (await createOrganisation(w.t.db, { name: `Associazione ${next()}`, type: 'associazione', municipality: '100005' })).id;
    const p = await requestPartnership(w.t.db, asker, { partner: w.org[org] }, null);
    if (route?.url.endsWith('/end')) await answerPartnership(w.t.db, p.id, w.org[org], 'accept', null);
    return p.id;
  },
  venueId: async (w, org) =>
    (
      await createVenue(w.t.db, w.org[org], {
        name: `Sala civica ${next()}`,
        address: 'Piazza del Comune 1',
        municipality: org === 'A' ? '100005' : '017081',
        capacity: 40,
      })
    ).id,
  agreementId: async (w, org) =>
    (
      await createAgreement(w.t.db, w.org[org], {
        title: `Protocollo d'intesa ${next()}`,
        partners: [w.partner[org]],
        start: '2025-01-01',
        commitments: 'Ospitare gli incontri.',
      })
    ).id,
  programmeId: async (w, org) =>
    (
      await createProgramme(w.t.db, null, {
        organisation: w.org[org],
        name: `Programma ${next()}`,
        start: '2026-01-01',
        end: '2026-12-31',
        partners: [w.partner[org]],
        targets: [{ metric: 'events', value: 10, deadline: '2026-12-31' }],
      })
    ).id,
  eventId: async (w, org, _ids, route) => {
    const start = new Date(Date.now() + 20 * 86_400_000).toISOString();
    const { id } = await createEvent(w.t.app.deps, null, {
      organisation: w.org[org],
      title: `Incontro sullo SPID ${next()}`,
      description: 'Come attivare e usare SPID, passo per passo.',
      type: 'incontro',
      format: 'in_presenza',
      venue: w.venue[org],
      capacity: 20,
      bookingRequired: true,
      status: 'published',
      sessions: [{ start, end: new Date(Date.parse(start) + 2 * 3_600_000).toISOString() }],
    });
    // Someone to write to, so that a message route that wrongly let a caller through would write.
    if (route && /\/(messages|messaggi)$/.test(route.url)) {
      await book(
        w.t.app.deps,
        id,
        { name: 'Mario Rossi', email: `mario${next()}@esempio.it`, seats: 1, privacyAccepted: true },
        { source: 'staff' },
      );
    }
    return id;
  },
  checkinId: async (w, org, ids) => {
    // A walk-in counted at the event named before it in the path (written directly: the fixture
    // event is weeks ahead, and check-ins are taken only from the event's day).
    const eventId = ids.eventId ?? (await FIXTURES.eventId(w, org, {}));
    const session = await w.t.db.k.selectFrom('event_sessions').select('id').where('event_id', '=', eventId).executeTakeFirstOrThrow();
    const id = newId();
    await w.t.db.k
      .insertInto('event_checkins')
      .values({
        id,
        organisation_id: w.org[org],
        event_id: eventId,
        session_id: session.id,
        registration_id: null,
        people: 1,
        name: null,
        audience: null,
        age_band: null,
        method: 'walk-in',
        checked_in_by: null,
        created_at: new Date().toISOString(),
      })
      .execute();
    return id;
  },
  deskId: async (w, org) =>
    (
      await desks.createDesk(w.t.db, {
        organisation: w.org[org],
        venue: w.venue[org],
        name: `Sportello digitale ${next()}`,
        services: [{ code: 'spid', name: 'Attivazione SPID', durationMinutes: 30, bring: ["documento d'identità"] }],
        openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '12:30', operators: 1 })),
      })
    ).id,
  exceptionId: async (w, org) => {
    const desk = await FIXTURES.deskId(w, org, {});
    return (await desks.addException(w.t.db, desk, { kind: 'closed', from: openDay(40), note: 'Chiuso per inventario' })).id;
  },
  operatorId: async (w, org) => {
    const desk = await FIXTURES.deskId(w, org, {});
    return (await desks.addOperator(w.t.db, desk, { name: 'Operatrice del sabato', weekday: 6, start: '09:00', end: '12:30' })).id;
  },
  appointmentId: async (w, org) => {
    const desk = await FIXTURES.deskId(w, org, {});
    const start = DateTime.fromISO(`${openDay(5)}T09:00`, { zone: 'Europe/Rome' })
      .toUTC()
      .toISO()!;
    const booked = await desks.bookAppointment(w.t.app.deps, desk, {
      service: 'spid',
      start,
      name: 'Mario Rossi',
      email: 'mario@esempio.it',
    });
    return booked.appointment.id;
  },
  serviceId: async (w, org) =>
    (
      await guides.createSheet(
        w.t.db,
        { userId: null, name: null },
        {
          organisation: w.org[org],
          name: `Attivare lo SPID ${next()}`,
          summary: 'Come attivare lo SPID, passo per passo.',
          category: 'identita-digitale',
          access: ['none'],
          status: 'published',
        },
      )
    ).id,
  recordId: async (w, org) => {
    // A facilitation record written by the organisation's facilitator (A) or admin (B), today, in a
    // programme of the organisation that does not report nationally (no codice fiscale needed).
    const today = DateTime.now().setZone('Europe/Rome');
    const programme = await createProgramme(w.t.db, null, {
      organisation: w.org[org],
      name: `Facilitazione ${next()}`,
      start: today.minus({ days: 30 }).toISODate()!,
      end: today.plus({ days: 30 }).toISODate()!,
    });
    const { id } = await createRecord(w.t.app.deps, null, {
      programme: programme.id,
      venue: w.venue[org],
      date: today.toISODate()!,
      duration: '00:30',
      kinds: ['A'],
      competences: [9],
      services: ['A'],
      facilitator: org === 'A' ? w.people.facilitatorA.userId : w.people.adminB.userId,
      citizen: {
        education: 'C',
        employment: 'G',
        citizenship: 'A',
        province: 'Prato',
        consent: { channel: 'CARTACEO', date: today.toISODate()! },
      },
    });
    return id;
  },
  breakdown: async () => 'month.csv',
  versionId: async (w, org, ids, route) => {
    // A draft of the organisation's skills item bank (one draft at a time: the previous one goes).
    if (route?.url.startsWith('/admin/skill-versions/')) return (await freshSkillsDraft(w, org)).id;
    if (!ids.serviceId) {
      throw new Error(
        `${route ? routeKey(route) : 'versionId'}: add a fixture for this kind of version (here versionId is not a service sheet's)`,
      );
    }
    const sheet = ids.serviceId;
    return (await guides.listVersions(w.t.db, sheet))[0].id;
  },
  itemId: async (w, org) => {
    const draft = await freshSkillsDraft(w, org);
    return (await skills.versionItems(w.t.db, draft.id))[0].id;
  },
  batchId: async (w, org, ids) => {
    // A national batch of the programme named before it, with the platform's outcome attached.
    const programme = ids.programmeId ?? (await FIXTURES.programmeId(w, org, ids));
    const id = newId();
    await w.t.db.k
      .insertInto('facilitation_batches')
      .values({
        id,
        programme_id: programme,
        number: Number(next()),
        format: 'csv',
        period_from: '2026-01-01',
        period_to: '2026-12-31',
        pending_only: 1,
        rows: 0,
        corrections: 0,
        files: 1,
        created_by: null,
        created_at: new Date().toISOString(),
        uploaded_at: null,
        uploaded_by: null,
        outcome_name: 'esito.csv',
        outcome: 'IDFacilitatore;Esito',
      })
      .execute();
    return id;
  },
  userId: async (w, org) =>
    // A facilitator of the organisation, whose identity on the national platform an admin sets.
    (
      await createUser(w.t.db, {
        email: `facilitatrice${next()}@matrice.example`,
        name: `Facilitatrice ${next()}`,
        role: 'facilitator',
        organisation: w.org[org],
        password: 'una-password-lunga',
      })
    ).id,
  webhookId: async (w, org) =>
    (
      await createSubscription(
        w.t.app.deps,
        w.org[org],
        { url: `https://hooks.example.org/${org}/${next()}`, events: ['registration.created'] },
        null,
      )
    ).subscription.id,
};

async function freshSkillsDraft(w: World, org: Org) {
  const { draft } = await skills.bankOverview(w.t.db, w.org[org]);
  if (draft) await skills.discardDraft(w.t.db, draft.id);
  return skills.createDraft(w.t.db, w.org[org], null);
}

/** The first day at least `days` ahead (Rome) that is not a public holiday. */
function openDay(days: number): string {
  let d = DateTime.now().setZone('Europe/Rome').startOf('day').plus({ days });
  while (desks.holidayName(d.toISODate()!)) d = d.plus({ days: 1 });
  return d.toISODate()!;
}

type Body = Record<string, unknown>;

/** The staff event form (Rome dates and times, as a person types them), for one of the organisation's venues. */
function eventForm(w: World, org: Org): Body {
  const day = DateTime.now().setZone('Europe/Rome').plus({ days: 25 }).toISODate() as string;
  return {
    title: `Incontro dal modulo ${next()}`,
    type: 'incontro',
    format: 'in_presenza',
    status: 'published',
    venue: w.venue[org],
    capacity: '20',
    maxSeatsPerBooking: '2',
    bookingRequired: '1',
    'sessions.0.date': day,
    'sessions.0.start': '17:00',
    'sessions.0.end': '19:00',
  };
}

/**
 * Plausible bodies for writes, keyed by "METHOD /route/:pattern": JSON for the API, form fields
 * for pages. `ids` holds the path parameters of the call. Writes without an entry are still
 * checked, with an empty body, and the allowed callers are then only required not to be refused.
 */
const BODIES: Record<string, (w: World, org: Org, ids: Record<string, string>) => Body> = {
  'PATCH /api/v1/organisations/:organisationId': () => ({ description: 'Cambiata dal test', memberMunicipalities: [] }),
  'POST /api/v1/organisations/:organisationId/venues': (_w, org) => ({
    name: `Nuova sede ${next()}`,
    address: 'Via Roma 1',
    municipality: org === 'A' ? '100005' : '017081',
  }),
  'PATCH /api/v1/venues/:venueId': () => ({ name: 'Sede rinominata', capacity: 99 }),
  'DELETE /api/v1/venues/:venueId': () => ({}),
  'POST /api/v1/organisations/:organisationId/agreements': (w, org) => ({
    title: 'Nuovo protocollo',
    partners: [w.partner[org]],
    start: '2025-02-01',
  }),
  'PUT /api/v1/agreements/:agreementId': () => ({ title: 'Protocollo riscritto', partners: [], start: '2025-03-01' }),
  'POST /api/v1/organisations/:organisationId/partnerships': (w) => ({ partner: w.spare[w.spareAt++ % w.spare.length] }),
  'POST /api/v1/organisations/:organisationId/partnerships/:partnershipId/accept': () => ({}),
  'POST /api/v1/organisations/:organisationId/partnerships/:partnershipId/decline': () => ({}),
  'POST /api/v1/organisations/:organisationId/partnerships/:partnershipId/end': () => ({}),
  'POST /admin/organisations/:organisationId/partnerships': (w) => ({ partner: w.spare[w.spareAt++ % w.spare.length] }),
  'POST /admin/organisations/:organisationId/partnerships/:partnershipId/accept': () => ({}),
  'POST /admin/organisations/:organisationId/partnerships/:partnershipId/decline': () => ({}),
  'POST /admin/organisations/:organisationId/partnerships/:partnershipId/end': () => ({}),
  'DELETE /api/v1/agreements/:agreementId': () => ({}),
  'POST /admin/organisations/:organisationId/members': () => ({ name: 'Persona Nuova', email: `nuova${next()}@esempio.it`, role: 'staff' }),
  'PATCH /api/v1/organisations/:organisationId/members/:userId/national-identity': () => ({
    nationalId: '4815162342',
    nationalName: "D'Angelo Maria",
  }),
  'POST /admin/organisations/:organisationId/members/:userId': () => ({ nationalId: '4815162342', nationalName: "D'Angelo Maria" }),
  'POST /admin/organisations/:organisationId': (_w, org) => ({
    name: org === 'A' ? 'Comune di Prato' : 'Comune di Gussago',
    type: 'comune',
    municipality: org === 'A' ? 'Prato' : 'Gussago',
    description: 'Cambiata dal test',
    memberMunicipalities: '',
  }),
  'POST /admin/organisations/:organisationId/venues': (_w, org) => ({
    name: `Nuova sede ${next()}`,
    address: 'Via Roma 1',
    municipality: org === 'A' ? 'Prato' : 'Gussago',
  }),
  'POST /admin/venues/:venueId': (_w, org) => ({
    name: 'Sede rinominata',
    address: 'Via Roma 2',
    municipality: org === 'A' ? 'Prato' : 'Gussago',
  }),
  'POST /admin/venues/:venueId/delete': () => ({}),
  'POST /admin/organisations/:organisationId/agreements': (w, org) => ({
    title: 'Nuovo protocollo',
    partners: [w.partner[org]],
    start: '2025-02-01',
  }),
  'POST /admin/agreements/:agreementId': () => ({ title: 'Protocollo riscritto', start: '2025-03-01' }),
  'POST /admin/agreements/:agreementId/delete': () => ({}),
  'PATCH /api/v1/programmes/:programmeId': () => ({ name: 'Programma rinominato' }),
  'PUT /api/v1/programmes/:programmeId/targets': () => ({ targets: [{ metric: 'participants', value: 300, deadline: '2026-12-31' }] }),
  'PATCH /api/v1/events/:eventId': () => ({ title: 'Incontro rinominato' }),
  'POST /api/v1/events/:eventId/cancel': () => ({ reason: 'Sala non disponibile' }),
  'POST /admin/organisations/:organisationId/events/new': (w, org) => eventForm(w, org),
  'POST /admin/events/:eventId': (w, org) => eventForm(w, org),
  'POST /admin/events/:eventId/cancel': () => ({ reason: 'Sala non disponibile' }),
  'POST /admin/organisations/:organisationId/series/new': (w, org) => {
    const { venue, 'sessions.0.date': firstDate, ...fields } = eventForm(w, org);
    return { ...fields, venues: venue, firstDate, time: '17:00', durationMinutes: '90', every: 'week', count: '2' };
  },
  'POST /api/v1/events/:eventId/messages': () => ({
    statuses: ['booked'],
    subject: 'Cambio di sala',
    body: 'Ci vediamo nella sala grande.',
  }),
  'POST /admin/events/:eventId/messaggi': () => ({ statuses: 'booked', subject: 'Cambio di sala', body: 'Ci vediamo nella sala grande.' }),
  'POST /admin/events/:eventId/registrations': () => ({ name: 'Mario Rossi', phone: '0574 123456', seats: '1', privacyAccepted: '1' }),
  'PATCH /api/v1/services/:serviceId': () => ({ name: 'Scheda rinominata dal test' }),
  'PUT /api/v1/services/:serviceId/steps': () => ({ steps: [{ text: 'Apri il sito del servizio.' }] }),
  'POST /api/v1/services/:serviceId/versions/:versionId/restore': () => ({}),
  'POST /api/v1/organisations/:organisationId/services/import': () => ({
    csv: `name,summary,category\nScheda importata ${next()},Serve per provare l'importazione.,anagrafe\n`,
  }),
  'POST /admin/organisations/:organisationId/servizi': () => ({
    name: `Nuova scheda ${next()}`,
    category: 'anagrafe',
    summary: 'Serve per provare la creazione.',
  }),
  'POST /admin/organisations/:organisationId/servizi/import': () => ({
    intent: 'check',
    pending: Buffer.from(`name,summary,category\nScheda controllata ${next()},Serve per provare il controllo.,anagrafe\n`).toString(
      'base64',
    ),
  }),
  'POST /admin/servizi/:serviceId': () => ({
    intent: 'save',
    name: 'Scheda rinominata dal test',
    slug: `scheda-rinominata-${next()}`,
    summary: 'Come attivare lo SPID, passo per passo.',
    category: 'identita-digitale',
  }),
  'POST /admin/servizi/:serviceId/stato': () => ({ status: 'draft' }),
  'POST /admin/servizi/:serviceId/versioni/:versionId/ripristina': () => ({}),
  'PATCH /api/v1/facilitations/:recordId': () => ({ duration: '00:45', details: 'Corretto dal test' }),
  'DELETE /api/v1/facilitations/:recordId': () => ({}),
  'POST /api/v1/facilitations/:recordId/questionnaire': () => ({ email: 'cittadino@esempio.it' }),
  'POST /api/v1/programmes/:programmeId/facilitations/batches/:batchId/uploaded': () => ({ outcome: 'esito' }),
  'POST /admin/programmes/:programmeId/export/batches/:batchId/caricato': () => ({}),
  'PUT /api/v1/programmes/:programmeId/facilitation-settings': () => ({ editWindowDays: 3, admitsMinors: false }),
  'POST /admin/facilitazioni/:recordId/elimina': () => ({}),
  'POST /admin/programmes/:programmeId/cruscotto/impostazioni': () => ({ editWindowDays: '5' }),
  'POST /admin/skill-versions/:versionId/domande': () => ({
    competence: '4.1',
    level: '3',
    kind: 'self',
    textIt: 'So riconoscere un sito con il lucchetto e l’indirizzo giusto.',
  }),
  'POST /admin/skill-items/:itemId': () => ({ competence: '1.1', level: '2', kind: 'self', textIt: 'So cercare un orario su internet.' }),
  'POST /api/v1/organisations/:organisationId/webhooks': () => ({
    url: `https://hooks.example.org/nuovo/${next()}`,
    events: ['registration.created', 'registration.cancelled'],
  }),
  'PATCH /api/v1/webhooks/:webhookId': () => ({ url: 'https://hooks.example.org/cambiato', active: false }),
  'POST /admin/organisations/:organisationId/webhooks': () => ({
    url: `https://hooks.example.org/pagina/${next()}`,
    events: ['registration.created', 'registration.promoted'],
  }),
  'POST /admin/webhooks/:webhookId': () => ({ url: 'https://hooks.example.org/cambiato', events: 'registration.checked_in' }),
  'POST /admin/webhooks/:webhookId/active': () => ({ active: '0' }),
};

/**
 * Query strings for routes that need one (a date range, a filter), keyed like BODIES, starting
 * with "?". Reads without an entry are called with none and must still succeed for allowed callers.
 */
const QUERIES: Record<string, (w: World, org: Org, ids: Record<string, string>) => string> = {
  'GET /api/v1/programmes/:programmeId/facilitations/precheck': () => '?from=2020-01-01&to=2026-12-31',
  'GET /api/v1/programmes/:programmeId/facilitations/export': () => '?from=2020-01-01&to=2026-12-31&format=csv',
};

const HINT = ' (a caller who may use the route was refused: does it need an entry in BODIES or QUERIES?)';

const isApi = (url: string) => url.startsWith('/api/');
const isWrite = (method: string) => method !== 'GET';
const routeKey = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

function paramsOf(url: string): string[] {
  return [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]);
}

function fillUrl(url: string, ids: Record<string, string>): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => encodeURIComponent(ids[name]));
}

/** The address to call: the path with its parameters filled, and the route's query string if it has one. */
function target(w: World, route: RouteRecord, org: Org, ids: Record<string, string>): string {
  return fillUrl(route.url, ids) + (QUERIES[routeKey(route)]?.(w, org, ids) ?? '');
}

async function fixtures(w: World, route: RouteRecord, org: Org): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const name of paramsOf(route.url)) {
    const make = FIXTURES[name];
    if (!make) {
      throw new Error(
        `${routeKey(route)}: no fixture for the path parameter "${name}". Add one to FIXTURES in test/tenancy/matrix.test.ts ` +
          '(a function that returns the id of a record of the given organisation).',
      );
    }
    ids[name] = await make(w, org, ids, route);
  }
  return ids;
}

type Via = 'session' | 'bearer' | 'anonymous';

/** Calls a route as a person, through their session (with the CSRF token) or their API token. */
async function call(
  app: FastifyInstance,
  w: World,
  route: RouteRecord,
  url: string,
  body: Body,
  who: Person | null,
  via: Via,
): Promise<LightMyRequestResponse> {
  const jar = via === 'session' && who ? who.browser : w.anonymous;
  const csrf = via === 'session' && who ? who.csrf : w.anonymousCsrf;
  const headers: Record<string, string> = { cookie: jar.cookieHeader };
  if (via === 'bearer' && who) headers.authorization = `Bearer ${who.token}`;
  let payload: string | undefined;
  if (isApi(route.url)) {
    headers.accept = 'application/json';
    if (isWrite(route.method)) {
      headers['x-csrf-token'] = csrf;
      if (route.method !== 'DELETE' || Object.keys(body).length > 0) {
        headers['content-type'] = 'application/json';
        payload = JSON.stringify(body);
      }
    }
  } else if (isWrite(route.method)) {
    // Pages get the form's CSRF token, so that a refusal comes from the access rule, not from CSRF.
    const form = new URLSearchParams({ _csrf: csrf });
    for (const [k, v] of Object.entries(body)) for (const x of Array.isArray(v) ? v : [v]) form.append(k, String(x));
    headers['content-type'] = 'application/x-www-form-urlencoded';
    payload = form.toString();
  }
  return app.inject({ method: route.method as 'GET', url, headers, payload });
}

function describeCall(route: RouteRecord, who: string, via: Via, res: LightMyRequestResponse): string {
  return `${routeKey(route)} as ${who} via ${via} answered ${res.statusCode}: ${res.body.slice(0, 300)}`;
}

/** Every row that belongs to organisation `orgId`: found through each table's organisation_id column. */
async function rowsOf(w: World, orgId: string): Promise<Record<string, unknown[]>> {
  const db = w.t.db;
  w.tables ??= (await db.k.introspection.getTables()).filter((t) => db.dialect !== 'postgres' || t.schema === w.t.schema);
  const tables = w.tables;
  const out: Record<string, unknown[]> = {};
  const sorted = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).sort();
  const k = db.k as unknown as import('kysely').Kysely<Record<string, Record<string, unknown>>>;
  // The reads go out together: on PostgreSQL each is a round trip.
  const reads: Promise<void>[] = [];
  const read = (name: string, rows: Promise<unknown[]>) =>
    reads.push(
      rows.then((r) => {
        out[name] = sorted(r);
      }),
    );
  for (const table of tables) {
    const columns = table.columns.map((c) => c.name);
    if (table.name === 'organisations') {
      read(table.name, k.selectFrom(table.name).selectAll().where('id', '=', orgId).execute());
    } else if (columns.includes('organisation_id')) {
      read(table.name, k.selectFrom(table.name).selectAll().where('organisation_id', '=', orgId).execute());
    }
  }
  // Rows that hang off the organisation's agreements, and every account (a refused call creates none).
  read(
    'agreement_partners_of_agreements',
    db.k
      .selectFrom('agreement_partners')
      .selectAll()
      .where('agreement_id', 'in', db.k.selectFrom('agreements').select('id').where('organisation_id', '=', orgId))
      .execute(),
  );
  // Partnerships that name the organisation (those it asked for carry its organisation_id).
  read('partnerships_naming', db.k.selectFrom('partnerships').selectAll().where('partner_id', '=', orgId).execute());
  read('users', db.k.selectFrom('users').select(['id', 'email', 'name', 'password_hash', 'national_id', 'active']).execute());
  await Promise.all(reads);
  return out;
}

/** The application built over an empty in-memory database: enough to register every route. */
async function bareApp(): Promise<FastifyInstance> {
  const { buildApp } = await import('../../src/app.js');
  return buildApp({ config: testConfig(), db: createDb('sqlite::memory:'), logger: false });
}

/** Reads the route table once: it does not depend on the database dialect. */
async function routeTable(): Promise<RouteRecord[]> {
  const app = await bareApp();
  try {
    await app.ready();
    return app.routeTable.map((r) => ({ ...r }));
  } finally {
    await app.close();
    await app.deps.db.destroy();
  }
}

const ROUTES = await routeTable();
const ORG_ROUTES = ROUTES.filter((r) => r.access.kind === 'org');
const PLATFORM_ROUTES = ROUTES.filter((r) => r.access.kind === 'platform');
const SIGNED_IN_ROUTES = ROUTES.filter((r) => r.access.kind === 'signed-in');

async function buildWorld(dialect: (typeof DIALECTS)[number]): Promise<World> {
  const t = await createTestApp(dialect, { rateLimitMax: 0, loginRateLimitMax: 1000 });
  const db = t.db;
  const org = {
    A: (await createOrganisation(db, { name: 'Comune di Prato', type: 'comune', municipality: '100005' })).id,
    B: (
      await createOrganisation(db, { name: 'Comune di Gussago', type: 'comune', municipality: '017081', memberMunicipalities: ['017081'] })
    ).id,
  };
  const partner = {
    A: (await createOrganisation(db, { name: 'Arci Prato', type: 'associazione', municipality: '100005' })).id,
    B: (await createOrganisation(db, { name: 'Biblioteca di Gussago', type: 'associazione', municipality: '017081' })).id,
  };
  const venue = {
    A: await FIXTURES.venueId({ t, org, partner } as World, 'A', {}),
    B: await FIXTURES.venueId({ t, org, partner } as World, 'B', {}),
  };
  const spare: string[] = [];
  for (let i = 0; i < 24; i++) {
    spare.push((await createOrganisation(db, { name: `Scuola ${i + 1}`, type: 'scuola', municipality: '100005' })).id);
  }
  const partial = { t, org, partner, venue, spare, spareAt: 0 } as World;
  // Each organisation starts with an agreement, a programme and an event of its own.
  for (const o of ['A', 'B'] as Org[]) {
    await FIXTURES.agreementId(partial, o, {});
    await FIXTURES.programmeId(partial, o, {});
    await FIXTURES.eventId(partial, o, {});
  }

  const anonymous = new Browser(t.app);
  const anonymousCsrf = await anonymous.csrf();
  const person = async (label: string, role: Role, organisation?: string): Promise<Person> => {
    const { id } = await createUser(db, {
      email: `${label.toLowerCase()}@matrice.example`,
      name: label,
      role,
      organisation,
      password: 'una-password-lunga',
    });
    const browser = new Browser(t.app);
    browser.cookies.set(SESSION_COOKIE, await createSession(db, id));
    const csrf = await browser.csrf();
    return { label, role, userId: id, token: await createApiToken(db, id, 'matrix'), browser, csrf };
  };
  const people = {
    adminA: await person('AdminA', 'org-admin', org.A),
    staffA: await person('StaffA', 'staff', org.A),
    facilitatorA: await person('FacilitatorA', 'facilitator', org.A),
    partnerA: await person('PartnerA', 'partner', org.A),
    adminB: await person('AdminB', 'org-admin', org.B),
    platform: await person('Platform', 'platform-admin'),
  };
  return { ...partial, people, anonymous, anonymousCsrf };
}

describe('the route table', () => {
  it('gives every route one of the four kinds of access rule', () => {
    expect(ROUTES.length).toBeGreaterThan(20);
    for (const r of ROUTES) {
      expect(['public', 'signed-in', 'platform', 'org'], routeKey(r)).toContain(r.access.kind);
      if (r.access.kind === 'org') {
        const access = r.access as Extract<Access, { kind: 'org' }>;
        expect(paramsOf(r.url), `${routeKey(r)} names a target that is not one of its path parameters`).toContain(access.target);
        expect(access.roles.length, routeKey(r)).toBeGreaterThan(0);
      }
    }
    // The back office is never public.
    const publicAdmin = ROUTES.filter((r) => r.url.startsWith('/admin') && r.access.kind === 'public').map(routeKey);
    expect(publicAdmin).toEqual([]);
  });

  it('has a fixture for every path parameter of an organisation-scoped route', () => {
    const missing = ORG_ROUTES.flatMap((r) =>
      paramsOf(r.url)
        .filter((p) => !FIXTURES[p])
        .map((p) => `${routeKey(r)} → ${p}`),
    );
    expect(missing, 'add these parameters to FIXTURES in test/tenancy/matrix.test.ts').toEqual([]);
  });

  it('refuses to register a route that declares no access rule', async () => {
    const app = await bareApp();
    try {
      expect(() => app.get('/senza-regola', async () => 'aperta a tutti?')).toThrow(/declares no access rule/);
      expect(() => app.route({ method: 'POST', url: '/api/v1/senza-regola', handler: async () => ({}) })).toThrow(
        /declares no access rule/,
      );
    } finally {
      await app.close().catch(() => undefined);
      await app.deps.db.destroy();
    }
  });
});

describe.each(DIALECTS)('tenancy matrix (%s)', (dialect) => {
  let w: World;
  beforeAll(async () => {
    w = await buildWorld(dialect);
  });
  afterAll(() => w.t.close());

  it('starts with two organisations that each hold records of their own', async () => {
    const a = await rowsOf(w, w.org.A);
    const b = await rowsOf(w, w.org.B);
    for (const table of ['venues', 'agreements', 'memberships']) {
      expect(a[table]?.length, table).toBeGreaterThan(0);
      expect(b[table]?.length, table).toBeGreaterThan(0);
    }
    expect(b.organisation_municipalities.length).toBeGreaterThan(0);
    expect(b.agreement_partners_of_agreements.length).toBeGreaterThan(0);
  });

  const bodyFor = (route: RouteRecord, org: Org, ids: Record<string, string>): Body =>
    isWrite(route.method) ? (BODIES[routeKey(route)]?.(w, org, ids) ?? {}) : {};

  for (const route of ORG_ROUTES) {
    const access = route.access as Extract<Access, { kind: 'org' }>;

    it(`${routeKey(route)}: another organisation's staff are refused and change nothing; a platform admin is not`, async () => {
      // A's organisation admin, through the session and through an API token, and nobody signed in,
      // on one record of B: every call is refused and B's rows are the same afterwards.
      const ids = await fixtures(w, route, 'B');
      const url = target(w, route, 'B', ids);
      const before = await rowsOf(w, w.org.B);
      for (const via of ['session', 'bearer'] as const) {
        const res = await call(w.t.app, w, route, url, bodyFor(route, 'B', ids), w.people.adminA, via);
        const label = describeCall(route, 'A’s org admin on B', via, res);
        expect([403, 404], label).toContain(res.statusCode);
        if (isApi(route.url)) expect(res.headers['content-type'], label).toMatch(/^application\/problem\+json/);
      }
      const anonymous = await call(w.t.app, w, route, url, bodyFor(route, 'B', ids), null, 'anonymous');
      if (!isApi(route.url) && route.method === 'GET') {
        expect(anonymous.statusCode, describeCall(route, 'nobody', 'anonymous', anonymous)).toBe(303);
        expect(anonymous.headers.location).toMatch(/^\/login\?next=/);
      } else {
        expect(anonymous.statusCode, describeCall(route, 'nobody', 'anonymous', anonymous)).toBe(401);
      }
      expect(await rowsOf(w, w.org.B), `${routeKey(route)}: a refused call changed B's rows`).toEqual(before);

      // A platform admin acts on a record of B.
      const fresh = await fixtures(w, route, 'B');
      const res = await call(w.t.app, w, route, target(w, route, 'B', fresh), bodyFor(route, 'B', fresh), w.people.platform, 'bearer');
      const label = `${describeCall(route, 'the platform admin', 'bearer', res)}${HINT}`;
      expect([401, 403, 404], label).not.toContain(res.statusCode);
      expect(res.statusCode, label).toBeLessThan(BODIES[routeKey(route)] || !isWrite(route.method) ? 400 : 500);
    });

    it(`${routeKey(route)}: within the organisation, allowed exactly for ${access.roles.join(', ')}`, async () => {
      for (const who of [w.people.adminA, w.people.staffA, w.people.facilitatorA, w.people.partnerA]) {
        const ids = await fixtures(w, route, 'A');
        const res = await call(w.t.app, w, route, target(w, route, 'A', ids), bodyFor(route, 'A', ids), who, 'bearer');
        const label = `${describeCall(route, `A's ${who.role}`, 'bearer', res)}${HINT}`;
        if (access.roles.includes(who.role)) {
          expect([401, 403, 404], label).not.toContain(res.statusCode);
          expect(res.statusCode, label).toBeLessThan(BODIES[routeKey(route)] || !isWrite(route.method) ? 400 : 500);
        } else {
          expect(res.statusCode, label).toBe(403);
        }
      }
    });
  }

  for (const route of PLATFORM_ROUTES) {
    it(`${routeKey(route)}: only for platform admins`, async () => {
      const ids = await fixtures(w, route, 'B');
      const url = target(w, route, 'B', ids);
      for (const via of ['session', 'bearer'] as const) {
        const res = await call(w.t.app, w, route, url, {}, w.people.adminA, via);
        expect(res.statusCode, describeCall(route, 'A’s org admin', via, res)).toBe(403);
      }
      const anonymous = await call(w.t.app, w, route, url, {}, null, 'anonymous');
      expect(anonymous.statusCode, describeCall(route, 'nobody', 'anonymous', anonymous)).toBe(
        !isApi(route.url) && route.method === 'GET' ? 303 : 401,
      );
      const platform = await call(w.t.app, w, route, url, {}, w.people.platform, 'session');
      expect([401, 403, 404], describeCall(route, 'the platform admin', 'session', platform)).not.toContain(platform.statusCode);
      expect(platform.statusCode).toBeLessThan(500);
    });
  }

  for (const route of SIGNED_IN_ROUTES) {
    it(`${routeKey(route)}: needs a signed-in user`, async () => {
      const ids = await fixtures(w, route, 'A');
      const res = await call(w.t.app, w, route, target(w, route, 'A', ids), {}, null, 'anonymous');
      if (!isApi(route.url) && route.method === 'GET') {
        expect(res.statusCode, describeCall(route, 'nobody', 'anonymous', res)).toBe(303);
        expect(res.headers.location).toMatch(/^\/login\?next=/);
      } else {
        expect(res.statusCode, describeCall(route, 'nobody', 'anonymous', res)).toBe(401);
      }
    });
  }
});
