/**
 * A region's worth of facilitation records for the benchmarks: one large regional programme
 * (national reporting, 300 points, 40% of the records) and nineteen smaller ones, three years of
 * services up to today, about 2.5 services per citizen. Rows go in with prepared statements in
 * large transactions (SQLite) or multi-row inserts (PostgreSQL); the roll-ups and first-seen rows
 * are computed with the application's own functions (repo.deltasOf), so they are what the
 * application would have written record by record.
 *
 * The national programmes' data is complete for the national upload, so their export refuses no
 * row: every citizen has a codice fiscale and names (encrypted like the application's), is 22 or
 * older, and is served at most once a day; facilitators and venues have numeric national ids, and
 * facilitators a national name ("Cognome Nome").
 */

import { sql } from 'kysely';
import { DateTime } from 'luxon';
import type { Config } from '../src/config.js';
import { createApiToken } from '../src/core/auth.js';
import { newId } from '../src/core/ids.js';
import { now, nowIso, ZONE } from '../src/core/time.js';
import type { Db } from '../src/db/index.js';
import type { FacilitationRecordTable } from '../src/db/schema.js';
import { areasOf, joinCodes } from '../src/modules/facilitation/codes.js';
import { DataKeys } from '../src/modules/facilitation/crypto.js';
import { checkCharacter } from '../src/modules/facilitation/fiscal-code.js';
import * as repo from '../src/modules/facilitation/repo.js';
import { createOrganisation, createVenue } from '../src/modules/organisations/service.js';
import { createProgramme } from '../src/modules/programmes/service.js';

export interface FacilitationBench {
  /** The large regional programme. */
  big: string;
  programmes: string[];
  /** A full calendar year with data, for the "one programme, one year" figure. */
  year: number;
  records: number;
  /** Bearer tokens: staff of the regional programme, and a platform administrator. */
  staffToken: string;
  adminToken: string;
}

/** Deterministic, fast random numbers. */
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

const COLUMNS = [
  'id',
  'programme_id',
  'organisation_id',
  'venue_id',
  'municipality_code',
  'facilitator_id',
  'service_group_id',
  'service_date',
  'duration_minutes',
  'kinds',
  'competences',
  'areas',
  'services',
  'details',
  'citizen_id',
  'has_fiscal_code',
  'gender',
  'age_band',
  'education',
  'employment',
  'citizenship',
  'province',
  'consent_channel',
  'consent_date',
  'first_time',
  'previous_kinds',
  'survey_status',
  'survey_token_hash',
  'survey_sent_at',
  'survey_answered_at',
  'es1',
  'es2',
  'es3',
  'es4',
  'es5',
  'es6',
  'source',
  'created_by',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof FacilitationRecordTable)[];

type Row = Record<string, unknown>;

/** Inserts rows in batches: one prepared statement in big transactions on SQLite, multi-row inserts on PostgreSQL. */
async function insertRows(db: Db, table: string, columns: readonly string[], rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  if (db.sqlite) {
    const stmt = db.sqlite.prepare(`insert into ${table} (${columns.join(',')}) values (${columns.map(() => '?').join(',')})`);
    const run = db.sqlite.transaction((batch: Row[]) => {
      for (const r of batch) stmt.run(...columns.map((c) => r[c] ?? null));
    });
    for (let i = 0; i < rows.length; i += 50_000) run(rows.slice(i, i + 50_000));
    return;
  }
  const per = Math.floor(60_000 / columns.length);
  for (let i = 0; i < rows.length; i += per) {
    const batch = rows.slice(i, i + per);
    const values = sql.join(batch.map((r) => sql`(${sql.join(columns.map((c) => r[c] ?? null))})`));
    await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) values ${values}`.execute(db.k);
  }
}

/**
 * Bulk loading: the secondary indexes of the tables are dropped while rows go in and built again
 * afterwards (sorting once is much faster than updating every index row by row).
 */
async function withoutIndexes(db: Db, tables: string[], load: () => Promise<void>): Promise<void> {
  let indexes: { name: string; sql: string }[];
  if (db.dialect === 'sqlite') {
    indexes = (
      await sql<{
        name: string;
        sql: string;
      }>`select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${sql.join(tables)})`.execute(db.k)
    ).rows;
  } else {
    indexes = (
      await sql<{ name: string; sql: string }>`select indexname as name, indexdef as sql from pg_indexes
        where schemaname = current_schema() and tablename in (${sql.join(tables)})
          and indexname not in (select conname from pg_constraint where connamespace = current_schema()::regnamespace)`.execute(db.k)
    ).rows;
  }
  for (const i of indexes) await sql`drop index ${sql.ref(i.name)}`.execute(db.k);
  try {
    await load();
  } finally {
    for (const i of indexes) await sql.raw(i.sql).execute(db.k);
  }
}

/** Names for the citizens and facilitators, picked by their number (no draw from the random stream). */
const FIRST_F = ['Maria', 'Anna', 'Giuseppina', 'Rosa', 'Angela', 'Giovanna', 'Teresa', 'Lucia', 'Carla', 'Francesca'];
const FIRST_M = ['Giuseppe', 'Giovanni', 'Antonio', 'Mario', 'Luigi', 'Francesco', 'Angelo', 'Pietro', 'Carlo', 'Franco'];
const SURNAMES = [
  'Rossi',
  'Bianchi',
  'Ferrari',
  'Lombardi',
  'Bosio',
  'Galli',
  'Moretti',
  'Cremonesi',
  'Bettinelli',
  "Dell'Acqua",
  'Colombo',
  'Brambilla',
  'Villa',
  'Sala',
  'Fumagalli',
  'Mauri',
  'Riva',
  'Cattaneo',
  'Longoni',
  'Vismara',
];

/** Citizens are at least this old when generated: by year difference, no one is a minor in the upload year. */
const YOUNGEST = 22;

const PROVINCES = [
  'Milano',
  'Bergamo',
  'Brescia',
  'Como',
  'Cremona',
  'Lecco',
  'Lodi',
  'Mantova',
  'Monza e della Brianza',
  'Pavia',
  'Sondrio',
  'Varese',
];

export async function generateFacilitation(
  db: Db,
  config: Config,
  opts: { records: number; seed?: number; log?: (line: string) => void },
): Promise<FacilitationBench> {
  const log = opts.log ?? (() => {});
  const rnd = random(opts.seed ?? 7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const keys = new DataKeys(config.dataKey, config.dataKeysPrevious);
  const today = DateTime.fromJSDate(now(), { zone: ZONE }).startOf('day');
  const start = today.minus({ years: 2 }).startOf('year');
  const span = Math.floor(today.diff(start, 'days').days);
  const at = nowIso();

  // Places: comuni of Lombardia.
  const comuni = (
    await db.k
      .selectFrom('municipalities')
      .select(['code', 'cadastral_code'])
      .where('region', '=', 'Lombardia')
      .where('active', '=', 1)
      .orderBy('code')
      .execute()
  ).slice(0, 1200);

  // Organisations, venues, people, programmes: through the services, a few hundred rows.
  interface Owner {
    org: string;
    programme: string;
    venues: { id: string; municipality: string }[];
    facilitators: string[];
    share: number;
    national: boolean;
  }
  const owners: Owner[] = [];
  const facilitatorHash = 'scrypt$bench$not-a-real-password';
  // National ids as the platform gives them (digits), different for every person and venue.
  const addPeople = async (org: string, n: number, label: string, firstNationalId: number): Promise<string[]> => {
    const rows = Array.from({ length: n }, (_, i) => ({
      id: newId(),
      email: `${label}.${i}.${newId().slice(-6)}@bench.example`,
      name: `Facilitatore ${label} ${i + 1}`,
      password_hash: facilitatorHash,
      national_id: String(firstNationalId + i),
      national_name: `${SURNAMES[Math.floor(i / 10) % SURNAMES.length]} ${(i % 2 ? FIRST_M : FIRST_F)[i % 10]}`,
      active: 1,
      created_at: at,
      password_changed_at: at,
    }));
    await insertRows(db, 'users', Object.keys(rows[0]), rows);
    await insertRows(
      db,
      'memberships',
      ['id', 'user_id', 'organisation_id', 'role', 'created_at'],
      rows.map((r) => ({ id: newId(), user_id: r.id, organisation_id: org, role: 'facilitator', created_at: at })),
    );
    return rows.map((r) => r.id);
  };
  for (let o = 0; o < 20; o++) {
    const big = o === 0;
    const org = await createOrganisation(db, {
      name: big ? 'Regione Lombardia (banco di prova)' : `Comune di prova ${o}`,
      type: big ? 'regione' : 'comune',
      municipality: comuni[o * 50].code,
    });
    const venueCount = big ? 300 : 10;
    const venues: Owner['venues'] = [];
    for (let v = 0; v < venueCount; v++) {
      const m = big ? comuni[(v * 4) % comuni.length] : comuni[(o * 50 + v) % comuni.length];
      const venue = await createVenue(db, org.id, {
        name: `Punto di facilitazione ${o}-${v + 1}`,
        address: `Via Roma ${v + 1}`,
        municipality: m.code,
        nationalId: String(20_000 + o * 1000 + v),
      });
      venues.push({ id: venue.id, municipality: m.code });
    }
    const facilitators = await addPeople(org.id, big ? 300 : 5, `o${o}`, 40_000 + o * 1000);
    const programme = await createProgramme(db, null, {
      organisation: org.id,
      name: big ? 'Rete regionale dei punti di facilitazione' : `Programma comunale ${o}`,
      funding: big || o % 3 === 0 ? 'PNRR M1C1 1.7.2' : 'Fondi propri',
      start: start.toISODate(),
      end: today.plus({ years: 1 }).endOf('year').toISODate(),
      targets: [
        { metric: 'unique_citizens', value: big ? 200_000 : 10_000, deadline: today.endOf('year').toISODate() },
        { metric: 'services', value: big ? 500_000 : 25_000, deadline: today.plus({ years: 1 }).endOf('year').toISODate() },
        { metric: 'facilitation_points', value: venueCount, deadline: today.endOf('year').toISODate() },
        { metric: 'facilitators', value: facilitators.length, deadline: today.endOf('year').toISODate() },
      ],
    });
    owners.push({ org: org.id, programme: programme.id, venues, facilitators, share: big ? 0.4 : 0.6 / 19, national: big || o % 3 === 0 });
  }
  log(
    `[facilitation] ${owners.length} programmes, ${owners.reduce((s, o) => s + o.venues.length, 0)} venues; generating ${opts.records.toLocaleString('en-GB')} records…`,
  );

  const KINDS: [string, number][] = [
    ['A', 80],
    ['B', 8],
    ['C', 7],
    ['D', 4],
    ['E', 1],
  ];
  const weighted = <T>(xs: [T, number][]): T => {
    let r = rnd() * xs.reduce((s, [, w]) => s + w, 0);
    for (const [x, w] of xs) {
      r -= w;
      if (r <= 0) return x;
    }
    return xs[xs.length - 1][0];
  };
  const COMPETENCE_SETS = [[9], [9, 6], [6], [6, 12], [11], [4, 5], [1, 3], [13], [9, 11], [2]];
  const SERVICE_SETS = [['A'], ['B'], ['C'], ['D'], ['A', 'B'], ['M'], ['N'], ['S'], ['L'], ['Q'], ['D', 'M']];
  const ORDER = 'ABCDEFGHIJKLMNOPQRS';
  let written = 0;
  const t0 = Date.now();
  // Dates by day number, computed once (the generator's hot loop stays free of date arithmetic).
  const days = Array.from({ length: span + 1 }, (_, d) => start.plus({ days: d }).toISODate()!);

  await withoutIndexes(
    db,
    [
      'facilitation_records',
      'facilitation_rollup',
      'facilitation_rollup_venue',
      'facilitation_citizens',
      'facilitation_citizen_programmes',
    ],
    async () => {
      for (const owner of owners) {
        const count = Math.round(opts.records * owner.share);
        const people = Math.max(10, Math.round(count / 2.5));
        // Citizens: a birth year, a profile, and (in national programmes) a codice fiscale.
        const citizens = Array.from({ length: people }, () => {
          const age =
            weighted<number>([
              [22, 15],
              [42, 45],
              [64, 30],
              [80, 10],
            ]) + Math.floor(rnd() * 10);
          if (age < YOUNGEST) throw new Error(`generated a citizen of ${age}`);
          const female = rnd() < 0.55;
          return {
            id: newId(),
            birthYear: today.year - age,
            gender: female ? 'A' : 'B',
            education: pick(['A', 'B', 'B', 'C', 'C', 'C', 'H', 'I', 'L']),
            employment: age >= 65 ? pick(['G', 'G', 'F']) : pick(['A', 'A', 'C', 'D', 'E', 'H']),
            citizenship: pick(['A', 'A', 'A', 'A', 'A', 'A', 'B', 'C']),
            province: pick(PROVINCES),
            female,
          };
        });
        // The citizens go in first (the records refer to them).
        const citizenRows: Row[] = [];
        citizens.forEach((c, i) => {
          const birth = DateTime.utc(c.birthYear, 1 + (i % 12), 1 + (i % 28));
          // Six letters spell the citizen's number, so every code of the organisation is different.
          let letters = '';
          for (let k = 0, x = i; k < 6; k++, x = Math.floor(x / 26)) letters += String.fromCharCode(65 + (x % 26));
          const body = `${letters}${String(birth.year % 100).padStart(2, '0')}${'ABCDEHLMPRST'[birth.month - 1]}${String(birth.day + (c.female ? 40 : 0)).padStart(2, '0')}${comuni[i % comuni.length].cadastral_code}`;
          const cf = body + checkCharacter(body);
          // Names by the citizen's number: one more AES-GCM per citizen of a national programme.
          const names = owner.national
            ? keys.encrypt(JSON.stringify([(c.female ? FIRST_F : FIRST_M)[i % 10], SURNAMES[Math.floor(i / 10) % SURNAMES.length], cf]))
            : null;
          citizenRows.push({
            id: c.id,
            organisation_id: owner.org,
            key_hash: keys.hash(owner.national ? `cf:${cf}` : `id:${c.id}`),
            key_id: keys.currentId,
            kind: owner.national ? 'cf' : 'other',
            cf_enc: owner.national ? keys.encrypt(cf) : null,
            names_enc: names,
            gender: c.gender,
            education: c.education,
            employment: c.employment,
            citizenship: c.citizenship,
            province: c.province,
            created_at: at,
            updated_at: at,
          });
        });
        await insertRows(db, 'facilitation_citizens', Object.keys(citizenRows[0]), citizenRows);
        const ageBand = (birthYear: number, year: number) => {
          const a = year - birthYear;
          return a < 30 ? '18-29' : a < 55 ? '30-54' : a < 75 ? '55-74' : '75+';
        };
        const deltas = new Map<string, number[]>();
        const addDeltas = (ds: repo.Delta[]) => {
          for (const d of ds) {
            const k = `${d.month}|${d.venue_id}|${d.municipality_code}|${d.dim}|${d.value}`;
            let a = deltas.get(k);
            if (!a) {
              a = [0, 0, 0, 0, 0];
              deltas.set(k, a);
            }
            a[0] += d.services;
            a[1] += d.minutes;
            a[2] += d.citizens;
            a[3] += d.rating_sum;
            a[4] += d.rating_count;
          }
        };
        const first = new Map<number, repo.RecordRow>();
        // A citizen is served at most once a day (citizen × day numbers): two services of one day
        // could repeat each other, which the national platform discards as duplicates.
        const served = new Set<number>();
        let batch: repo.RecordRow[] = [];
        const flush = async () => {
          await insertRows(db, 'facilitation_records', COLUMNS, batch as unknown as Row[]);
          written += batch.length;
          batch = [];
        };
        for (let i = 0; i < count; i++) {
          // Busier as the programme grows: later dates are more likely.
          let day = Math.floor(span * Math.sqrt(rnd()));
          const ci = Math.floor(rnd() * people);
          // Another day when the citizen already has one (a few hundred times in a million).
          while (served.has(ci * (span + 1) + day)) day = Math.floor(span * Math.sqrt(rnd()));
          served.add(ci * (span + 1) + day);
          const date = days[day];
          const year = Number(date.slice(0, 4));
          const c = citizens[ci];
          const venue = pick(owner.venues);
          const competences = pick(COMPETENCE_SETS);
          const services = pick(SERVICE_SETS);
          const rated = rnd() < 0.2;
          const row: repo.RecordRow = {
            id: newId(),
            programme_id: owner.programme,
            organisation_id: owner.org,
            venue_id: venue.id,
            municipality_code: venue.municipality,
            facilitator_id: owner.facilitators[Math.floor(rnd() * owner.facilitators.length)],
            service_group_id: null,
            service_date: date,
            duration_minutes: pick([15, 20, 30, 30, 45, 60, 90, 120]),
            kinds: weighted(KINDS),
            competences: joinCodes([...competences].sort((a, b) => a - b)),
            areas: joinCodes(areasOf(competences)),
            services: joinCodes([...services].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b))),
            details: null,
            citizen_id: c.id,
            has_fiscal_code: owner.national ? 1 : 0,
            gender: c.gender,
            age_band: ageBand(c.birthYear, year),
            education: c.education,
            employment: c.employment,
            citizenship: c.citizenship,
            province: c.province,
            consent_channel: 'CARTACEO',
            consent_date: date,
            first_time: null,
            previous_kinds: null,
            survey_status: rated ? 'answered' : 'not_sent',
            survey_token_hash: null,
            survey_sent_at: null,
            survey_answered_at: rated ? at : null,
            es1: rated ? pick(['A', 'C', 'L', 'M']) : null,
            es2: null,
            es3: rated ? pick(['A', 'B', 'C']) : null,
            es4: null,
            es5: null,
            es6: rated ? pick([3, 4, 4, 5, 5, 5]) : null,
            source: 'import',
            created_by: null,
            created_at: at,
            updated_at: at,
          };
          // What repo.deltasOf(row, 1, 'service') gives, added up without building an object per delta.
          const prefix = `${date.slice(0, 7)}|${venue.id}|${venue.municipality}|`;
          for (const [dim, value] of repo.dimensionsOf(row)) {
            const k = `${prefix}${dim}|${value}`;
            let a = deltas.get(k);
            if (!a) {
              a = [0, 0, 0, 0, 0];
              deltas.set(k, a);
            }
            a[0] += 1;
            a[1] += row.duration_minutes;
            if (row.es6) {
              a[3] += row.es6;
              a[4] += 1;
            }
          }
          const f = first.get(ci);
          if (!f || row.service_date < f.service_date || (row.service_date === f.service_date && row.id < f.id)) first.set(ci, row);
          batch.push(row);
          if (batch.length >= 50_000) {
            await flush();
            log(
              `[facilitation] ${written.toLocaleString('en-GB')} records (${Math.round(written / ((Date.now() - t0) / 1000)).toLocaleString('en-GB')}/s)`,
            );
          }
        }
        await flush();
        for (const r of first.values()) addDeltas(repo.deltasOf(r, 1, 'citizen'));

        // Their first services, and the roll-ups.
        await insertRows(
          db,
          'facilitation_citizen_programmes',
          ['programme_id', 'citizen_id', 'first_record_id', 'first_date'],
          [...first.values()].map((r) => ({
            programme_id: owner.programme,
            citizen_id: r.citizen_id,
            first_record_id: r.id,
            first_date: r.service_date,
          })),
        );
        const venueRows: Row[] = [];
        const monthTotals = new Map<string, number[]>();
        for (const [k, a] of deltas) {
          const [month, venue_id, municipality_code, dim, value] = k.split('|');
          venueRows.push({
            programme_id: owner.programme,
            month,
            venue_id,
            municipality_code,
            dim,
            value,
            services: a[0],
            minutes: a[1],
            citizens: a[2],
            rating_sum: a[3],
            rating_count: a[4],
          });
          const mk = `${month}|${dim}|${value}`;
          const m = monthTotals.get(mk) ?? [0, 0, 0, 0, 0];
          for (let j = 0; j < 5; j++) m[j] += a[j];
          monthTotals.set(mk, m);
        }
        const measures = ['services', 'minutes', 'citizens', 'rating_sum', 'rating_count'];
        await insertRows(
          db,
          'facilitation_rollup_venue',
          ['programme_id', 'month', 'venue_id', 'municipality_code', 'dim', 'value', ...measures],
          venueRows,
        );
        await insertRows(
          db,
          'facilitation_rollup',
          ['programme_id', 'month', 'dim', 'value', ...measures],
          [...monthTotals].map(([k, a]) => {
            const [month, dim, value] = k.split('|');
            return {
              programme_id: owner.programme,
              month,
              dim,
              value,
              services: a[0],
              minutes: a[1],
              citizens: a[2],
              rating_sum: a[3],
              rating_count: a[4],
            };
          }),
        );
      }
    },
  );
  log(`[facilitation] ${written.toLocaleString('en-GB')} records in ${Math.round((Date.now() - t0) / 1000)} s; analysing…`);
  // A running PostgreSQL has been through autovacuum by then (the visibility map set, so index-only
  // scans read no table pages): measure the database that way, not as a freshly loaded one.
  if (db.dialect === 'postgres') {
    await sql`vacuum (analyze) facilitation_records, facilitation_citizens, facilitation_citizen_programmes, facilitation_rollup, facilitation_rollup_venue`.execute(
      db.k,
    );
  }
  await sql`analyze`.execute(db.k);

  // Tokens for the measured requests: a staff member of the region, and a platform administrator.
  const staff = (await addPeople(owners[0].org, 1, 'staff', 90_000))[0];
  await db.k.updateTable('memberships').set({ role: 'staff' }).where('user_id', '=', staff).execute();
  const admin = (await addPeople(owners[0].org, 1, 'admin', 90_001))[0];
  await db.k
    .insertInto('memberships')
    .values({ id: newId(), user_id: admin, organisation_id: null, role: 'platform-admin', created_at: at })
    .execute();
  return {
    big: owners[0].programme,
    programmes: owners.map((o) => o.programme),
    year: today.year - 1,
    records: written,
    staffToken: await createApiToken(db, staff, 'bench'),
    adminToken: await createApiToken(db, admin, 'bench'),
  };
}
