import type { Db } from '../../db/index.js';
import { DEFAULT_SERVICES } from './schemas.js';
import { createDesk } from './service.js';

const service = (code: string) => {
  const s = DEFAULT_SERVICES.find((d) => d.code === code)!;
  return { ...s, bring: [...s.bring] };
};

/**
 * The demo help desks, from the seed programmes: Gussago's desk at the Hub with SPID activation,
 * Prato's SPID desks in the partner clubs (staffed by the municipality), Consorzio.it's desk in
 * Crema for SPID, CIE and PagoPA. Returns the desks' ids by key.
 */
export async function seedDemoDesks(
  db: Db,
  ids: { organisations: Record<string, string>; venues: Record<string, string> },
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const desk = async (key: string, input: Parameters<typeof createDesk>[1] & Record<string, unknown>) => {
    out[key] = (await createDesk(db, input)).id;
  };
  const spidLimit = { count: 1, days: 30 };

  if (ids.organisations.gussago && ids.venues.hub) {
    await desk('gussago', {
      organisation: ids.organisations.gussago,
      venue: ids.venues.hub,
      name: "Sportello digitale dell'Hub",
      description: 'Attivazione SPID e aiuto con i servizi online del Comune, su appuntamento (Smart Polis).',
      services: [service('spid'), service('app-io'), service('fse'), service('aiuto-digitale')],
      openingHours: [
        { weekday: 2, start: '09:00', end: '12:30', operators: 2 },
        { weekday: 4, start: '14:30', end: '18:00', operators: 1 },
        { weekday: 6, start: '09:00', end: '12:00', operators: 1 },
      ],
      personLimit: spidLimit,
    });
  }

  const clubs: [string, string, number][] = [
    ['coiano', 'Sportello SPID al Circolo Arci di Coiano', 1],
    ['galciana', 'Sportello SPID al Circolo Acli di Galciana', 3],
    ['narnali', 'Sportello SPID alla Casa del Popolo di Narnali', 5],
  ];
  for (const [venue, name, weekday] of clubs) {
    if (!ids.organisations.prato || !ids.venues[venue]) continue;
    await desk(`prato-${venue}`, {
      organisation: ids.organisations.prato,
      venue: ids.venues[venue],
      name,
      description: 'Il Comune rilascia SPID nei circoli che ospitano gli incontri dell’Agenda Digitale.',
      services: [service('spid'), service('aiuto-digitale')],
      openingHours: [{ weekday, start: '15:00', end: '18:00', operators: 2 }],
      // Santo Stefano, patron of Prato (already a national holiday).
      patronDay: '12-26',
      personLimit: spidLimit,
    });
  }

  if (ids.organisations.consorzio && ids.venues.crema) {
    await desk('consorzio', {
      organisation: ids.organisations.consorzio,
      venue: ids.venues.crema,
      name: 'Sportello di facilitazione digitale di Crema',
      description: 'Aiuto con SPID, CIE e PagoPA per i cittadini dei comuni del Cremasco.',
      services: [service('spid'), service('cie'), service('pagopa')],
      openingHours: [
        { weekday: 1, start: '09:00', end: '13:00', operators: 2 },
        { weekday: 3, start: '09:00', end: '13:00', operators: 2 },
        { weekday: 4, start: '14:00', end: '17:00', operators: 1 },
      ],
      // San Pantaleone, patron of Crema.
      patronDay: '06-10',
      personLimit: spidLimit,
    });
  }
  return out;
}
