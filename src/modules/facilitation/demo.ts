import { DateTime } from 'luxon';
import { loadConfig } from '../../config.js';
import type { Deps } from '../../core/deps.js';
import { JobQueue } from '../../core/jobs.js';
import type { Mailer } from '../../core/mail.js';
import type { DemoIds } from '../../core/module.js';
import { now, ZONE } from '../../core/time.js';
import type { Db } from '../../db/index.js';
import * as accounts from '../accounts/service.js';
import { updateVenue } from '../organisations/service.js';
import { getProgramme, updateProgramme } from '../programmes/service.js';
import { checkCharacter } from './fiscal-code.js';
import { newPrepareCache, type Prepared, type PrepareInput, prepareRecord, writePrepared } from './service.js';

/**
 * A few hundred facilitation services over the demo programmes, their venues and the months since
 * each programme began, so dashboards, targets and exports have something to show. Consorzio.it
 * reports to the national platform: its services carry (made-up, well-formed) codici fiscali, and
 * its venues and staff carry national ids, so its national export is complete.
 */

/** A small deterministic generator: the demo is the same on every install. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MONTHS = 'ABCDEHLMPRST';
const LETTERS = 'BCDFGLMNPRSTVZ';
const VOWELS = 'AEIOU';

function fiscalCode(rnd: () => number, birth: DateTime, female: boolean, place: string): string {
  const pick = (s: string) => s[Math.floor(rnd() * s.length)];
  const letters = `${pick(LETTERS)}${pick(LETTERS)}${pick(LETTERS)}${pick(LETTERS)}${pick(VOWELS)}${pick(LETTERS)}`;
  const day = birth.day + (female ? 40 : 0);
  const body = `${letters}${String(birth.year % 100).padStart(2, '0')}${MONTHS[birth.month - 1]}${String(day).padStart(2, '0')}${place}`;
  return body + checkCharacter(body);
}

const FIRST_F = ['Maria', 'Anna', 'Giuseppina', 'Rosa', 'Angela', 'Giovanna', 'Teresa', 'Lucia', 'Carla', 'Francesca'];
const FIRST_M = ['Giuseppe', 'Giovanni', 'Antonio', 'Mario', 'Luigi', 'Francesco', 'Angelo', 'Pietro', 'Carlo', 'Franco'];
const SURNAMES = ['Rossi', 'Bianchi', 'Ferrari', 'Lombardi', 'Bosio', 'Galli', 'Moretti', 'Cremonesi', 'Bettinelli', "Dell'Acqua"];

/** What people come for: competences (SE5) and public digital services (SE6), with how often. */
const TOPICS: [[number[], string[]], number][] = [
  [[[9], ['A']], 5],
  [[[9, 6], ['C']], 3],
  [[[6], ['B']], 3],
  [[[6, 12], ['D']], 3],
  [[[11], ['S']], 1],
  [[[4, 5], ['S']], 1],
  [[[6], ['M', 'D']], 2],
  [[[6], ['N']], 1],
];

interface Plan {
  key: string;
  count: number;
  venues: string[];
  facilitators: string[];
  province: string;
  places: string[];
  /** How many different people come (the rest are return visits). */
  people: number;
  withFiscalCode: number;
}

type Dice = ReturnType<typeof newDice>;

/** The demo's random choices, from one seeded generator so that every run makes the same records. */
function newDice(rnd: () => number) {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const weighted = <T>(xs: readonly [T, number][]): T => {
    let r = rnd() * xs.reduce((s, [, w]) => s + w, 0);
    for (const [x, w] of xs) {
      r -= w;
      if (r <= 0) return x;
    }
    return xs[xs.length - 1][0];
  };
  return { rnd, pick, weighted };
}

/** The demo's programmes: how many services, where, by whom, for whom. */
function demoPlans(v: Record<string, string>): Plan[] {
  return [
    {
      key: 'consorzio',
      count: 160,
      venues: [v.pandino, v.crema],
      facilitators: ['staff@consorzio.example'],
      province: 'Cremona',
      places: ['D142', 'G306', 'D150', 'F205', 'A794', 'Z602'],
      people: 110,
      withFiscalCode: 1,
    },
    {
      key: 'prato',
      count: 80,
      venues: [v.coiano, v.galciana, v.narnali],
      facilitators: ['facilitatore@prato.example', 'staff@prato.example'],
      province: 'Prato',
      places: ['G999', 'D612', 'F839', 'G273', 'Z330'],
      people: 60,
      withFiscalCode: 0.6,
    },
    {
      key: 'firenze',
      count: 60,
      venues: [v.murate],
      facilitators: ['staff@firenze.example'],
      province: 'Firenze',
      places: ['D612', 'G999', 'H501'],
      people: 50,
      withFiscalCode: 0.5,
    },
    {
      key: 'valnure',
      count: 30,
      venues: [v.podenzano],
      facilitators: ['animatore@valnure.example', 'admin@valnure.example'],
      province: 'Piacenza',
      places: ['G535', 'F205'],
      people: 25,
      withFiscalCode: 0.3,
    },
    {
      key: 'gussago',
      count: 40,
      venues: [v.hub],
      facilitators: ['urp@gussago.example'],
      province: 'Brescia',
      places: ['E271', 'B157'],
      people: 30,
      withFiscalCode: 0.5,
    },
  ];
}

/** One person who comes, with a birth date, and a codice fiscale where they gave one. */
function demoPerson(dice: Dice, plan: Plan, today: DateTime) {
  const { rnd, pick, weighted } = dice;
  const age = weighted<[number, number]>([
    [[20, 29], 2],
    [[30, 54], 5],
    [[55, 74], 4],
    [[75, 90], 2],
  ]);
  const birth = today.minus({ years: age[0] + Math.floor(rnd() * (age[1] - age[0])), days: Math.floor(rnd() * 365) });
  const female = rnd() < 0.55;
  return {
    cf: rnd() < plan.withFiscalCode ? fiscalCode(rnd, birth, female, pick(plan.places)) : undefined,
    // Names only where the programme reports nationally (the upload needs them; nowhere else keeps them).
    names: plan.key === 'consorzio' ? [pick(female ? FIRST_F : FIRST_M), pick(SURNAMES)] : undefined,
    gender: female ? 'F' : 'M',
    ageBand: age[0] < 30 ? '18-29' : age[0] < 55 ? '30-54' : age[0] < 75 ? '55-74' : '75+',
    education: weighted([
      ['A', 1],
      ['B', 4],
      ['C', 5],
      ['H', 2],
      ['I', 2],
      ['L', 1],
    ]),
    employment:
      age[0] >= 55
        ? weighted([
            ['G', 6],
            ['F', 1],
            ['D', 1],
          ] as [string, number][])
        : weighted([
            ['A', 4],
            ['C', 1],
            ['D', 2],
            ['E', 1],
            ['B', 1],
          ] as [string, number][]),
    citizenship: weighted([
      ['A', 12],
      ['B', 1],
      ['C', 2],
    ]),
  };
}

type DemoPerson = ReturnType<typeof demoPerson>;

/** One service to one person on a date. */
function demoInput(
  dice: Dice,
  at: { programme: string; plan: Plan; date: DateTime; person: DemoPerson; facilitators: string[] },
): PrepareInput {
  const { pick, weighted, rnd } = dice;
  const { programme, plan, date, person, facilitators } = at;
  const kind = weighted([
    ['A', 16],
    ['B', 2],
    ['C', 2],
  ]);
  const topic = weighted(TOPICS);
  const answered = rnd() < 0.25;
  return {
    programme,
    venue: pick(plan.venues),
    date: date.toISODate()!,
    duration: weighted([
      [20, 3],
      [30, 5],
      [45, 2],
      [60, 2],
      [120, 1],
    ]),
    kinds: [kind],
    competences: topic[0],
    services: topic[1],
    details: null,
    facilitator: pick(facilitators),
    citizen: {
      ...(person.names ? { firstName: person.names[0], lastName: person.names[1] } : {}),
      fiscalCode: person.cf,
      gender: person.cf ? undefined : (person.gender as 'F' | 'M'),
      ageBand: person.cf ? undefined : (person.ageBand as '18-29'),
      education: person.education,
      employment: person.employment,
      citizenship: person.citizenship,
      province: plan.province,
      consent: {
        channel: weighted([
          ['CARTACEO', 5],
          ['ONLINE', 1],
          ['EMAIL', 1],
        ] as ['CARTACEO', number][]),
        date: date.toISODate()!,
      },
    },
    survey: answered
      ? {
          es1: pick(['A', 'C', 'L', 'M', 'L']),
          es3: pick(['A', 'A', 'B', 'C']),
          es6: weighted([
            [5, 6],
            [4, 4],
            [3, 1],
            [2, 0.3],
          ]),
        }
      : undefined,
  };
}

export async function seedDemoFacilitation(db: Db, ids: DemoIds): Promise<number> {
  if (!ids.programmes) return 0;
  // The demo runs with the same data key as the server that will read it.
  const config = loadConfig({ DATA_KEY: process.env.DATA_KEY, DATA_KEY_PREVIOUS: process.env.DATA_KEY_PREVIOUS, LOG_LEVEL: 'silent' });
  const mailer: Mailer = { send: async () => {}, close: () => {} };
  const deps: Deps = { config, db, jobs: new JobQueue(db), mailer };
  const user = async (email: string) => (await accounts.findUserByEmail(db, email))?.id;
  const v = ids.venues;

  // Consorzio.it's points and staff as the national platform knows them: numeric ids, and names
  // written there ("Cognome Nome"; the point at Crema is registered under a longer name).
  await updateVenue(db, v.pandino, { nationalId: '31245', postalCode: '26025' });
  await updateVenue(db, v.crema, { nationalId: '31246', nationalName: 'Punto Digitale Facile Crema - Biblioteca', postalCode: '26013' });
  await accounts.setNationalIdentityByEmail(db, 'staff@consorzio.example', { nationalId: '40981', nationalName: 'Garatti Andrea' });
  if (ids.programmes.consorzio) {
    await updateProgramme(db, null, ids.programmes.consorzio, {
      nationalPolicy: 'RFD',
      nationalProgrammeCode: 'RFD-2023-LOM-017',
      nationalProjectId: '4512',
    });
  }

  const plans = demoPlans(v);

  const today = DateTime.fromJSDate(now(), { zone: ZONE }).startOf('day');
  const cache = newPrepareCache();
  const prepared: Prepared[] = [];
  const dice = newDice(random(20260401));
  const { rnd } = dice;

  for (const plan of plans) {
    const programme = ids.programmes[plan.key];
    if (!programme) continue;
    const facilitators = (await Promise.all(plan.facilitators.map(user))).filter((x): x is string => !!x);
    if (facilitators.length === 0) continue;
    const start = DateTime.fromISO((await getProgramme(db, programme)).start, { zone: ZONE });
    const span = Math.max(1, Math.floor(today.diff(start, 'days').days));
    // The people who come, each with a birth date, and a codice fiscale where they gave one.
    const people = Array.from({ length: plan.people }, () => demoPerson(dice, plan, today));
    for (let i = 0; i < plan.count; i++) {
      // Busier in recent months: the programme grows.
      const daysAgo = Math.floor(span * (1 - Math.sqrt(rnd())));
      const date = today.minus({ days: Math.min(span - 1, daysAgo) });
      const person = people[i < people.length ? i : Math.floor(rnd() * people.length)];
      const input = demoInput(dice, { programme, plan, date, person, facilitators });
      prepared.push(await prepareRecord(deps, null, input, cache));
    }
  }
  const written = await writePrepared(deps, null, prepared, 'demo');
  return written.length;
}
