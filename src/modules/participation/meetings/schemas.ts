import { z } from 'zod';
import { visibleText } from '../../../core/validation.js';

/** The zod schemas of meetings and live polls: the API's bodies and answers (the staff forms map onto the same). */

const text = (max: number) =>
  visibleText(z.string().trim().min(1, 'participation.meetings.check.required').max(max, 'participation.meetings.check.max'));
const longText = (max: number) => z.string().trim().max(max, 'participation.meetings.check.max').nullable().optional();

export const MeetingCreate = z.object({
  event: z.string().uuid('participation.meetings.check.event'),
  agenda: longText(20_000),
});
export type MeetingCreateInput = z.output<typeof MeetingCreate>;

export const MeetingPatch = z.object({
  agenda: longText(20_000),
  minutes: longText(50_000),
  decisions: longText(20_000),
  /** The proposals the minutes link, all of the meeting's process; replaces the list. */
  proposals: z.array(z.string().max(64)).max(200, 'participation.meetings.check.max').optional(),
});
export type MeetingPatchInput = z.output<typeof MeetingPatch>;

export const PollCreate = z.object({
  question: text(300),
  options: z.array(text(120)).min(2, 'participation.polls.check.options').max(8, 'participation.polls.check.options'),
});
export type PollCreateInput = z.output<typeof PollCreate>;

export const HandsBody = z.object({
  /** Hands counted in the room, by option id. */
  hands: z.record(
    z.string().max(64),
    z
      .number()
      .int('participation.polls.check.hands')
      .min(0, 'participation.polls.check.hands')
      .max(100_000, 'participation.polls.check.hands'),
  ),
});

export const AnswerBody = z.object({ option: z.string().max(64) });

export const ProcessParam = z.object({ processId: z.string() });
export const MeetingParam = z.object({ meetingId: z.string() });
export const PollParam = z.object({ pollId: z.string() });

export const PollOut = z.object({
  id: z.string(),
  meetingId: z.string(),
  code: z.string(),
  url: z.string(),
  question: z.string(),
  status: z.enum(['open', 'closed']),
  options: z.array(z.object({ id: z.string(), label: z.string(), answers: z.number(), hands: z.number(), total: z.number() })),
  total: z.number(),
});

export const MeetingOut = z.object({
  id: z.string(),
  processId: z.string(),
  event: z.object({ id: z.string(), title: z.string(), start: z.string(), end: z.string(), page: z.string() }),
  agenda: z.string().nullable(),
  minutes: z.string().nullable(),
  decisions: z.string().nullable(),
  attendance: z.number().nullable(),
  published: z.boolean(),
  publishedAt: z.string().nullable(),
  proposals: z.array(z.object({ id: z.string(), title: z.string() })),
  polls: z.array(PollOut),
});
