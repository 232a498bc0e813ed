import type { TenancyFixture, TenancyFixtures } from '../../../core/module.js';
import { createAction } from '../agenda/service.js';
import { linkMeeting, openPoll } from './service.js';

/** A meeting of organisation `org`: a process of its own with one of its events linked. */
const meetingId: TenancyFixture = async (w, org, ids) => {
  const processId = ids.processId ?? (await w.fixture('processId', org, {}));
  const eventId = await w.fixture('eventId', org, {});
  return (await linkMeeting(w.db, null, processId, { event: eventId, agenda: 'Presentazione del percorso' })).id;
};

/** The tenancy matrix's records of meetings and the agenda: a meeting, an open poll of one, an action. */
export const meetingsTenancy: TenancyFixtures = {
  fixtures: {
    meetingId,
    pollId: async (w, org, ids) => {
      const meeting = await meetingId(w, org, ids);
      return (await openPoll(w.db, null, meeting, { question: 'Da dove iniziamo?', options: ['Scuole', 'Frazioni'] })).id;
    },
    actionId: async (w, org, ids) => {
      const processId = ids.processId ?? (await w.fixture('processId', org, {}));
      return (await createAction(w.db, null, processId, { title: 'Fibra nelle scuole', owner: 'Ufficio tecnico' })).id;
    },
  },
  bodies: {
    'PATCH /api/v1/meetings/:meetingId': () => ({ minutes: 'Verbale della riunione' }),
    'POST /api/v1/meetings/:meetingId/polls': () => ({ question: 'Quale priorità?', options: ['Scuole', 'Frazioni'] }),
    'POST /api/v1/polls/:pollId/hands': () => ({ hands: {} }),
    'POST /api/v1/processes/:processId/actions': () => ({ title: 'Wi-Fi in biblioteca', owner: 'Ufficio cultura', progress: 10 }),
    'PATCH /api/v1/actions/:actionId': () => ({ progress: 40, status: 'in-progress' }),
    'POST /api/v1/actions/:actionId/updates': () => ({ body: 'Gara aggiudicata', progress: 30 }),
    'POST /admin/meetings/:meetingId': () => ({ agenda: 'Ordine del giorno', minutes: 'Verbale', decisions: '' }),
    'POST /admin/meetings/:meetingId/sondaggi': () => ({ question: 'Quale priorità?', options: 'Scuole\nFrazioni' }),
    'POST /admin/processes/:processId/agenda': () => ({ title: 'Wi-Fi in biblioteca', owner: 'Ufficio cultura', progress: '10' }),
    'POST /admin/actions/:actionId': () => ({ title: 'Fibra nelle scuole', owner: 'Ufficio tecnico', progress: '20' }),
    'POST /admin/actions/:actionId/aggiornamenti': () => ({ body: 'Lavori iniziati', progress: '25' }),
  },
};
