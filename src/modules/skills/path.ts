import { type Lang, t } from '../../core/i18n.js';
import { foldAccents } from '../../core/text-fold.js';
import { formatRome } from '../../core/time.js';
import type { Db } from '../../db/index.js';
import { desksNear, listDesks } from '../desks/service.js';
import { CatalogueFilters, type CatalogueItem, listCatalogue } from '../events/service.js';
import { listPublished } from '../guides/service.js';
import { getMunicipality } from '../organisations/service.js';
import { AREAS, type Area, areaOf, COMPETENCE_CODES, type Competence, isCompetence } from './digcomp.js';
import { gaps } from './scoring.js';

/**
 * The personal path: from a profile's gaps to guides to read, upcoming events near the person
 * whose topics and audience match, and desk services to book, each one click away. It uses the
 * guides, events and desks modules only through their services; when one of them fails or has
 * nothing to offer, the path simply has fewer steps.
 */

export interface PathItem {
  kind: 'guide' | 'event' | 'desk';
  title: string;
  /** The page one click away. */
  page: string;
  /** A line of context: the date and place of an event, the desk's address, the guide's summary. */
  detail?: string;
  /** The competence this step works on. */
  competence?: string;
}

interface Hint {
  /** Event topics (the events module's vocabulary). */
  topics: string[];
  /** Words to search the guides with (service names). */
  guides: string[];
  /** Desk service codes. */
  desks: string[];
}

/** What helps with each competence. */
const HINTS: Record<Competence, Hint> = {
  '1.1': { topics: ['internet', 'smartphone'], guides: [], desks: ['aiuto-digitale'] },
  '1.2': { topics: ['internet'], guides: [], desks: [] },
  '1.3': { topics: ['smartphone', 'internet'], guides: [], desks: ['aiuto-digitale'] },
  '2.1': { topics: ['smartphone'], guides: [], desks: ['aiuto-digitale'] },
  '2.2': { topics: ['pec'], guides: ['PEC', 'domicilio digitale'], desks: [] },
  '2.3': {
    topics: ['pagopa', 'app-io', 'fascicolo-sanitario', 'anpr', 'servizi-comunali'],
    guides: ['pagoPA', 'app IO', 'fascicolo sanitario', 'certificati'],
    desks: ['pagopa', 'app-io', 'fse', 'anpr'],
  },
  '2.4': { topics: ['internet'], guides: [], desks: [] },
  '2.5': { topics: ['internet'], guides: [], desks: [] },
  '2.6': { topics: ['spid', 'cie'], guides: ['SPID', 'CIE'], desks: ['spid', 'cie'] },
  '3.1': { topics: ['internet'], guides: [], desks: [] },
  '3.2': { topics: ['internet'], guides: [], desks: [] },
  '3.3': { topics: ['internet'], guides: [], desks: [] },
  '3.4': { topics: ['coding'], guides: [], desks: [] },
  '4.1': { topics: ['sicurezza-informatica'], guides: ['truffe online'], desks: ['aiuto-digitale'] },
  '4.2': { topics: ['privacy', 'sicurezza-informatica'], guides: ['truffe online'], desks: [] },
  '4.3': { topics: ['sicurezza-informatica'], guides: [], desks: [] },
  '4.4': { topics: [], guides: [], desks: [] },
  '5.1': { topics: ['smartphone'], guides: [], desks: ['aiuto-digitale'] },
  '5.2': { topics: ['servizi-comunali', 'anpr'], guides: ['certificati anagrafici'], desks: ['anpr'] },
  '5.3': { topics: ['intelligenza-artificiale', 'coding'], guides: [], desks: [] },
  '5.4': { topics: ['internet'], guides: [], desks: ['aiuto-digitale'] },
};

const DESK_TITLES: Record<string, { it: string; en: string }> = {
  spid: { it: 'Prenota l’attivazione dello SPID', en: 'Book your SPID activation' },
  cie: { it: 'Prenota un aiuto con la Carta d’identità elettronica', en: 'Book help with your electronic ID card' },
  pagopa: { it: 'Prenota un aiuto con i pagamenti pagoPA', en: 'Book help with pagoPA payments' },
  'app-io': { it: 'Prenota un aiuto con l’app IO', en: 'Book help with the IO app' },
  fse: { it: 'Prenota un aiuto con il Fascicolo sanitario elettronico', en: 'Book help with your electronic health record' },
  anpr: { it: 'Prenota un aiuto con i certificati anagrafici online', en: 'Book help with online registry certificates' },
  'aiuto-digitale': { it: 'Prenota un aiuto digitale allo sportello', en: 'Book digital help at a desk' },
};

/** Event audiences that suit a person of an age band (besides events for everyone). */
const AUDIENCES_FOR_AGE: Record<string, string[]> = {
  'under-18': ['ragazzi', 'studenti', 'bambini'],
  '18-29': ['studenti'],
  '30-54': [],
  '55-74': ['anziani'],
  '75+': ['anziani'],
};

export const MAX_GUIDES = 3;
export const MAX_EVENTS = 3;
export const MAX_DESKS = 2;

export interface PathInput {
  competences: Record<string, number>;
  levels: Record<Area, number>;
  municipality: string | null;
  ageBand: string | null;
  lang: Lang;
}

/**
 * Among equally weak competences, those that open public services come first: digital identity,
 * safety, citizenship services, then the rest in framework order.
 */
const PRIORITY: Competence[] = ['2.6', '4.1', '2.3', '4.2', '1.1', '5.1', '2.1', '1.2', '2.2', '5.2', '1.3'];
const priority = (c: string) => {
  const i = PRIORITY.indexOf(c as Competence);
  return i < 0 ? PRIORITY.length + COMPETENCE_CODES.indexOf(c as Competence) : i;
};

/**
 * The competences to work on: the gaps of the weakest area first (a person at level 1 in safety
 * starts with safety), within an area the weakest competence first; without gaps, those of the
 * areas below advanced.
 */
export function targets(competences: Record<string, number>, levels: Record<Area, number>): Competence[] {
  const weak = gaps(competences)
    .filter(isCompetence)
    .sort((a, b) => levels[areaOf(a)] - levels[areaOf(b)] || (competences[a] ?? 0) - (competences[b] ?? 0) || priority(a) - priority(b));
  if (weak.length > 0) return weak;
  const lowAreas = AREAS.filter((a) => levels[a] <= 4).sort((a, b) => levels[a] - levels[b]);
  return lowAreas.flatMap((a) =>
    COMPETENCE_CODES.filter((c) => areaOf(c) === a && c in competences).sort((x, y) => (competences[x] ?? 0) - (competences[y] ?? 0)),
  );
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

const words = (text: string) =>
  foldAccents(text)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/** Whether a guide is about what was searched: every word of the search in its name, not only somewhere in its text. */
function isAbout(name: string, q: string): boolean {
  const mine = new Set(words(name));
  return words(q).every((w) => mine.has(w));
}

/** Life events that do not concern a person of an age band: a guide only about them is not offered to them. */
const LIFE_EVENTS_APART: Record<string, string[]> = {
  'under-18': ['figlio', 'pensione', 'impresa', 'assistenza'],
  '55-74': ['maggiorenne', 'scuola'],
  '75+': ['maggiorenne', 'scuola', 'figlio', 'lavoro', 'impresa'],
};

function concerns(lifeEvents: string[], ageBand: string | null): boolean {
  const apart = ageBand ? (LIFE_EVENTS_APART[ageBand] ?? []) : [];
  return lifeEvents.length === 0 || lifeEvents.some((e) => !apart.includes(e));
}

async function guideSteps(db: Db, goals: Competence[], ageBand: string | null): Promise<PathItem[]> {
  const out: PathItem[] = [];
  const seen = new Set<string>();
  for (const competence of goals) {
    for (const q of HINTS[competence].guides) {
      if (out.length >= MAX_GUIDES) return out;
      try {
        const found = await listPublished(db, { q, limit: 5 });
        // Only guides that match every word of the search: a loose match would send people astray.
        if (found.mode !== 'all') continue;
        for (const sheet of found.items) {
          if (seen.has(sheet.id) || out.length >= MAX_GUIDES) continue;
          if (!isAbout(sheet.name, q) || !concerns(sheet.lifeEvents, ageBand)) continue;
          seen.add(sheet.id);
          out.push({ kind: 'guide', title: sheet.name, page: sheet.page, detail: sheet.summary, competence });
        }
      } catch {
        // The guides module could not answer: the path goes on without guides.
      }
    }
  }
  return out;
}

function suits(event: CatalogueItem, ageBand: string | null): boolean {
  if (event.audiences.length === 0 || event.audiences.includes('tutti')) return true;
  const mine = ageBand ? (AUDIENCES_FOR_AGE[ageBand] ?? []) : [];
  return event.audiences.some((a) => mine.includes(a));
}

async function upcoming(db: Db, filters: Record<string, string>, limit: number): Promise<CatalogueItem[]> {
  const parsed = CatalogueFilters.safeParse(filters);
  if (!parsed.success) return [];
  try {
    return (await listCatalogue(db, parsed.data, { limit })).items;
  } catch {
    // The events module could not answer: the path goes on without events.
    return [];
  }
}

/**
 * Upcoming events on the topics of the gaps, for the person's audience, near them (their comune,
 * their province, or online): the weakest competence's first, then the nearest, then the soonest.
 */
async function eventSteps(db: Db, goals: Competence[], input: PathInput): Promise<PathItem[]> {
  const home = input.municipality ? await getMunicipality(db, input.municipality).catch(() => undefined) : undefined;
  const topicRank = new Map<string, number>();
  goals.forEach((c, i) => {
    for (const topic of HINTS[c].topics) if (!topicRank.has(topic)) topicRank.set(topic, i);
  });
  if (topicRank.size === 0) return [];
  const [local, wider] = await Promise.all([
    home ? upcoming(db, { municipality: home.code }, 100) : Promise.resolve([]),
    upcoming(db, {}, 200),
  ]);
  const ranked: { item: CatalogueItem; near: number; goal: number }[] = [];
  const seen = new Set<string>();
  for (const item of [...local, ...wider]) {
    if (seen.has(item.id) || !suits(item, input.ageBand)) continue;
    const goal = Math.min(...item.topics.map((t) => topicRank.get(t) ?? Number.POSITIVE_INFINITY));
    if (!Number.isFinite(goal)) continue;
    let near: number;
    if (!home || item.municipality?.code === home.code) near = 0;
    else if (item.municipality?.provinceCode === home.provinceCode) near = 1;
    else if (item.format !== 'in_presenza') near = 2;
    else continue;
    seen.add(item.id);
    ranked.push({ item, near, goal });
  }
  // One date of a series is enough: the others are on its page.
  const titles = new Set<string>();
  return ranked
    .sort((a, b) => a.goal - b.goal || a.near - b.near || a.item.start.localeCompare(b.item.start))
    .filter((r) => !titles.has(r.item.title) && !!titles.add(r.item.title))
    .slice(0, MAX_EVENTS)
    .map(({ item, goal }) => ({
      kind: 'event' as const,
      title: item.title,
      page: item.page,
      detail: [
        formatRome(item.start, input.lang),
        item.venue ? `${item.venue.name}${item.municipality ? `, ${item.municipality.name}` : ''}` : t(input.lang, 'skills.path.online'),
      ].join(' · '),
      competence: goals[goal],
    }));
}

async function deskSteps(db: Db, goals: Competence[], input: PathInput): Promise<PathItem[]> {
  const out: PathItem[] = [];
  const codes = unique(goals.flatMap((c) => HINTS[c].desks));
  for (const code of codes) {
    if (out.length >= MAX_DESKS) break;
    try {
      let desks = await listDesks(db, { service: code });
      if (input.municipality && desks.length > 0) {
        desks = (await desksNear(db, input.municipality, desks)).filter((r) => r.nearness <= 2).map((r) => r.desk);
      }
      const desk = desks[0];
      if (!desk) continue;
      const service = desk.services.find((s) => s.code === code);
      const title = DESK_TITLES[code]?.[input.lang] ?? t(input.lang, 'skills.path.book', { name: service?.name ?? code });
      out.push({
        kind: 'desk',
        title,
        page: `/sportelli/${desk.id}/prenota?servizio=${encodeURIComponent(code)}`,
        detail: [desk.name, desk.venue.address, desk.venue.municipality?.name].filter(Boolean).join(', '),
        competence: goals.find((c) => HINTS[c].desks.includes(code)),
      });
    } catch {
      // The desks module could not answer: the path goes on without this desk.
    }
  }
  return out;
}

/**
 * The personal path of a profile: the steps on the weakest competence first, and for each
 * competence its guides, then its events, then its desk services.
 */
export async function personalPath(db: Db, input: PathInput): Promise<PathItem[]> {
  const goals = targets(input.competences, input.levels);
  if (goals.length === 0) return [];
  const [guides, events, desks] = await Promise.all([
    guideSteps(db, goals, input.ageBand),
    eventSteps(db, goals, input),
    deskSteps(db, goals, input),
  ]);
  const rank = (step: PathItem) => {
    const i = goals.indexOf(step.competence as Competence);
    return i < 0 ? goals.length : i;
  };
  // A stable sort: within a competence, guides, events and desks keep their order.
  return [...guides, ...events, ...desks].sort((a, b) => rank(a) - rank(b));
}
