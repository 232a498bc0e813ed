import type { TenancyFixtures } from '../../../core/module.js';
import { addQuestion, createSurvey } from './service.js';

/** The tenancy matrix's records of surveys: a survey with one question, of organisation A or B. */
export const surveyTenancy: TenancyFixtures = {
  fixtures: {
    surveyId: async (w, org) => {
      const s = await createSurvey(w.db, { organisation: w.org[org], title: `Questionario ${w.next()}` });
      await addQuestion(w.db, s.id, { kind: 'single', label: 'Hai una connessione a casa?', options: ['Sì', 'No'], required: true });
      return s.id;
    },
    surveyQuestionId: async (w, org, ids) => {
      const surveyId = ids.surveyId ?? (await w.fixture('surveyId', org, ids));
      const s = await addQuestion(w.db, surveyId, { kind: 'short', label: `Domanda ${w.next()}` });
      return s.questions[s.questions.length - 1].id;
    },
  },
  bodies: {
    'POST /api/v1/organisations/:organisationId/surveys': () => ({ title: 'Questionario' }),
    'PATCH /api/v1/surveys/:surveyId': () => ({ title: 'Questionario' }),
    'POST /api/v1/surveys/:surveyId/questions': () => ({ kind: 'short', label: 'Domanda' }),
    'PATCH /api/v1/surveys/:surveyId/questions/:surveyQuestionId': () => ({ kind: 'short', label: 'Domanda' }),
    'POST /api/v1/surveys/:surveyId/questions/:surveyQuestionId/move': () => ({ direction: 'up' }),
    'POST /admin/organisations/:organisationId/questionari': () => ({ title: 'Questionario' }),
    'POST /admin/questionari/:surveyId': () => ({ title: 'Questionario' }),
    'POST /admin/questionari/:surveyId/domande': () => ({ kind: 'short', label: 'Domanda' }),
    'POST /admin/questionari/:surveyId/domande/:surveyQuestionId': () => ({ kind: 'short', label: 'Domanda' }),
    'POST /admin/questionari/:surveyId/domande/:surveyQuestionId/sposta': () => ({ direction: 'up' }),
  },
};
