import { t } from '../../core/i18n.js';
import { type FieldError, Problem, refuse } from '../../core/problems.js';

type Vars = Record<string, string | number>;

/**
 * A refusal with a title of its own (not the status's usual one), both from the dictionaries:
 * `refuse` with the title key too.
 */
export function refuseTitled(
  status: number,
  titleKey: string,
  detailKey: string,
  vars?: Vars,
  errors?: FieldError[],
  extra?: Record<string, unknown>,
): Problem {
  const base = refuse(status, detailKey, vars, errors, extra);
  const p = new Problem(status, t('it', titleKey), base.detail, errors, extra);
  p.keys = { title: titleKey, detail: detailKey, vars };
  return p;
}
