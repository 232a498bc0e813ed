import { DateTime } from 'luxon';
import type { DemoIds } from '../../core/module.js';
import { now, ZONE } from '../../core/time.js';
import type { Db } from '../../db/index.js';
import { seedGussagoPlan } from './plan/demo.js';
import { PNRR_FUNDING } from './schemas.js';
import { createProgramme } from './service.js';

/**
 * The demo programmes of the five seed articles, dated around today so the events added to them
 * are current: ids.programmes gets one id per owner key (prato, firenze, consorzio, valnure, gussago).
 */
export async function seedDemoProgrammes(db: Db, ids: DemoIds): Promise<Record<string, string>> {
  ids.programmes ??= {};
  const year = DateTime.fromJSDate(now(), { zone: ZONE }).year;
  const next = year + 1;
  const org = ids.organisations;
  const add = async (key: string, input: Record<string, unknown>) => {
    const p = await createProgramme(db, null, input);
    ids.programmes[key] = p.id;
  };

  await add('prato', {
    organisation: org.prato,
    name: `Agenda Digitale Prato ${year}`,
    description:
      'Dieci incontri nei circoli della città, due volte al mese, ingresso libero su prenotazione: sportello SPID del Comune, mini conferenze su servizi online della PA, privacy e sicurezza informatica, laboratori Coder Dojo.',
    funding: 'Fondi propri',
    start: `${year}-01-01`,
    end: `${next}-06-30`,
    partners: [org.arci, org.acli, org.mcl, org.museo],
    targets: [
      { metric: 'events', value: 10, deadline: `${next}-06-30`, label: 'Incontri nei circoli' },
      { metric: 'participants', value: 500, deadline: `${next}-06-30` },
    ],
  });

  await add('firenze', {
    organisation: org.firenze,
    name: 'Firenze digitale',
    description:
      'Una piattaforma dove gli enti della città spiegano i loro servizi online e un centro per le competenze digitali con incontri online e in presenza, con attenzione al sociale e alle persone più fragili.',
    funding: 'Fondi propri',
    start: `${year}-01-01`,
    end: `${next}-12-31`,
    targets: [
      { metric: 'unique_citizens', value: 5000, deadline: `${year}-12-31`, label: 'Utenti entro fine anno' },
      { metric: 'unique_citizens', value: 18000, deadline: `${next}-12-31`, label: "Utenti entro l'anno prossimo" },
      { metric: 'events', value: 35, deadline: `${next}-12-31` },
    ],
  });

  await add('consorzio', {
    organisation: org.consorzio,
    name: 'Facilitazione Digitale Cremasco',
    description:
      'Percorsi formativi per personale comunale, scuole, cittadini, studenti universitari e operatori socio-sanitari su SPID, CIE e PagoPA nei comuni del Cremasco.',
    funding: PNRR_FUNDING,
    start: `${year - 1}-01-01`,
    end: `${next}-12-31`,
    targets: [
      { metric: 'facilitation_points', value: 6, deadline: `${year}-12-31` },
      { metric: 'unique_citizens', value: 1500, deadline: `${next}-12-31` },
      { metric: 'services', value: 3000, deadline: `${next}-12-31` },
      { metric: 'events', value: 12, deadline: `${year}-12-31`, label: 'Incontri formativi' },
    ],
  });

  await add('valnure', {
    organisation: org.valnure,
    name: 'Giovani Animatori Digitali',
    description:
      "Un gruppo di giovani animatori digitali volontari aiuta la comunità; almeno un'iniziativa in ogni comune dell'Unione, nel percorso partecipativo dell'agenda digitale.",
    funding: 'Bando Partecipazione',
    start: `${year}-01-01`,
    end: `${next}-12-31`,
    targets: [
      { metric: 'facilitators', value: 10, deadline: `${next}-06-30`, label: 'Giovani animatori digitali' },
      { metric: 'events', value: 6, deadline: `${next}-12-31`, label: 'Almeno una iniziativa per comune' },
    ],
  });

  await add('gussago', {
    organisation: org.gussago,
    name: 'Smart Polis',
    description:
      'Piano dei corsi per pubblico: imprese e artigiani, personale comunale, genitori, commercianti, persone anziane, laboratori per ragazzi; sportello e rilascio SPID.',
    funding: 'Fondi propri',
    start: `${year}-01-01`,
    end: `${next}-06-30`,
    targets: [
      { metric: 'events', value: 15, deadline: `${next}-06-30` },
      { metric: 'participants', value: 300, deadline: `${next}-06-30` },
    ],
  });
  await seedGussagoPlan(db, ids.programmes.gussago, next);

  return ids.programmes;
}
