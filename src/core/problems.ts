import { type Lang, t } from './i18n.js';

/**
 * One way to say "no" everywhere: services throw a Problem; the error handler turns it into
 * RFC 9457 problem+json under /api and into an Italian (or English) page elsewhere.
 *
 * Services speak in dictionary keys (`refuse`, `fieldError`): the Problem carries the Italian
 * text, so logs and tests read the same, and the keys, so the answer is given in the request's
 * language (`inLanguage`). Problems built from literal text are answered as written.
 */
export interface FieldError {
  /** Dotted path of the field, e.g. "sessions.0.start". */
  field: string;
  message: string;
  /** The dictionary key of the message, when it came from one. */
  key?: string;
  vars?: Vars;
}

type Vars = Record<string, string | number>;

export class Problem extends Error {
  /** Dictionary keys of the title and detail, when the Problem was written with keys. */
  keys?: { title?: string; detail?: string; vars?: Vars };

  constructor(
    public readonly status: number,
    public readonly title: string,
    public readonly detail?: string,
    public readonly errors?: FieldError[],
    public readonly extra?: Record<string, unknown>,
  ) {
    super(detail ?? title);
  }

  /** The same Problem in another language, as far as its words came from the dictionaries. */
  inLanguage(lang: Lang): Problem {
    const hasKeys = this.keys || this.errors?.some((e) => e.key);
    if (lang === 'it' || !hasKeys) return this;
    const keys = this.keys ?? {};
    const translated = new Problem(
      this.status,
      keys.title ? t(lang, keys.title, keys.vars) : this.title,
      keys.detail ? t(lang, keys.detail, keys.vars) : this.detail,
      this.errors?.map((e) => (e.key ? { ...e, message: t(lang, e.key, e.vars) } : e)),
      this.extra,
    );
    translated.keys = this.keys;
    return translated;
  }
}

/** The field errors as API clients see them: field and message (the keys are for translation only). */
export function publicErrors(errors: FieldError[] | undefined): { field: string; message: string }[] | undefined {
  return errors?.map((e) => ({ field: e.field, message: e.message }));
}

/** The usual title of a status, as a dictionary key (`problem.400`). */
const titleKey = (status: number) => `problem.${status}`;

/**
 * A refusal written with a key of the module's dictionary: `refuse(409, 'events.full')`. The
 * title is the status's usual one.
 */
export function refuse(status: number, detailKey: string, vars?: Vars, errors?: FieldError[], extra?: Record<string, unknown>): Problem {
  const p = new Problem(status, t('it', titleKey(status)), t('it', detailKey, vars), errors, extra);
  p.keys = { title: titleKey(status), detail: detailKey, vars };
  return p;
}

/**
 * What was read, or the refusal 404 with this key when nothing was:
 * `const m = found(await repo.meeting(db, id), 'participation.meetings.error.notFound')`.
 */
export function found<T>(value: T | null | undefined, detailKey: string): T {
  if (value === null || value === undefined) throw refuse(404, detailKey);
  return value;
}

/** A refusal whose title is not the status's usual one (`refuseAs(404, 'x.missing.title', 'x.missing')`). */
export function refuseAs(status: number, titleKey: string, detailKey: string, vars?: Vars): Problem {
  const p = new Problem(status, t('it', titleKey, vars), t('it', detailKey, vars));
  p.keys = { title: titleKey, detail: detailKey, vars };
  return p;
}

/** A field's error written with a dictionary key. */
export function fieldError(field: string, key: string, vars?: Vars): FieldError {
  return { field, message: t('it', key, vars), key, vars };
}

const withTitleKey = (p: Problem): Problem => {
  p.keys = { title: titleKey(p.status) };
  return p;
};

const titled = (status: number, title: string, detail: string | undefined, defaultKey?: string): Problem => {
  if (detail === undefined && defaultKey) return refuse(status, defaultKey);
  return withTitleKey(new Problem(status, title, detail));
};

export const badRequest = (detail: string, errors?: FieldError[]) => withTitleKey(new Problem(400, 'Richiesta non valida', detail, errors));
export const unauthorized = (detail?: string) => titled(401, 'Accesso richiesto', detail, 'problem.401.detail');
export const forbidden = (detail?: string) => titled(403, 'Operazione non consentita', detail, 'problem.403.detail');
export const notFound = (detail?: string) => titled(404, 'Non trovato', detail, 'problem.404.detail');
export const conflict = (detail: string, extra?: Record<string, unknown>) =>
  withTitleKey(new Problem(409, 'Conflitto', detail, undefined, extra));
export const unprocessable = (detail: string, errors?: FieldError[]) =>
  withTitleKey(new Problem(422, 'Richiesta non eseguibile', detail, errors));
export const tooMany = (detail: string) => withTitleKey(new Problem(429, 'Troppe richieste', detail));
