import { z } from 'zod';
import { MAX_OPTIONS, QUESTION_KINDS, SURVEY_STATUSES } from './model.js';

/** The API's and the forms' shapes of surveys and questions. */

const text = (max: number, key: string) => z.string({ message: key }).trim().min(1, { message: key }).max(max, { message: key });

export const SurveyCreate = z.object({
  organisation: z.string({ message: 'survey.check.organisation' }).min(1, { message: 'survey.check.organisation' }),
  process: z.string().nullish(),
  phase: z.string().nullish(),
  title: text(200, 'survey.check.title'),
  intro: z.string().trim().max(2000, { message: 'survey.check.intro' }).nullish(),
  publicResults: z.boolean().optional(),
});

export const SurveyPatch = z.object({
  title: text(200, 'survey.check.title').optional(),
  intro: z.string().trim().max(2000, { message: 'survey.check.intro' }).nullish(),
  status: z.enum(SURVEY_STATUSES, { message: 'survey.check.status' }).optional(),
  publicResults: z.boolean().optional(),
});

export const QuestionInput = z.object({
  kind: z.enum(QUESTION_KINDS, { message: 'survey.check.kind' }),
  label: text(300, 'survey.check.label'),
  hint: z.string().trim().max(300, { message: 'survey.check.hint' }).nullish(),
  options: z
    .array(text(200, 'survey.check.option'), { message: 'survey.check.options' })
    .max(MAX_OPTIONS, { message: 'survey.check.options' })
    .optional(),
  required: z.boolean().optional(),
  showIf: z
    .object({ question: z.string({ message: 'survey.check.showIf' }), value: z.string({ message: 'survey.check.showIf' }) })
    .nullish(),
});

export const ResponseInput = z.object({
  email: z.string().trim().max(254, { message: 'survey.check.email' }).nullish(),
  /** The honeypot: a field people never see; a bot that fills it is refused. */
  website: z.string().max(0, { message: 'survey.check.honeypot' }).nullish(),
  phone: z.string().trim().max(30, { message: 'survey.check.phone' }).nullish(),
  answers: z.record(z.string(), z.union([z.string().max(5000), z.number(), z.array(z.union([z.string().max(5000), z.number()])).max(50)]), {
    message: 'survey.check.answers',
  }),
});

const QuestionOut = z.object({
  id: z.string(),
  position: z.number().int(),
  kind: z.enum(QUESTION_KINDS),
  label: z.string(),
  hint: z.string().nullable(),
  options: z.array(z.string()),
  required: z.boolean(),
  code: z.string().nullable(),
  showIf: z.object({ question: z.string(), value: z.string() }).nullable(),
});

export const SurveyOut = z.object({
  id: z.string(),
  organisation: z.string(),
  process: z.string().nullable(),
  phase: z.string().nullable(),
  event: z.string().nullable(),
  title: z.string(),
  intro: z.string().nullable(),
  status: z.enum(SURVEY_STATUSES),
  publicResults: z.boolean(),
  questions: z.array(QuestionOut),
});

const Cell = z.object({
  value: z.string(),
  label: z.string(),
  count: z.number().int().nullable(),
  hidden: z.enum(['small', 'derived']).optional(),
});
export const ResultsOut = z.object({
  survey: z.object({ id: z.string(), title: z.string() }),
  minimum: z.number().int(),
  filter: z.object({ question: z.string(), value: z.string(), label: z.string() }).nullable(),
  responses: z.number().int().nullable(),
  questions: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      kind: z.enum(QUESTION_KINDS),
      answered: z.number().int().nullable(),
      cells: z.array(Cell),
      texts: z.array(z.string()),
    }),
  ),
});
