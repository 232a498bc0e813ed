import { ownerOf } from '../../../core/access.js';
import { t } from '../../../core/i18n.js';
import { type FieldError, Problem } from '../../../core/problems.js';
import type { Db } from '../../../db/index.js';
import { organisationOwner } from '../../organisations/service.js';
import * as svc from '../service.js';

/** A posted form: a repeated field is an array, an uploaded file (multipart) a Buffer. */
export type FormBody = Record<string, string | string[] | Buffer | undefined>;

/** A field's text as sent (an uploaded file read as UTF-8; the first of a repeated field). */
export function str(body: FormBody, key: string): string {
  const v = body[key];
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

/** A repeated field's values (checkboxes), trimmed, empty ones left out. */
export function list(body: FormBody, key: string): string[] {
  const v = body[key];
  if (v === undefined || Buffer.isBuffer(v)) return [];
  return (Array.isArray(v) ? v : [v]).map((s) => s.trim()).filter(Boolean);
}

/** The organisation owning the record a path names, for `orgAccess`. */
export function owners(db: Db) {
  return {
    sheet: ownerOf(db, 'serviceId', svc.organisationOfSheet),
    organisation: organisationOwner(db),
  };
}

/**
 * A Problem written with dictionary keys and a title of its own (not the status's usual one), so
 * that it is answered in the request's language.
 */
export function titledProblem(
  status: number,
  titleKey: string,
  detailKey: string,
  vars?: Record<string, string | number>,
  errors?: FieldError[],
  extra?: Record<string, unknown>,
): Problem {
  const p = new Problem(status, t('it', titleKey), t('it', detailKey, vars), errors, extra);
  p.keys = { title: titleKey, detail: detailKey, vars };
  return p;
}
