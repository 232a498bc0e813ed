import { DateTime } from 'luxon';
import type { DemoIds } from '../../../core/module.js';
import { ZONE } from '../../../core/time.js';
import type { Db } from '../../../db/index.js';
import { addWalkIn, createEvent } from '../../events/service.js';
import { addUpdate, createAction } from '../agenda/service.js';
import { proposalsOfProcess } from './process-link.js';
import { closePoll, enterHands, linkMeeting, openPoll, publishMinutes, updateMeeting } from './service.js';

/**
 * The agenda's actions: their deadline in months from today, the word of the proposals they
 * answer, and their updates so far (days ago, what was done, progress).
 */
const ACTIONS: {
  title: string;
  description?: string;
  owner: string;
  months: number;
  progress: number;
  about: string;
  updates: [daysAgo: number, body: string, progress: number][];
}[] = [
  {
    title: 'Fibra nelle scuole dell’Unione',
    description: 'Collegare in fibra le sei scuole primarie dell’Unione, a partire da quelle delle frazioni.',
    owner: 'Ufficio tecnico dell’Unione',
    months: 18,
    progress: 10,
    about: 'Fibra',
    updates: [
      [30, 'Sopralluoghi fatti in quattro scuole su sei.', 20],
      [5, 'Progetto inviato alla Regione per il finanziamento.', 30],
    ],
  },
  {
    title: 'Corsi di smartphone per over 65 in ogni comune',
    owner: 'Biblioteche dell’Unione e Giovani Animatori Digitali',
    months: 6,
    progress: 0,
    about: 'smartphone',
    updates: [[12, 'Primo ciclo di corsi a Podenzano: 14 iscritti.', 25]],
  },
];

/**
 * The demo's meetings and agenda, in the Valnure process: the launch meeting at Podenzano's
 * library (an event of the catalogue, 38 people counted at the door) with its agenda, published
 * minutes and a show-of-hands poll, and two actions of the agenda with their updates.
 */
export async function seedDemoMeetings(db: Db, ids: DemoIds): Promise<void> {
  const processId = ids.more['participation.process'];
  const organisation = ids.organisations.valnure;
  if (!processId || !organisation) return;
  const launch = DateTime.now().setZone(ZONE).startOf('day').minus({ days: 65 }).set({ hour: 18 });
  const { id: eventId } = await createEvent({ db }, null, {
    organisation,
    title: 'Agenda digitale dell’Unione: incontro di lancio',
    description: 'Presentiamo il percorso per scrivere insieme l’agenda digitale dei prossimi tre anni.',
    type: 'incontro',
    format: 'in_presenza',
    venue: ids.venues.podenzano,
    capacity: 35,
    maxSeatsPerBooking: 4,
    bookingRequired: false,
    status: 'published',
    audiences: ['tutti'],
    topics: [],
    sessions: [{ start: launch.toUTC().toISO() as string, end: launch.plus({ hours: 2 }).toUTC().toISO() as string }],
  });
  // Walk-ins queue no jobs: the door's own function, without the job queue the demo has not got.
  await addWalkIn({ db } as Parameters<typeof addWalkIn>[0], eventId, { people: 38 }, { userId: null });
  const meeting = await linkMeeting(db, null, processId, {
    event: eventId,
    agenda: '1. Che cos’è l’agenda digitale dell’Unione\n2. Le fasi del percorso e come partecipare\n3. Prime idee dai comuni',
  });
  const proposals = await proposalsOfProcess(db, processId);
  const about = (word: string) => proposals.filter((p) => p.title.includes(word)).map((p) => p.id);
  await updateMeeting(db, null, meeting.id, {
    minutes:
      'Il presidente dell’Unione ha presentato il percorso e le sue fasi. I Giovani Animatori Digitali hanno raccontato i corsi nelle frazioni.\n\nDal pubblico: la fibra che manca a Gropparello e a San Giorgio, le scuole senza connessione stabile, i corsi per gli anziani.',
    decisions: 'Si apre il questionario sui bisogni. I laboratori si terranno in tutti i comuni dell’Unione.',
    proposals: about('Fibra'),
  });
  const poll = await openPoll(db, null, meeting.id, {
    question: 'Da dove iniziamo?',
    options: ['Connettività nelle frazioni', 'Corsi per gli anziani', 'Servizi online del comune'],
  });
  await enterHands(db, null, poll.id, { hands: { [poll.options[0].id]: 21, [poll.options[1].id]: 11, [poll.options[2].id]: 6 } });
  await closePoll(db, null, poll.id);
  await publishMinutes(db, null, meeting.id);

  const today = DateTime.now().setZone(ZONE);
  const isoDay = (d: DateTime) => d.toISODate() as string;
  for (const { months, about: word, updates, ...action } of ACTIONS) {
    const { id } = await createAction(db, null, processId, {
      ...action,
      deadline: isoDay(today.plus({ months })),
      status: 'in-progress',
      proposals: about(word),
      meetings: [meeting.id],
    });
    for (const [daysAgo, body, progress] of updates) {
      await addUpdate(db, null, id, { day: isoDay(today.minus({ days: daysAgo })), body, progress });
    }
  }
}
