import { z } from 'zod';
import { visibleText } from '../../../core/validation.js';
import { AUDIENCES } from '../catalogue/vocab.js';
import { Session } from '../schemas.js';

/** A partner's proposal of an event: the API's bodies and answers (the pages map their forms onto the same). */

const Id = z.string().uuid('events.proposals.check.id');

const proposalFields = {
  venue: Id,
  title: visibleText(z.string().trim().min(3, 'events.check.title').max(200, 'events.check.max')),
  description: z
    .string()
    .trim()
    .max(5000, 'events.check.max')
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional(),
  audiences: z
    .array(z.enum(AUDIENCES, { message: 'events.check.audiences' }))
    .max(AUDIENCES.length)
    .transform((v) => [...new Set(v)])
    .default([]),
  sessions: z
    .array(Session)
    .min(1, 'events.check.sessions.min')
    .max(20, 'events.check.sessions.max')
    .transform((v) => [...v].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0))),
  capacity: z.number().int('events.check.integer').min(1, 'events.check.capacity.min').max(10_000, 'events.check.capacity.max'),
};

export const ProposalCreate = z.object({ partner: Id, programme: Id, ...proposalFields }).strict();
export type ProposalCreateData = z.output<typeof ProposalCreate>;

/** The partner's corrected proposal, sent again after staff returned it. */
export const ProposalResubmit = z.object(proposalFields).strict();

export const DecisionBody = z.object({
  comment: z.string().trim().max(2000, 'events.check.max').optional().nullable(),
});

export const PROPOSAL_STATUSES = ['submitted', 'returned', 'approved', 'declined'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

const Named = z.object({ id: z.string(), name: z.string() });

export const ProposalOut = z.object({
  id: z.string(),
  status: z.enum(PROPOSAL_STATUSES),
  organisation: Named,
  partner: Named,
  programme: Named,
  venue: Named,
  title: z.string(),
  description: z.string().nullable(),
  audiences: z.array(z.string()),
  sessions: z.array(z.object({ start: z.string(), end: z.string() })),
  capacity: z.number(),
  /** Staff's comment when returned, or the reason when declined. */
  comment: z.string().nullable(),
  /** The catalogue's event, once approved. */
  event: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ProposalView = z.output<typeof ProposalOut>;

export const ProposalParam = z.object({ proposalId: z.string() });

export const PartnerOverviewOut = z.object({
  venues: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      events: z.array(
        z.object({
          id: z.string(),
          title: z.string(),
          organiser: z.string(),
          start: z.string(),
          status: z.string(),
          capacity: z.number(),
          booked: z.number(),
          waiting: z.number(),
          present: z.number(),
        }),
      ),
    }),
  ),
});
export type PartnerOverview = z.output<typeof PartnerOverviewOut>;
