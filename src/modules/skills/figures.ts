import { type Lang, t } from '../../core/i18n.js';
import type { Db } from '../../db/index.js';
import { getEvents } from '../events/service.js';
import { getOrganisation, municipalitiesByCodes } from '../organisations/service.js';
import { getProgramme } from '../programmes/service.js';
import { type BankItem, versionItems } from './bank.js';
import { AGE_BAND_NAMES, AGE_BANDS, type AgeBand, AREAS, type Area } from './digcomp.js';
import * as repo from './repo.js';

/** What staff read of the results: per-item statistics, anonymous aggregates, before and after a course. */

/** Groups smaller than this are never shown in aggregates. */
export const MIN_GROUP = 5;

// ---------- per-item statistics ----------

export interface ItemStatistics {
  item: BankItem;
  /** Answers given (skipped items not counted). */
  answered: number;
  /** Knowledge items: right answers. */
  right: number | null;
  /** Share of right answers, or for self-declared statements the mean step out of 3; null under MIN_GROUP answers. */
  share: number | null;
  /** Answers per option; null under MIN_GROUP answers. */
  byOption: number[] | null;
  /** Knowledge items almost everyone gets right or wrong, or whose "wrong" options nobody picks. */
  flag: 'too-easy' | 'too-hard' | null;
}

export async function itemStatistics(db: Db, versionId: string): Promise<ItemStatistics[]> {
  const [items, counts] = await Promise.all([versionItems(db, versionId), repo.answerCounts(db.k, versionId)]);
  return items.map((item) => {
    const mine = counts.filter((c) => c.item_id === item.id);
    const answered = mine.reduce((s, c) => s + c.n, 0);
    const byOption = item.options.map((_, v) => mine.find((c) => c.value === v)?.n ?? 0);
    const enough = answered >= MIN_GROUP;
    const right = item.kind === 'knowledge' ? (mine.find((c) => c.value === item.correct)?.n ?? 0) : null;
    let share: number | null = null;
    if (enough) {
      share = right !== null ? right / answered : byOption.reduce((s, n, v) => s + n * v, 0) / answered / 3;
    }
    let flag: ItemStatistics['flag'] = null;
    if (enough && right !== null && share !== null && answered >= 10) {
      if (share >= 0.95) flag = 'too-easy';
      else if (share <= 0.2) flag = 'too-hard';
    }
    return { item, answered, right: enough ? right : null, share, byOption: enough ? byOption : null, flag };
  });
}

// ---------- anonymous aggregates ----------

export interface GroupAggregate {
  /** The group's key: age band, ISTAT code, or null for everyone. */
  key: string | null;
  label: string;
  n: number;
  /** Mean level per area. */
  means: Record<Area, number>;
  /** Results per band of each area; a count under MIN_GROUP is null (shown as "fewer than 5"). */
  bands: Record<Area, Record<string, number | null>>;
}

export interface Aggregates {
  total: GroupAggregate | null;
  byAgeBand: GroupAggregate[];
  byMunicipality: GroupAggregate[];
  /** Groups left out because they have fewer than MIN_GROUP results. */
  hidden: { byAgeBand: number; byMunicipality: number };
}

/**
 * Hides small cells of a row of counts: every count from 1 to MIN_GROUP-1, and when exactly one
 * cell is hidden, the next smallest non-zero one too, so the hidden one cannot be worked out from
 * the group's total.
 */
export function suppressCells(counts: number[]): (number | null)[] {
  const out: (number | null)[] = counts.map((c) => (c > 0 && c < MIN_GROUP ? null : c));
  const hidden = out.filter((c) => c === null).length;
  if (hidden === 1) {
    let best = -1;
    out.forEach((c, i) => {
      if (c !== null && c > 0 && (best < 0 || c < (out[best] as number))) best = i;
    });
    if (best >= 0) out[best] = null;
  }
  return out;
}

const BAND_KEYS = ['base', 'intermedio', 'avanzato', 'altamente-specializzato'];

function toGroup(row: repo.AggregateRow, label: string): GroupAggregate {
  const means = {} as Record<Area, number>;
  const bands = {} as Record<Area, Record<string, number | null>>;
  for (const a of AREAS) {
    means[a] = Math.round(Number(row[`m${a}`] ?? 0) * 10) / 10;
    const counts = BAND_KEYS.map((b) => Number(row[`b${a}_${b}`] ?? 0));
    const shown = suppressCells(counts);
    bands[a] = Object.fromEntries(BAND_KEYS.map((b, i) => [b, shown[i]]));
  }
  return { key: row.g, label, n: Number(row.n), means, bands };
}

async function scopeOf(db: Db, organisationId: string): Promise<repo.ResultScope> {
  const org = await getOrganisation(db, organisationId);
  const municipalities = [org.municipality?.code, ...org.memberMunicipalities.map((m) => m.code)].filter((c): c is string => !!c);
  return { organisationId, municipalities: [...new Set(municipalities)] };
}

/** Anonymous level distributions of an organisation's results; groups under MIN_GROUP never shown. */
export async function aggregates(db: Db, organisationId: string, lang: Lang = 'it'): Promise<Aggregates> {
  const scope = await scopeOf(db, organisationId);
  const [all, ages, places] = await Promise.all([
    repo.aggregate(db.k, scope, 'all'),
    repo.aggregate(db.k, scope, 'age_band'),
    repo.aggregate(db.k, scope, 'municipality_code'),
  ]);
  const totalRow = all[0];
  const total = totalRow && Number(totalRow.n) >= MIN_GROUP ? toGroup(totalRow, t(lang, 'skills.admin.everyone')) : null;
  const ageNames = new Map<string, string>(AGE_BANDS.map((b) => [b, b]));
  const shownAges = ages.filter((r) => r.g && Number(r.n) >= MIN_GROUP);
  const shownPlaces = places.filter((r) => r.g && Number(r.n) >= MIN_GROUP);
  const names = await municipalitiesByCodes(
    db,
    shownPlaces.map((r) => r.g as string),
  );
  return {
    total,
    byAgeBand: shownAges
      .map((r) => toGroup(r, ageNames.has(r.g as string) ? AGE_BAND_NAMES[r.g as AgeBand][lang] : (r.g as string)))
      .sort((a, b) => AGE_BANDS.indexOf(a.key as AgeBand) - AGE_BANDS.indexOf(b.key as AgeBand)),
    byMunicipality: shownPlaces
      .map((r) => toGroup(r, names.get(r.g as string)?.name ?? (r.g as string)))
      .sort((a, b) => a.label.localeCompare(b.label, 'it')),
    hidden: {
      byAgeBand: ages.filter((r) => r.g && Number(r.n) < MIN_GROUP).length,
      byMunicipality: places.filter((r) => r.g && Number(r.n) < MIN_GROUP).length,
    },
  };
}

// ---------- before and after a course ----------

export interface ChangeRow {
  key: string;
  label: string;
  page: string | null;
  before: { n: number; means: Record<Area, number> } | null;
  after: { n: number; means: Record<Area, number> } | null;
  /** Mean after minus mean before, per area (both groups at least MIN_GROUP). */
  change: Record<Area, number> | null;
  /** The same people before and after (retakes): how many pairs and their mean change. */
  paired: { n: number; change: Record<Area, number> } | null;
  /** Whether some figure was left out because a group is under MIN_GROUP. */
  suppressed: boolean;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const perArea = (values: number[]) => Object.fromEntries(AREAS.map((a, i) => [a, round1(values[i])])) as Record<Area, number>;

async function changeRows(
  db: Db,
  scope: repo.ResultScope,
  by: 'event_id' | 'programme_id',
  names: (keys: string[]) => Promise<Map<string, { label: string; page: string | null }>>,
): Promise<ChangeRow[]> {
  const [means, pairs] = await Promise.all([repo.phaseMeans(db.k, scope, by), repo.pairedChange(db.k, scope, by)]);
  const keys = [...new Set(means.map((m) => m.key))];
  const labels = await names(keys);
  return keys
    .map((key): ChangeRow => {
      const b = means.find((m) => m.key === key && m.phase === 'prima');
      const a = means.find((m) => m.key === key && m.phase === 'dopo');
      const p = pairs.find((x) => x.key === key);
      const before = b && b.n >= MIN_GROUP ? { n: b.n, means: perArea(b.means) } : null;
      const after = a && a.n >= MIN_GROUP ? { n: a.n, means: perArea(a.means) } : null;
      const change = before && after ? perArea(AREAS.map((x) => after.means[x] - before.means[x])) : null;
      const paired = p && p.n >= MIN_GROUP ? { n: p.n, change: perArea(p.change) } : null;
      const suppressed = (!!b && !before) || (!!a && !after) || (!!p && !paired);
      return { key, label: labels.get(key)?.label ?? key, page: labels.get(key)?.page ?? null, before, after, change, paired, suppressed };
    })
    .sort((x, y) => x.label.localeCompare(y.label, 'it'));
}

/** Before/after change per event and per programme, as evidence that the training works. */
export async function beforeAfter(db: Db, organisationId: string): Promise<{ events: ChangeRow[]; programmes: ChangeRow[] }> {
  const scope = await scopeOf(db, organisationId);
  const events = await changeRows(db, scope, 'event_id', async (keys) => {
    const found = await getEvents(db, keys, { includeDrafts: true }).catch(() => []);
    return new Map(found.map((e) => [e.id, { label: e.title, page: e.page }]));
  });
  const programmes = await changeRows(db, scope, 'programme_id', async (keys) => {
    const out = new Map<string, { label: string; page: string | null }>();
    for (const key of keys) {
      try {
        const p = await getProgramme(db, key);
        out.set(key, { label: p.name, page: null });
      } catch {
        // A programme that cannot be read keeps its id as the label.
      }
    }
    return out;
  });
  return { events, programmes };
}
