import { Problem } from '../core/problems.js';
import { type Errors, errorsByField } from './forms.js';

/**
 * Runs what a form asks for. A refusal (a 4xx Problem) re-renders the form with its errors, by
 * field where the problem names fields and as the form's own problem (`_`) otherwise, instead of
 * an error page; anything else is a fault and goes to the error handler.
 */
export async function formAction<T>(
  action: () => Promise<T>,
  rerender: (errors: Errors, status: number, problem: Problem) => Promise<unknown>,
): Promise<T | unknown> {
  try {
    return await action();
  } catch (err) {
    if (err instanceof Problem && err.status < 500) {
      const errors = err.errors?.length ? errorsByField(err.errors) : { _: err.detail ?? err.title };
      return rerender(errors, err.status, err);
    }
    throw err;
  }
}
