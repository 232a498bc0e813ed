import { expect } from 'vitest';
import { createApiToken } from '../../src/core/auth.js';
import { createUser, setNationalId } from '../../src/modules/accounts/service.js';
import { checkCharacter } from '../../src/modules/facilitation/fiscal-code.js';
import * as repo from '../../src/modules/facilitation/repo.js';
import {
  answerPartnership,
  createOrganisation,
  createVenue,
  requestPartnership,
  updateVenue,
} from '../../src/modules/organisations/service.js';
import { createProgramme } from '../../src/modules/programmes/service.js';
import { bearer, type TestApp } from '../helpers.js';

const MONTHS = 'ABCDEHLMPRST';
const OMOCODIA = 'LMNPQRSTUV';

/**
 * A codice fiscale with a correct check character: `letters` (6) for surname and name, the birth
 * date, gender, and the cadastral code of the birthplace (H501 Roma; Z + 3 digits abroad).
 */
export function makeCf(opts: { birth: string; female?: boolean; place?: string; letters?: string; omocodia?: number }): string {
  const [y, m, d] = opts.birth.split('-').map(Number);
  const day = d + (opts.female ? 40 : 0);
  let body = `${opts.letters ?? 'RSSMRA'}${String(y % 100).padStart(2, '0')}${MONTHS[m - 1]}${String(day).padStart(2, '0')}${opts.place ?? 'H501'}`;
  // Omocodia replaces digits from the right (positions 14, 13, 12, 10, 9, 7, 6) with letters.
  const positions = [14, 13, 12, 10, 9, 7, 6];
  for (let i = 0; i < (opts.omocodia ?? 0); i++) {
    const p = positions[i];
    body = body.slice(0, p) + OMOCODIA[Number(body[p])] + body.slice(p + 1);
  }
  return body + checkCharacter(body);
}

/** A different letter as the check character. */
export function breakCheck(cf: string): string {
  const c = cf[15] === 'A' ? 'B' : 'A';
  return cf.slice(0, 15) + c;
}

let seq = 0;

export interface World {
  t: TestApp;
  org: string;
  other: string;
  partner: string;
  venue: string;
  /** A second venue of the organisation, in Prato too. */
  venue2: string;
  partnerVenue: string;
  otherVenue: string;
  /** Reports to the national platform (codice fiscale required). */
  national: string;
  /** Does not (codice fiscale optional). */
  local: string;
  otherProgramme: string;
  users: Record<
    'facilitator' | 'facilitator2' | 'staff' | 'partner' | 'otherStaff' | 'admin',
    { id: string; email: string; token: string }
  >;
  api: Record<'facilitator' | 'facilitator2' | 'staff' | 'partner' | 'otherStaff' | 'admin', ReturnType<typeof bearer>>;
}

/** Two organisations (Prato with a partner, and Gussago), venues, programmes and people with tokens. */
export async function makeWorld(t: TestApp, year = new Date().getUTCFullYear()): Promise<World> {
  const n = ++seq;
  const org = (await createOrganisation(t.db, { name: `Comune di Prato ${n}`, type: 'comune', municipality: '100005' })).id;
  const partner = (await createOrganisation(t.db, { name: `Arci Prato ${n}`, type: 'associazione', municipality: '100005' })).id;
  const other = (await createOrganisation(t.db, { name: `Comune di Gussago ${n}`, type: 'comune', municipality: '017081' })).id;
  const venue = (
    await createVenue(t.db, org, { name: 'Biblioteca Lazzerini', address: 'Via Puccetti 3, 59100 Prato', municipality: '100005' })
  ).id;
  await updateVenue(t.db, venue, { nationalId: `${n}001` });
  const venue2 = (
    await createVenue(t.db, org, { name: 'Casa del Popolo di Narnali', address: 'Via Pistoiese 410', municipality: '100005' })
  ).id;
  await updateVenue(t.db, venue2, { nationalId: `${n}003` });
  const partnerVenue = (
    await createVenue(t.db, partner, { name: 'Circolo di Coiano', address: 'Via di Coiano 12', municipality: '100005' })
  ).id;
  await updateVenue(t.db, partnerVenue, { nationalId: `${n}002` });
  const otherVenue = (await createVenue(t.db, other, { name: 'Hub Gussago', address: 'Via Peracchia 3', municipality: '017081' })).id;
  const programme = async (owner: string, national: boolean, partners: string[] = []) =>
    (
      await createProgramme(t.db, null, {
        organisation: owner,
        name: `Programma ${++seq}`,
        funding: national ? 'PNRR M1C1 1.7.2' : 'Fondi propri',
        start: `${year - 1}-01-01`,
        end: `${year + 1}-12-31`,
        partners,
        targets: [
          { metric: 'unique_citizens', value: 10, deadline: `${year + 1}-12-31` },
          { metric: 'services', value: 20, deadline: `${year + 1}-12-31` },
        ],
      })
    ).id;
  // The partner has accepted the partnership: its venues serve the programme.
  const partnership = await requestPartnership(t.db, org, { partner }, null);
  await answerPartnership(t.db, partnership.id, partner, 'accept', null);
  const national = await programme(org, true, [partner]);
  const local = await programme(org, false);
  const otherProgramme = await programme(other, false);
  const person = async (
    role: 'facilitator' | 'staff' | 'partner' | 'org-admin' | 'platform-admin',
    organisation: string | undefined,
    name: string,
  ) => {
    const email = `${role}.${++seq}@esempio.it`;
    const { id } = await createUser(t.db, { email, name, role, organisation });
    // A numeric id on the national platform, matched there with "Cognome Nome".
    await setNationalId(t.db, email, `${9000 + seq}`);
    const [first, ...rest] = name.split(' ');
    await t.db.k
      .updateTable('users')
      .set({ national_name: `${rest.join(' ')} ${first}` })
      .where('id', '=', id)
      .execute();
    return { id, email, token: await createApiToken(t.db, id, 'test') };
  };
  const users = {
    facilitator: await person('facilitator', org, 'Giulia Conti'),
    facilitator2: await person('facilitator', org, 'Paolo Verdi'),
    staff: await person('staff', org, 'Marco Rossi'),
    partner: await person('partner', partner, 'Paolo Neri'),
    otherStaff: await person('org-admin', other, 'Elena Marchina'),
    admin: await person('platform-admin', undefined, 'Amministrazione'),
  };
  const api = Object.fromEntries(Object.entries(users).map(([k, u]) => [k, bearer(t.app, u.token)])) as World['api'];
  return { t, org, other, partner, venue, venue2, partnerVenue, otherVenue, national, local, otherProgramme, users, api };
}

/** Today in Rome, and days before it. */
// Made once: a formatter costs a quarter of a millisecond to make, and tests date tens of thousands of records.
const ROME_DATE = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' });

export function daysAgo(days: number): string {
  return ROME_DATE.format(new Date(Date.now() - days * 86_400_000));
}

/** A valid record for the API, overridable. */
export function recordBody(w: World, over: Record<string, unknown> = {}, citizen: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    programme: w.national,
    venue: w.venue,
    date: daysAgo(1),
    duration: '00:30',
    kinds: ['A'],
    competences: [9],
    services: ['A', 'B'],
    ...over,
    citizen: {
      // Names only where the programme reports nationally: other programmes refuse them.
      ...((over.programme ?? w.national) === w.national ? { firstName: 'Maria', lastName: 'Rossi' } : {}),
      fiscalCode: makeCf({ birth: '1980-05-17', letters: `RSS${String.fromCharCode(65 + (seq++ % 26))}RA` }),
      education: 'C',
      employment: 'G',
      citizenship: 'A',
      province: 'Prato',
      consent: { channel: 'CARTACEO', date: daysAgo(1) },
      ...citizen,
    },
  };
}

/** Counts of every facilitation table, to prove a refusal wrote nothing. */
export async function counts(t: TestApp): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of [
    'facilitation_records',
    'facilitation_citizens',
    'facilitation_citizen_programmes',
    'facilitation_rollup',
    'facilitation_rollup_venue',
    'audit_log',
  ] as const) {
    const r = await t.db.k
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[table] = Number(r.n);
  }
  return out;
}

/** Recomputes both roll-ups from the records alone and compares them with the stored ones. */
export async function expectRollupsConsistent(t: TestApp): Promise<void> {
  const records = await t.db.k.selectFrom('facilitation_records').selectAll().execute();
  const first = new Map<string, repo.RecordRow>();
  for (const r of records) {
    if (!r.citizen_id) continue;
    const k = `${r.programme_id}|${r.citizen_id}`;
    const cur = first.get(k);
    if (!cur || r.service_date < cur.service_date || (r.service_date === cur.service_date && r.id < cur.id)) first.set(k, r);
  }
  const deltas = records.flatMap((r) => repo.deltasOf(r, 1, 'service'));
  for (const r of first.values()) deltas.push(...repo.deltasOf(r, 1, 'citizen'));
  const key = (d: { programme_id: string; month: string; venue_id: string; municipality_code: string; dim: string; value: string }) =>
    `${d.programme_id}|${d.month}|${d.venue_id}|${d.municipality_code}|${d.dim}|${d.value}`;
  const expected = new Map(repo.combineDeltas(deltas).map((d) => [key(d), d]));
  const stored = (await t.db.k.selectFrom('facilitation_rollup_venue').selectAll().execute()).filter(
    (r) => r.services || r.minutes || r.citizens || r.rating_sum || r.rating_count,
  );
  const simple = (d: repo.Delta) => [d.services, d.minutes, d.citizens, d.rating_sum, d.rating_count].map(Number);
  expect(new Map(stored.map((r) => [key(r), simple(r)]))).toEqual(new Map([...expected].map(([k, d]) => [k, simple(d)])));
  // The month roll-up is the venue roll-up summed over venues.
  const byMonth = new Map<string, number[]>();
  for (const d of expected.values()) {
    const k = `${d.programme_id}|${d.month}|${d.dim}|${d.value}`;
    const cur = byMonth.get(k) ?? [0, 0, 0, 0, 0];
    byMonth.set(
      k,
      cur.map((x, i) => x + simple(d)[i]),
    );
  }
  const storedMonth = (await t.db.k.selectFrom('facilitation_rollup').selectAll().execute()).filter(
    (r) => r.services || r.minutes || r.citizens || r.rating_sum || r.rating_count,
  );
  expect(new Map(storedMonth.map((r) => [`${r.programme_id}|${r.month}|${r.dim}|${r.value}`, simple(r as repo.Delta)]))).toEqual(byMonth);
  // And the first-seen rows name each citizen's first record.
  const cps = await t.db.k.selectFrom('facilitation_citizen_programmes').selectAll().execute();
  expect(new Map(cps.map((c) => [`${c.programme_id}|${c.citizen_id}`, c.first_record_id]))).toEqual(
    new Map([...first].map(([k, r]) => [k, r.id])),
  );
}
