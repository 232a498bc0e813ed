/**
 * One way to say "no" everywhere: services throw a Problem; the error handler turns it into
 * RFC 9457 problem+json under /api and into an Italian (or English) page elsewhere.
 */
export interface FieldError {
  /** Dotted path of the field, e.g. "sessions.0.start". */
  field: string;
  message: string;
}

export class Problem extends Error {
  constructor(
    public readonly status: number,
    public readonly title: string,
    public readonly detail?: string,
    public readonly errors?: FieldError[],
    public readonly extra?: Record<string, unknown>,
  ) {
    super(detail ?? title);
  }
}

export const badRequest = (detail: string, errors?: FieldError[]) => new Problem(400, 'Richiesta non valida', detail, errors);
export const unauthorized = (detail = 'Accedi per continuare.') => new Problem(401, 'Accesso richiesto', detail);
export const forbidden = (detail = 'Non hai i permessi per questa operazione.') => new Problem(403, 'Operazione non consentita', detail);
export const notFound = (detail = 'La risorsa richiesta non esiste.') => new Problem(404, 'Non trovato', detail);
export const conflict = (detail: string, extra?: Record<string, unknown>) => new Problem(409, 'Conflitto', detail, undefined, extra);
export const unprocessable = (detail: string, errors?: FieldError[]) => new Problem(422, 'Richiesta non eseguibile', detail, errors);
export const tooMany = (detail: string) => new Problem(429, 'Troppe richieste', detail);
