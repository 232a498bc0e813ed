import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { newId } from '../../core/ids.js';
import type { DemoContext } from '../../core/module.js';
import { nowIso, ZONE } from '../../core/time.js';
import type { Db } from '../../db/index.js';
import { createProcess } from './processes/service.js';
import * as proposals from './proposals/repo.js';

/**
 * The demo's participatory process: Unione Valnure e Valchero writes its digital agenda with its
 * citizens, in the six phases of a real one (launch, needs survey, workshops, proposals,
 * assemblies, final agenda), dated so that proposals are open today; a few proposals with
 * supports and comments. Its id is `participation.process` in the demo's ids.
 */

const PROPOSALS: { title: string; body: string; municipality: string; category: string; supports: number; comments: string[] }[] = [
  {
    title: 'Fibra in tutte le scuole dell’Unione',
    body: 'Il piano di connessione in fibra delle scuole non è completo.\nChiediamo di finirlo prima dell’anno scolastico, partendo dalle primarie.',
    municipality: '033025',
    category: 'Scuola',
    supports: 34,
    comments: ['A Gropparello la scuola ha ancora l’ADSL: i ragazzi non riescono a fare lezione con il tablet.'],
  },
  {
    title: 'Uno sportello SPID nelle biblioteche',
    body: 'Un pomeriggio alla settimana, in ogni biblioteca, qualcuno che aiuti ad attivare SPID e CIE.',
    municipality: '033035',
    category: 'Servizi online',
    supports: 21,
    comments: ['Potrebbero farlo i Giovani Animatori Digitali.', 'Serve anche il sabato mattina, per chi lavora.'],
  },
  {
    title: 'Copertura mobile nelle frazioni collinari',
    body: 'In alcune frazioni di Gropparello e Vigolzone non c’è segnale: chiediamo una mappa delle zone bianche e un incontro con gli operatori.',
    municipality: '033025',
    category: 'Connettività',
    supports: 17,
    comments: [],
  },
  {
    title: 'Corsi di smartphone per over 65',
    body: 'Corsi brevi, in piccoli gruppi, per usare WhatsApp, l’app IO e il fascicolo sanitario.',
    municipality: '033036',
    category: 'Competenze digitali',
    supports: 9,
    comments: ['Mia madre ci verrebbe volentieri.'],
  },
];

const day = (d: DateTime) => d.toISODate() as string;

export async function seedParticipationDemo(db: Db, demo: DemoContext): Promise<void> {
  const organisation = demo.ids.organisations.valnure;
  if (!organisation) return;
  const today = DateTime.now().setZone(ZONE).startOf('day');
  const phases = [
    ['Incontro di lancio', -70, -60, 'La presentazione del percorso alla cittadinanza, a Podenzano.'],
    ['Questionario sui bisogni', -59, -40, 'Un questionario per capire quali servizi online si usano e cosa manca.'],
    ['Laboratori', -39, -15, 'Laboratori nei comuni dell’Unione con i Giovani Animatori Digitali.'],
    ['Proposte', -14, 20, 'Tutti possono fare proposte, sostenerle e commentarle.'],
    ['Assemblee', 21, 45, 'Le assemblee scelgono le iniziative tra le proposte più sostenute.'],
    ['Agenda finale', 46, 75, 'L’Unione approva l’agenda digitale e ne segue l’attuazione.'],
  ] as const;
  const process = await createProcess(db, null, {
    organisation,
    title: 'Agenda digitale dell’Unione 2027–2029',
    description:
      'L’Unione dei Comuni Valnure e Valchero scrive la sua agenda digitale per i prossimi tre anni insieme ai cittadini: incontri, laboratori e assemblee in cui si scelgono le iniziative.\n\nAlmeno un’iniziativa per ogni comune.',
    categories: ['Servizi online', 'Connettività', 'Competenze digitali', 'Scuola'],
    supportThreshold: 20,
    retentionDays: 180,
    status: 'published',
    phases: phases.map(([name, from, to, description]) => ({
      name,
      description,
      start: day(today.plus({ days: from })),
      end: day(today.plus({ days: to })),
    })),
  });
  demo.ids.more['participation.process'] = process.id;
  let n = 0;
  for (const p of PROPOSALS) {
    const at = nowIso();
    const row = proposals.proposalRowOf(
      {
        process_id: process.id,
        title: p.title,
        body: p.body,
        municipality_code: p.municipality,
        category: p.category,
        confirmed_at: at,
        state: n === 0 ? 'evaluating' : null,
        answer: n === 0 ? 'L’Unione ha chiesto alla Regione il calendario dei lavori: lo pubblicheremo qui.' : null,
        answered_at: n === 0 ? at : null,
        supports: p.supports,
        comments: p.comments.length,
      },
      at,
    );
    await proposals.insertProposal(db.k, row);
    const id = row.id;
    // Supports of demo people: a hash of a made-up address each, never a real contact.
    for (let i = 0; i < p.supports; i++) {
      const hash = createHash('sha256').update(`demo-${n}-${i}@esempio.it`).digest('base64url');
      await db.k
        .insertInto('participation_supports')
        .values({ id: newId(), proposal_id: id, contact_hash: hash, created_at: at })
        .execute();
    }
    for (const body of p.comments) {
      await proposals.insertComment(db.k, proposals.commentRowOf({ proposal_id: id, body, confirmed_at: at }, at));
    }
    n++;
  }
}
