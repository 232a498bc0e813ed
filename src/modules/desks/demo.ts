import type { Db } from '../../db/index.js';
import { DEFAULT_SERVICES } from './schemas.js';
import { createDesk } from './service.js';

const service = (code: string) => {
  const s = DEFAULT_SERVICES.find((d) => d.code === code)!;
  return { ...s, bring: [...s.bring] };
};

type Hours = [weekday: number, start: string, end: string, operators: number];

/** A demo desk: its key, the keys of its organisation and venue, what it offers and when. */
interface DemoDesk {
  key: string;
  organisation: string;
  venue: string;
  name: string;
  description: string;
  services: string[];
  hours: Hours[];
  patronDay?: string;
}

const PRATO_CLUBS: [venue: string, name: string, weekday: number][] = [
  ['coiano', 'Sportello SPID al Circolo Arci di Coiano', 1],
  ['galciana', 'Sportello SPID al Circolo Acli di Galciana', 3],
  ['narnali', 'Sportello SPID alla Casa del Popolo di Narnali', 5],
];

const DESKS: DemoDesk[] = [
  {
    key: 'gussago',
    organisation: 'gussago',
    venue: 'hub',
    name: "Sportello digitale dell'Hub",
    description: 'Attivazione SPID e aiuto con i servizi online del Comune, su appuntamento (Smart Polis).',
    services: ['spid', 'app-io', 'fse', 'aiuto-digitale'],
    hours: [
      [2, '09:00', '12:30', 2],
      [4, '14:30', '18:00', 1],
      [6, '09:00', '12:00', 1],
    ],
  },
  ...PRATO_CLUBS.map(([venue, name, weekday]) => ({
    key: `prato-${venue}`,
    organisation: 'prato',
    venue,
    name,
    description: 'Il Comune rilascia SPID nei circoli che ospitano gli incontri dell’Agenda Digitale.',
    services: ['spid', 'aiuto-digitale'],
    hours: [[weekday, '15:00', '18:00', 2] as Hours],
    // Santo Stefano, patron of Prato (already a national holiday).
    patronDay: '12-26',
  })),
  {
    key: 'consorzio',
    organisation: 'consorzio',
    venue: 'crema',
    name: 'Sportello di facilitazione digitale di Crema',
    description: 'Aiuto con SPID, CIE e PagoPA per i cittadini dei comuni del Cremasco.',
    services: ['spid', 'cie', 'pagopa'],
    hours: [
      [1, '09:00', '13:00', 2],
      [3, '09:00', '13:00', 2],
      [4, '14:00', '17:00', 1],
    ],
    // San Pantaleone, patron of Crema.
    patronDay: '06-10',
  },
];

/**
 * The demo help desks, from the seed programmes: Gussago's desk at the Hub with SPID activation,
 * Prato's SPID desks in the partner clubs (staffed by the municipality), Consorzio.it's desk in
 * Crema for SPID, CIE and PagoPA, each where its organisation and venue are seeded, and each
 * limiting a person to one appointment in 30 days. Returns the desks' ids by key.
 */
export async function seedDemoDesks(
  db: Db,
  ids: { organisations: Record<string, string>; venues: Record<string, string> },
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const d of DESKS) {
    if (!ids.organisations[d.organisation] || !ids.venues[d.venue]) continue;
    const desk = await createDesk(db, {
      organisation: ids.organisations[d.organisation],
      venue: ids.venues[d.venue],
      name: d.name,
      description: d.description,
      services: d.services.map(service),
      openingHours: d.hours.map(([weekday, start, end, operators]) => ({ weekday, start, end, operators })),
      ...(d.patronDay ? { patronDay: d.patronDay } : {}),
      personLimit: { count: 1, days: 30 },
    });
    out[d.key] = desk.id;
  }
  return out;
}
