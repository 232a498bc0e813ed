import { onFormFields } from '../../../web/form-action.js';
import { type FormBody, formTexts, formList as list, formText as str } from '../../../web/forms.js';

/** "5000", "5.000" and "5 000" are numbers; anything else is passed on for the schema to refuse. */
export function wholeNumber(value: string): number | string {
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v);
  if (/^\d{1,3}([.\s]\d{3})+$/.test(v)) return Number(v.replace(/[.\s]/g, ''));
  return v;
}

/** The most target rows a form may carry; more are ignored. */
const MAX_FORM_ROWS = 200;

/**
 * Reads the target rows of the form (`targets.N.metric`, `.value`, `.deadline`, `.label`,
 * `.remove`). Empty rows and rows marked for removal are skipped; `rowOf[k]` is the form row of
 * the k-th target, so errors can be shown on the row the person typed in.
 */
export function targetsFromForm(body: FormBody): { targets: unknown[]; rowOf: number[]; rows: number } {
  const rows = new Set<number>();
  for (const key of Object.keys(body)) {
    const m = /^targets\.(\d{1,3})\.(metric|value|deadline|label|remove)$/.exec(key);
    if (m && Number(m[1]) < MAX_FORM_ROWS) rows.add(Number(m[1]));
  }
  const sorted = [...rows].sort((a, b) => a - b);
  const targets: unknown[] = [];
  const rowOf: number[] = [];
  for (const r of sorted) {
    const get = (k: string) => str(body, `targets.${r}.${k}`);
    if (get('remove') === '1') continue;
    if (!get('metric') && !get('value') && !get('deadline') && !get('label')) continue;
    targets.push({ metric: get('metric'), value: wholeNumber(get('value')), deadline: get('deadline'), label: get('label') });
    rowOf.push(r);
  }
  return { targets, rowOf, rows: sorted.length === 0 ? 0 : sorted[sorted.length - 1] + 1 };
}

/** Points target errors at the form rows they came from. */
export function onFormRows<T>(rowOf: number[], action: () => Promise<T>): Promise<T> {
  return onFormFields((field) => {
    const m = /^targets\.(\d+)\.(.+)$/.exec(field);
    return m && rowOf[Number(m[1])] !== undefined ? `targets.${rowOf[Number(m[1])]}.${m[2]}` : field;
  }, action);
}

/** The programme's own fields as the form sends them (partners, national line and codes included). */
export function programmeInput(body: FormBody) {
  const retention = str(body, 'retentionDays');
  return {
    ...formTexts(body, ['name', 'description', 'funding', 'start', 'end']),
    partners: list(body, 'partners'),
    retentionDays: retention === '' ? undefined : wholeNumber(retention),
    // The form always carries the national fields: an empty one clears it (or, on creation, leaves the default).
    minorsFrom: str(body, 'minorsFrom') || null,
    nationalPolicy: str(body, 'nationalPolicy') || undefined,
    ...formTexts(body, ['nationalProgrammeCode', 'nationalProjectId']),
  };
}
