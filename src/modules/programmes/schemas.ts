import { z } from 'zod';
import { isoDate, lineOfText, optionalText as optionalTextOf, visibleText } from '../../core/validation.js';

/** What a programme can set targets on. The dashboards count each of them. */
export const PROGRAMME_METRICS = [
  'unique_citizens',
  'citizens_reached',
  'services',
  'facilitation_points',
  'facilitators',
  'events',
  'participants',
  'users_facilitated',
  'users_attended',
  'users_assessed',
  'users_any',
] as const;
export type ProgrammeMetric = (typeof PROGRAMME_METRICS)[number];

export const PROGRAMME_METRIC_LABELS: Record<ProgrammeMetric, { it: string; en: string }> = {
  unique_citizens: { it: 'Cittadini unici', en: 'Unique citizens' },
  citizens_reached: { it: 'Cittadini raggiunti', en: 'Citizens reached' },
  services: { it: 'Servizi di facilitazione', en: 'Facilitation services' },
  facilitation_points: { it: 'Punti di facilitazione', en: 'Facilitation points' },
  facilitators: { it: 'Facilitatori', en: 'Facilitators' },
  events: { it: 'Eventi', en: 'Events' },
  participants: { it: 'Partecipanti', en: 'Participants' },
  // "Users" as a programme defines them (Firenze's 5,000 → 18,000): counted by programmes/plan/users.ts.
  users_facilitated: { it: 'Utenti: cittadini facilitati', en: 'Users: citizens facilitated' },
  users_attended: { it: 'Utenti: presenti agli eventi', en: 'Users: people who attended events' },
  users_assessed: { it: 'Utenti: test delle competenze', en: 'Users: skills self-assessment' },
  users_any: { it: 'Utenti: facilitati, presenti o test', en: 'Users: facilitated, attended or assessed' },
};

export function isProgrammeMetric(value: unknown): value is ProgrammeMetric {
  return typeof value === 'string' && (PROGRAMME_METRICS as readonly string[]).includes(value);
}

/** The funding of PNRR M1C1 investment 1.7.2: programmes funded by it report to the national platform. */
export const PNRR_FUNDING = 'PNRR M1C1 1.7.2';
/** Offered as suggestions; funding stays free text. */
export const FUNDING_SUGGESTIONS = [PNRR_FUNDING, 'Regionale', 'Fondi propri', 'Bando Partecipazione'] as const;

/** Whether a funding text names PNRR M1C1 1.7.2, however it is spaced or capitalised. */
export function isPnrrFunding(funding: string | null | undefined): boolean {
  if (!funding) return false;
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
  return norm(funding) === norm(PNRR_FUNDING);
}

export const RETENTION_DEFAULT = 90;
export const RETENTION_MIN = 1;
export const RETENTION_MAX = 3650;
export const TARGET_VALUE_MAX = 100_000_000;
export const TARGETS_MAX = 100;
export const PARTNERS_MAX = 100;

// Messages are keys of messages.ts ('programme.check.*'); `{maximum}` and `{minimum}` come from the check.
const CHECKS = { max: 'programme.check.max', control: 'programme.check.control', type: 'programme.check.text' };
const text = (min: number, max: number, required: string) => lineOfText(min, max, required, CHECKS);

/** Optional text: empty becomes null, so a form can clear it. */
export const optionalText = (max: number, multiline = false) => optionalTextOf(max, multiline, CHECKS);

/** A calendar date, YYYY-MM-DD, that exists, between 1990 and 2100 (a typo guard, not a policy). */
export const IsoDate = isoDate('programme.check.date');

/** An organisation's id; the message names the field ('programme.check.organisation' or '.partner'). */
const OrgId = (message: string) => z.uuid({ message });

export const TargetInput = z.object({
  metric: z.enum(PROGRAMME_METRICS, { message: 'programme.check.metric' }),
  value: z
    .number({ message: 'programme.check.value.number' })
    .int('programme.check.value.integer')
    .min(1, 'programme.check.value.min')
    .max(TARGET_VALUE_MAX, 'programme.check.value.max'),
  deadline: IsoDate,
  label: optionalText(200),
});
export type TargetInputData = z.output<typeof TargetInput>;

const Targets = z.array(TargetInput, { message: 'programme.check.targets' }).max(TARGETS_MAX, 'programme.check.targets.max');

const Partners = z
  .array(OrgId('programme.check.partner'), { message: 'programme.check.partners' })
  .max(PARTNERS_MAX, 'programme.check.partners.max');

const RetentionDays = z
  .number({ message: 'programme.check.retention.number' })
  .int('programme.check.retention.integer')
  .min(RETENTION_MIN, 'programme.check.retention.min')
  .max(RETENTION_MAX, 'programme.check.retention.max');

/** The national platform's two lines: the facilitation network (CSV upload) and the Servizio Civile Digitale (XLSX). */
export const NATIONAL_POLICIES = ['RFD', 'SCD'] as const;
export type NationalPolicy = (typeof NATIONAL_POLICIES)[number];

/** A code of the national platform; the messages name it ('programme.check.programmeCode.text', …). */
export const NATIONAL_CODES = ['programmeCode', 'projectId'] as const;
const nationalCode = (code: (typeof NATIONAL_CODES)[number]) =>
  z
    .string({ message: `programme.check.${code}.text` })
    .trim()
    .max(64, `programme.check.${code}.max`)
    .regex(/^[A-Za-z0-9._\-/]*$/, `programme.check.${code}.chars`)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();

const fields = {
  name: visibleText(text(2, 200, 'programme.check.name')),
  description: optionalText(4000, true),
  funding: optionalText(200),
  start: IsoDate,
  end: IsoDate,
  partners: Partners,
  nationalReporting: z.boolean({ message: 'programme.check.boolean' }),
  retentionDays: RetentionDays,
  targets: Targets,
  /** From this day citizens aged 14–17 may be served (AN8 = E); null: never. */
  minorsFrom: IsoDate.nullable().optional(),
  nationalPolicy: z.enum(NATIONAL_POLICIES, { message: 'programme.check.policy' }),
  nationalProgrammeCode: nationalCode('programmeCode'),
  nationalProjectId: nationalCode('projectId'),
};

/** Whether both dates are valid, so the order check can run beside the other field checks. */
const datesParse = (v: unknown): boolean => {
  const o = v as { start?: unknown; end?: unknown } | null;
  return !!o && IsoDate.safeParse(o.start).success && IsoDate.safeParse(o.end).success;
};

export const ProgrammeCreate = z
  .object({
    organisation: OrgId('programme.check.organisation'),
    name: fields.name,
    description: fields.description,
    funding: fields.funding,
    start: fields.start,
    end: fields.end,
    partners: fields.partners.default([]),
    nationalReporting: fields.nationalReporting.optional(),
    retentionDays: fields.retentionDays.default(RETENTION_DEFAULT),
    targets: fields.targets.default([]),
    minorsFrom: fields.minorsFrom,
    nationalPolicy: fields.nationalPolicy.optional(),
    nationalProgrammeCode: fields.nationalProgrammeCode,
    nationalProjectId: fields.nationalProjectId,
  })
  .refine((v) => v.end >= v.start, {
    path: ['end'],
    message: 'programme.error.period.field',
    when: (payload) => datesParse(payload.value),
  });
// minorsFrom against the end is checked by the service, on creation as on change (422).

export type ProgrammeCreateInput = z.input<typeof ProgrammeCreate>;

/** A change: only the fields sent are touched. The owner cannot change. */
export const ProgrammePatch = z
  .object({
    name: fields.name.optional(),
    description: fields.description,
    funding: fields.funding,
    start: fields.start.optional(),
    end: fields.end.optional(),
    partners: fields.partners.optional(),
    nationalReporting: fields.nationalReporting.optional(),
    retentionDays: fields.retentionDays.optional(),
    targets: fields.targets.optional(),
    minorsFrom: fields.minorsFrom,
    nationalPolicy: fields.nationalPolicy.optional(),
    nationalProgrammeCode: fields.nationalProgrammeCode,
    nationalProjectId: fields.nationalProjectId,
  })
  .strict();
export type ProgrammePatchInput = z.input<typeof ProgrammePatch>;

export const TargetsPut = z.object({ targets: Targets });

export const ProgrammeListQuery = z.object({
  organisation: OrgId('programme.check.organisation').optional(),
});

export const ProgrammeParam = z.object({ programmeId: z.string() });

// ---------- response shapes, for the OpenAPI document ----------

const Ref = z.object({ id: z.string(), name: z.string() });
export const TargetOut = z.object({
  id: z.string(),
  metric: z.enum(PROGRAMME_METRICS),
  value: z.number().int(),
  deadline: z.string(),
  label: z.string().nullable(),
});
export const ProgrammeOut = z.object({
  id: z.string(),
  organisation: Ref,
  name: z.string(),
  description: z.string().nullable(),
  funding: z.string().nullable(),
  start: z.string(),
  end: z.string(),
  nationalReporting: z.boolean(),
  retentionDays: z.number().int(),
  minorsFrom: z.string().nullable(),
  nationalPolicy: z.enum(NATIONAL_POLICIES),
  nationalProgrammeCode: z.string().nullable(),
  nationalProjectId: z.string().nullable(),
  /** Public readers get accepted partners only; the owner's people also those waiting (`pending: true`). */
  partners: z.array(Ref.extend({ pending: z.literal(true).optional() })),
  targets: z.array(TargetOut),
});
