import { newId } from '../../../core/ids.js';
import type { DemoIds } from '../../../core/module.js';
import { nowIso } from '../../../core/time.js';
import type { Db } from '../../../db/index.js';
import type { Answers } from './model.js';
import * as repo from './repo.js';
import { addQuestion, comuniOf, createSurvey, updateSurvey } from './service.js';

/**
 * The demo's needs survey of the Valnure process (its second phase, already over): seven
 * questions, one shown only to who does not connect from home, and 30 confirmed responses made
 * up from a fixed sequence, so the results page has charts, a hidden small group and a CSV.
 */
export async function seedDemoSurvey(db: Db, ids: DemoIds): Promise<void> {
  const processId = ids.more['participation.process'];
  const organisation = ids.organisations.valnure;
  if (!processId || !organisation) return;
  const phase = await db.k
    .selectFrom('participation_phases')
    .select('id')
    .where('process_id', '=', processId)
    .orderBy('position')
    .offset(1)
    .limit(1)
    .executeTakeFirst();
  let s = await createSurvey(db, {
    organisation,
    process: processId,
    phase: phase?.id ?? null,
    title: 'Questionario sui bisogni digitali',
    intro: 'Pochi minuti per dirci come usate internet e i servizi online, e cosa manca nei vostri comuni.',
    publicResults: true,
  });
  const add = async (q: Record<string, unknown>) => {
    s = await addQuestion(db, s.id, q);
    return s.questions[s.questions.length - 1].id;
  };
  const comune = await add({ kind: 'comune', label: 'In quale comune vivi?', required: true });
  const age = await add({ kind: 'age', label: 'La tua fascia d’età', required: true });
  const home = await add({
    kind: 'single',
    label: 'Come ti colleghi a internet da casa?',
    options: ['Fibra', 'ADSL', 'Solo dal cellulare', 'Non mi collego da casa'],
    required: true,
  });
  const why = await add({
    kind: 'short',
    label: 'Che cosa te lo impedisce?',
    showIf: { question: home, value: '4' },
  });
  const services = await add({
    kind: 'multiple',
    label: 'Quali servizi online hai usato nell’ultimo anno?',
    options: ['SPID o CIE', 'Fascicolo sanitario', 'pagoPA', 'Registro elettronico', 'Nessuno'],
  });
  const confidence = await add({
    kind: 'scale',
    label: 'Quanto ti senti sicuro a usare i servizi online da solo?',
    options: ['1 – Per niente', '2 – Poco', '3 – Abbastanza', '4 – Molto', '5 – Del tutto'],
    required: true,
  });
  const wish = await add({ kind: 'long', label: 'Che cosa vorresti nell’agenda digitale dell’Unione?' });
  const comuni = (await comuniOf(db, s)).map((c) => c.code);
  const wishes = [
    'Fibra nelle frazioni',
    'Un punto digitale in biblioteca',
    'Corsi serali su SPID',
    'Wi-Fi in piazza',
    'Aiuto con il fascicolo sanitario',
  ];
  const at = nowIso();
  for (let i = 0; i < 30; i++) {
    const connects = i % 9 === 4 ? '4' : String((i % 3) + 1);
    const answers: Answers = {
      [comune]: [comuni[i % Math.min(3, comuni.length)] ?? comuni[0]],
      [age]: [['18-29', '30-64', '30-64', '65-plus'][i % 4]],
      [home]: [connects],
      [services]: [...new Set([String((i % 4) + 1), String(((i * 7) % 4) + 1)])],
      [confidence]: [String((i % 5) + 1)],
      ...(connects === '4' ? { [why]: ['Nella mia frazione non arriva la linea'] } : {}),
      ...(i % 2 === 0 ? { [wish]: [wishes[i % wishes.length]] } : {}),
    };
    const id = newId();
    await db.k
      .insertInto('survey_responses')
      .values({
        id,
        survey_id: s.id,
        organisation_id: organisation,
        status: 'confirmed',
        contact_hash: null,
        ref: null,
        lang: 'it',
        created_at: at,
        confirmed_at: at,
      })
      .execute();
    await repo.insertAnswers(db.k, s.id, id, answers);
  }
  await updateSurvey(db, s.id, { status: 'closed' });
}
