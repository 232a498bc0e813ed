import { DateTime } from 'luxon';
import type { DemoIds } from '../../core/module.js';
import { now, ZONE } from '../../core/time.js';
import type { Db } from '../../db/index.js';
import { createEvent, createSeries, type EventCreateInput } from './service.js';

/**
 * The demo events of the seed programmes, dated from today in Rome so the catalogue is alive:
 * Prato's ten meetings in the clubs, Consorzio.it's calendar (Pandino, Crema), Gussago's webinar
 * for businesses and course for older people, Firenze's online training.
 */
export async function seedDemoEvents(db: Db, ids: DemoIds): Promise<Record<string, string>> {
  const deps = { db };
  const org = ids.organisations;
  const venue = ids.venues;
  const programme = (key: string) => ids.programmes?.[key] ?? null;
  const today = DateTime.fromJSDate(now(), { zone: ZONE }).startOf('day');
  const out: Record<string, string> = {};

  /** The next `weekday` (1 = Monday) at least `after` days from today, at hh:mm in Rome. */
  const next = (weekday: number, hour: number, minute = 0, after = 7) => {
    let d = today.plus({ days: after });
    while (d.weekday !== weekday) d = d.plus({ days: 1 });
    return d.set({ hour, minute });
  };
  /** The next time this date of the year comes (this year, or next if it has passed). */
  const nextDate = (month: number, day: number, hour: number, minute = 0) => {
    let d = today.set({ month, day, hour, minute });
    if (d <= today.plus({ days: 2 })) d = d.plus({ years: 1 });
    return d;
  };
  const session = (start: DateTime, minutes: number) => ({
    start: start.toUTC().toISO() as string,
    end: start.plus({ minutes }).toUTC().toISO() as string,
  });

  const publish = async (owner: string, input: Omit<EventCreateInput, 'organisation' | 'programme' | 'status'>) =>
    (await createEvent(deps, null, { organisation: org[owner], programme: programme(owner), status: 'published', ...input })).id;

  const c: Clock = { deps, org, venue, programme, next, nextDate, session, publish, out };
  await seedPratoAndConsorzio(c);
  await seedGussagoAndFirenze(c);
  return out;
}

/** What the demo's parts share: the services' deps, the ids made so far, Rome dates from today, the ids made here. */
interface Clock {
  deps: { db: Db };
  org: Record<string, string>;
  venue: Record<string, string>;
  programme: (key: string) => string | null;
  next: (weekday: number, hour: number, minute?: number, after?: number) => DateTime;
  nextDate: (month: number, day: number, hour: number, minute?: number) => DateTime;
  session: (start: DateTime, minutes: number) => { start: string; end: string };
  /** Publishes an event of `owner` (a demo organisation's key) in its programme; its id. */
  publish: (owner: string, input: Omit<EventCreateInput, 'organisation' | 'programme' | 'status'>) => Promise<string>;
  out: Record<string, string>;
}

async function seedPratoAndConsorzio(c: Clock): Promise<void> {
  const { deps, org, venue, programme, next, nextDate, session, publish, out } = c;
  // Prato: ten meetings twice a month, rotating among the three clubs; free entry with booking.
  const prato = await createSeries(deps, null, {
    organisation: org.prato,
    programme: programme('prato'),
    title: 'Agenda Digitale: un incontro nel tuo circolo',
    description:
      'Ingresso libero su prenotazione. Una serata per capire i servizi online del Comune e della pubblica amministrazione: come si attiva SPID (allo sportello del Comune, presente a ogni incontro), come si paga con PagoPA, come difendersi dalle truffe online. Porta il tuo smartphone, un documento e la tessera sanitaria.',
    type: 'incontro',
    format: 'in_presenza',
    capacity: 40,
    maxSeatsPerBooking: 4,
    bookingRequired: true,
    status: 'published',
    audiences: ['tutti', 'anziani'],
    topics: ['spid', 'pagopa', 'servizi-comunali', 'sicurezza-informatica', 'privacy'],
    partners: [org.arci, org.acli, org.mcl, org.museo],
    accessibility: 'Sportello SPID del Comune a ogni incontro: porta un documento valido e la tessera sanitaria.',
    count: 10,
    every: 'twice-a-month',
    firstStart: next(4, 21).toUTC().toISO(),
    durationMinutes: 120,
    venues: [venue.coiano, venue.galciana, venue.narnali],
  });
  out.pratoSeries = prato.seriesId;
  out.coderDojo = await publish('prato', {
    title: 'Coder Dojo: programmare giocando',
    description:
      'Un pomeriggio di coding per ragazze e ragazzi dai 7 ai 13 anni, con i volontari del Museo del calcolatore. I computer li portiamo noi; serve un genitore per i più piccoli.',
    type: 'coder-dojo',
    format: 'in_presenza',
    venue: venue.coiano,
    capacity: 20,
    maxSeatsPerBooking: 3,
    audiences: ['bambini', 'ragazzi'],
    topics: ['coding'],
    partners: [org.museo],
    sessions: [session(next(6, 15, 0, 10), 150)],
  });

  // Consorzio.it: the public calendar of meetings in member municipalities.
  const consorzio: Pick<EventCreateInput, 'type' | 'format' | 'maxSeatsPerBooking' | 'audiences' | 'topics'> = {
    type: 'incontro',
    format: 'in_presenza',
    maxSeatsPerBooking: 4,
    audiences: ['tutti', 'anziani', 'genitori-7-11'],
    topics: ['spid', 'cie', 'pagopa'],
  };
  out.pandino = await publish('consorzio', {
    ...consorzio,
    title: 'SPID, CIE e PagoPA: istruzioni per l’uso',
    description:
      "Come ottenere e usare l'identità digitale (SPID e carta d'identità elettronica) e pagare online tasse e servizi con PagoPA. Con i facilitatori digitali del Consorzio.",
    venue: venue.pandino,
    capacity: 90,
    sessions: [session(nextDate(12, 4, 20, 30), 120)],
  });
  out.crema = await publish('consorzio', {
    ...consorzio,
    title: 'Facilitazione digitale: i servizi online del tuo Comune',
    description:
      'Incontro aperto a tutti: certificati, iscrizioni e pagamenti online, con le risposte ai dubbi più comuni. Segue lo sportello per chi vuole attivare SPID.',
    venue: venue.crema,
    capacity: 120,
    topics: ['spid', 'cie', 'pagopa', 'servizi-comunali', 'anpr'],
    sessions: [session(nextDate(12, 18, 18, 0), 90)],
  });
}

async function seedGussagoAndFirenze(c: Clock): Promise<void> {
  const { venue, next, session, publish, out } = c;
  // Gussago: a cybersecurity webinar for businesses and artisans; a course in four lessons for older people.
  out.gussagoWebinar = await publish('gussago', {
    title: 'Sicurezza informatica per imprese e artigiani',
    description:
      'Webinar di un’ora: password e autenticazione a due fattori, truffe via e-mail e telefono, copie di sicurezza dei dati. Il link per collegarsi arriva a chi si prenota.',
    type: 'webinar',
    format: 'online',
    onlineUrl: 'https://meet.example.org/gussago-sicurezza-imprese',
    capacity: 100,
    maxSeatsPerBooking: 2,
    audiences: ['imprese-artigiani', 'commercianti'],
    topics: ['sicurezza-informatica', 'privacy'],
    sessions: [session(next(3, 18, 0, 9), 60)],
  });
  const firstLesson = next(2, 10, 0, 12);
  out.gussagoCourse = await publish('gussago', {
    title: 'Smartphone senza paura: corso per persone anziane',
    description:
      'Quattro lezioni il martedì mattina, in piccolo gruppo: usare lo smartphone, le app utili, WhatsApp e le videochiamate, il Fascicolo Sanitario e le ricette elettroniche. Porta il tuo telefono carico.',
    type: 'corso',
    format: 'in_presenza',
    venue: venue.hub,
    capacity: 12,
    maxSeatsPerBooking: 2,
    audiences: ['anziani'],
    topics: ['smartphone', 'fascicolo-sanitario', 'app-io'],
    accessibility: 'Sedie con braccioli e caratteri grandi sulle slide; si può venire con un familiare.',
    sessions: [0, 1, 2, 3].map((w) => session(firstLesson.plus({ weeks: w }), 90)),
  });

  // Firenze: online training of the digital-competence centre.
  out.firenzeOnline = await publish('firenze', {
    title: 'Formazione online: i servizi digitali del Comune di Firenze',
    description:
      'Un percorso online in due incontri per conoscere i servizi del Comune (oltre cento), della Regione e della Camera di commercio: dove trovarli, come accedere con SPID o CIE, a chi chiedere aiuto.',
    type: 'webinar',
    format: 'online',
    onlineUrl: 'https://meet.example.org/firenze-servizi-digitali',
    capacity: 200,
    maxSeatsPerBooking: 1,
    audiences: ['tutti', 'operatori-sociali'],
    topics: ['servizi-comunali', 'spid', 'cie', 'app-io'],
    sessions: [session(next(1, 17, 30, 8), 75), session(next(1, 17, 30, 15), 75)],
  });
}
