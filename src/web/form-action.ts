import type { Lang } from '../core/i18n.js';
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
  /** The page's language: problems written with dictionary keys are shown in it. */
  lang: Lang = 'it',
): Promise<T | unknown> {
  try {
    return await action();
  } catch (caught) {
    if (caught instanceof Problem && caught.status < 500) {
      const err = caught.inLanguage(lang);
      const errors = err.errors?.length ? errorsByField(err.errors) : { _: err.detail ?? err.title };
      return rerender(errors, err.status, err);
    }
    throw caught;
  }
}
