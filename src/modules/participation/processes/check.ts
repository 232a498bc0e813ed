import type { z } from 'zod';
import { Problem, refuse } from '../../../core/problems.js';
import { nowIso, romeDay } from '../../../core/time.js';
import { parse } from '../../../core/validation.js';

/**
 * Parses a participation body: anything the schema refuses (a missing field, a text too long) is
 * a 422 naming each field, like the rules across fields, so a citizen's form and an API client
 * read one kind of refusal.
 */
export function parseBody<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  try {
    return parse(schema, input ?? {}, 'body');
  } catch (e) {
    if (e instanceof Problem && e.status === 400) throw refuse(422, 'participation.error.fields', undefined, e.errors);
    throw e;
  }
}

/** Today in Rome, 'YYYY-MM-DD': the day phases are read against. */
export function today(): string {
  return romeDay(nowIso());
}
