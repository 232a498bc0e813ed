import { z } from 'zod';
import { visibleText } from '../../../core/validation.js';

/** The zod schemas of proposals, supports, comments and their moderation (forms map onto the same). */

export const PROPOSAL_STATES = ['evaluating', 'accepted', 'merged', 'not-feasible'] as const;
export const PROPOSAL_SORTS = ['supports', 'newest'] as const;

const text = (max: number) =>
  visibleText(
    z.string({ message: 'participation.check.required' }).trim().min(1, 'participation.check.required').max(max, 'participation.check.max'),
  );
const email = z.string({ message: 'participation.check.email' }).trim().max(254, 'participation.check.email');
const optional = (max: number) => z.string().trim().max(max, 'participation.check.max').optional().nullable();
/** The field people do not see and bots fill in: it must stay empty. */
const honeypot = z.string().max(0, 'participation.check.honeypot').optional().nullable();

export const ProposalCreate = z.object({
  title: text(150),
  body: text(5000),
  municipality: text(100),
  category: text(60),
  email,
  name: optional(80),
  website: honeypot,
});
export type ProposalInput = z.output<typeof ProposalCreate>;

export const SupportCreate = z.object({ email, website: honeypot });

export const CommentCreate = z.object({
  body: text(2000),
  email,
  name: optional(80),
  parent: z.string().uuid('participation.check.parent').optional().nullable(),
  website: honeypot,
});
export type CommentInput = z.output<typeof CommentCreate>;

export const HideBody = z.object({ reason: text(500) });

export const AnswerBody = z.object({
  state: z.enum(PROPOSAL_STATES, { message: 'participation.check.state' }).optional().nullable(),
  reason: optional(2000),
  answer: optional(5000),
  mergedInto: z.string().uuid('participation.check.mergedInto').optional().nullable(),
});
export type AnswerInput = z.output<typeof AnswerBody>;

export const ProposalQuery = z.object({
  municipality: z.string().max(6).optional(),
  category: z.string().max(60).optional(),
  state: z
    .enum([...PROPOSAL_STATES, 'assembly', 'open'] as const)
    .optional()
    .or(z.literal('')),
  sort: z.enum(PROPOSAL_SORTS).optional().or(z.literal('')),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
});
export type ProposalFilter = z.output<typeof ProposalQuery>;

export const ProposalOut = z.object({
  id: z.string(),
  process: z.string(),
  title: z.string(),
  body: z.string(),
  municipality: z.string(),
  category: z.string(),
  author: z.string(),
  status: z.enum(['pending', 'published', 'hidden']),
  state: z.enum(PROPOSAL_STATES).nullable(),
  stateReason: z.string().nullable(),
  mergedInto: z.string().nullable(),
  answer: z.string().nullable(),
  hiddenReason: z.string().nullable(),
  supports: z.number(),
  comments: z.number(),
  assembly: z.boolean(),
  image: z.string().nullable(),
  createdAt: z.string(),
});
export type ProposalView = z.output<typeof ProposalOut>;

export const CommentOut = z.object({
  id: z.string(),
  parent: z.string().nullable(),
  body: z.string(),
  author: z.string(),
  hiddenReason: z.string().nullable(),
  createdAt: z.string(),
});
export type CommentView = z.output<typeof CommentOut>;
