import type { z } from 'zod';
import { badRequest, type FieldError } from './problems.js';

export function zodErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
}

/** Parses input with a schema or throws a 400 Problem listing every bad field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown, what = 'I dati inviati'): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw badRequest(`${what} non sono validi: controlla i campi indicati.`, zodErrors(result.error));
  }
  return result.data;
}
