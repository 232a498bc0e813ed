import { z } from 'zod';
import { AGE_BANDS, COMPETENCE_CODES, MAX_LEVEL, MIN_LEVEL } from './digcomp.js';

export const VARIANTS = ['short', 'full'] as const;
export type Variant = (typeof VARIANTS)[number];

/** The page addresses of the two versions. */
export const VARIANT_SLUGS: Record<Variant, string> = { short: 'breve', full: 'completo' };

export const PHASES = ['prima', 'dopo'] as const;
export type Phase = (typeof PHASES)[number];

const phase = z
  .enum(['prima', 'dopo', 'before', 'after'], { message: 'fase: «prima» o «dopo» il corso' })
  .transform((v): Phase => (v === 'before' ? 'prima' : v === 'after' ? 'dopo' : v));

export const VariantParam = z.object({
  variant: z.enum(VARIANTS, { message: 'versione del questionario: «short» (breve) o «full» (completa)' }),
});

export const AssessmentQuery = z.object({
  organisation: z.string().max(64, 'identificativo non valido').optional(),
  lang: z.enum(['it', 'en']).optional(),
});

const id = (what: string) =>
  z
    .string({ message: `${what}: un identificativo` })
    .min(1, `${what}: obbligatorio`)
    .max(64, `${what}: non valido`);

export const AgeBandSchema = z.enum(AGE_BANDS, { message: `fascia d'età non valida: usa una tra ${AGE_BANDS.join(', ')}` });

export const ResponseBody = z
  .object({
    answers: z
      .array(
        z
          .object({
            item: id('domanda'),
            value: z.number({ message: 'risposta: il numero di una delle opzioni' }).int('risposta: il numero di una delle opzioni'),
          })
          .strict(),
        { message: 'answers: un elenco di risposte { item, value }' },
      )
      .min(1, 'rispondi alle domande')
      .max(200, 'al massimo 200 risposte'),
    municipality: z
      .string()
      .trim()
      .regex(/^\d{6}$/, 'codice ISTAT del comune: 6 cifre')
      .optional(),
    ageBand: AgeBandSchema.optional(),
    organisation: id('organizzazione').optional(),
    event: id('evento').optional(),
    phase: phase.optional(),
    previous: z
      .object({ id: id('risultato precedente'), token: z.string().min(1).max(200) })
      .strict()
      .optional(),
  })
  .strict()
  .refine((b) => !b.phase || b.event, { message: 'la fase vale solo con un evento', path: ['phase'] });
export type ResponseInput = z.output<typeof ResponseBody>;

export const ResultParam = z.object({ resultId: z.string().max(64) });
export const TokenQuery = z.object({ token: z.string().max(200).optional() });

export const EmailBody = z
  .object({
    token: z.string().min(1, 'link privato mancante').max(200),
    email: z.string().trim().max(254, 'indirizzo troppo lungo').email('indirizzo e-mail non valido'),
  })
  .strict();

/** An item of the bank as staff edit it. Options are the lines of a text box. */
export const ItemInput = z
  .object({
    competence: z.enum(COMPETENCE_CODES as [string, ...string[]], { message: 'scegli una competenza tra 1.1 e 5.4' }),
    level: z.coerce
      .number({ message: `livello: un numero da ${MIN_LEVEL} a ${MAX_LEVEL}` })
      .int(`livello: un numero da ${MIN_LEVEL} a ${MAX_LEVEL}`)
      .min(MIN_LEVEL, `livello: almeno ${MIN_LEVEL}`)
      .max(MAX_LEVEL, `livello: al massimo ${MAX_LEVEL}`),
    kind: z.enum(['self', 'knowledge'], { message: 'tipo: autodichiarazione o domanda con una risposta giusta' }),
    textIt: z.string().trim().min(5, 'scrivi il testo della domanda').max(600, 'al massimo 600 caratteri'),
    textEn: z.string().trim().max(600, 'al massimo 600 caratteri').optional(),
    options: z.array(z.string().trim().min(1).max(200, 'ogni risposta: al massimo 200 caratteri')).max(6, 'al massimo 6 risposte'),
    optionsEn: z.array(z.string().trim().max(200, 'ogni risposta: al massimo 200 caratteri')).max(6, 'al massimo 6 risposte'),
    correct: z.coerce.number().int().min(0).optional(),
    short: z.boolean(),
  })
  .superRefine((v, ctx) => {
    if (v.kind !== 'knowledge') return;
    if (v.options.length < 2) ctx.addIssue({ code: 'custom', path: ['options'], message: 'scrivi almeno due risposte, una per riga' });
    if (v.correct === undefined || v.correct >= v.options.length) {
      ctx.addIssue({ code: 'custom', path: ['correct'], message: 'indica il numero della risposta giusta' });
    }
    if (v.optionsEn.length > 0 && v.optionsEn.length !== v.options.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['optionsEn'],
        message: 'le risposte in inglese devono essere tante quante quelle in italiano',
      });
    }
  });
export type ItemInputData = z.output<typeof ItemInput>;
