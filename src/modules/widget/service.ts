import { auditLog } from '../../core/audit.js';
import { isId, newId } from '../../core/ids.js';
import { fieldError, refuse } from '../../core/problems.js';
import { nowIso } from '../../core/time.js';
import type { Db } from '../../db/index.js';
import { AUDIENCES, CatalogueFilters, type CatalogueItem, listCatalogue } from '../events/service.js';
import { getMunicipality, getOrganisation, organisationIdIfExists } from '../organisations/service.js';
import { programmeIdIfExists } from '../programmes/service.js';
import { ORIGIN_MAX, parseOrigin } from './origins.js';
import * as repo from './repo.js';

const widgetOriginLog = auditLog('widget_origin');

export { ORIGIN_MAX } from './origins.js';

/** How many websites one organisation may list: a comune has a site or two, not dozens. */
export const ORIGINS_MAX = 20;
/** Events the widget shows; the link under them opens the whole catalogue. */
export const WIDGET_EVENTS = 20;

export interface OriginView {
  id: string;
  organisation: string;
  origin: string;
  createdAt: string;
}

function toView(row: { id: string; organisation_id: string; origin: string; created_at: string }): OriginView {
  return { id: row.id, organisation: row.organisation_id, origin: row.origin, createdAt: row.created_at };
}

/** The organisation owning an allowed origin (access rules); undefined when there is none. */
export async function organisationOfOrigin(db: Db, id: string | undefined): Promise<string | undefined> {
  return isId(id) ? repo.originOrganisation(db, id) : undefined;
}

export async function listOrigins(db: Db, organisationId: string): Promise<OriginView[]> {
  return (await repo.originRows(db, organisationId)).map(toView);
}

/** The origins that may frame the organisation's widget, for its `frame-ancestors`. */
export async function allowedOrigins(db: Db, organisationId: string): Promise<string[]> {
  return (await repo.originRows(db, organisationId)).map((r) => r.origin);
}

/**
 * Lists a website that may show the widget. Refuses (422, naming the field `origin`) anything
 * that is not an http(s) origin, one already listed, or one more than ORIGINS_MAX; writes nothing then.
 */
export async function addOrigin(db: Db, organisationId: string, input: { origin?: unknown }, userId: string | null): Promise<OriginView> {
  const parsed = parseOrigin(input?.origin);
  if ('reason' in parsed) {
    throw refuse(422, 'widget.origin.refused', undefined, [fieldError('origin', parsed.reason, { max: ORIGIN_MAX })]);
  }
  const row = { id: newId(), organisation_id: organisationId, origin: parsed.origin, created_by: userId, created_at: nowIso() };
  await db.k.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('widget_origins').select('origin').where('organisation_id', '=', organisationId).execute();
    if (existing.some((e) => e.origin === parsed.origin)) {
      throw refuse(422, 'widget.origin.refused', undefined, [fieldError('origin', 'widget.origin.duplicate')]);
    }
    if (existing.length >= ORIGINS_MAX) {
      throw refuse(422, 'widget.origin.refused', undefined, [fieldError('origin', 'widget.origin.tooMany', { max: ORIGINS_MAX })]);
    }
    await trx.insertInto('widget_origins').values(row).execute();
    await widgetOriginLog(trx, 'widget.origin.added', { id: row.id, organisationId }, userId, { origin: row.origin });
  });
  return toView(row);
}

export async function removeOrigin(db: Db, id: string, userId: string | null): Promise<void> {
  const row = await repo.originRow(db, id);
  if (!row) throw refuse(404, 'widget.origin.notFound');
  await db.k.transaction().execute(async (trx) => {
    await trx.deleteFrom('widget_origins').where('id', '=', id).execute();
    await widgetOriginLog(trx, 'widget.origin.removed', { id, organisationId: row.organisation_id }, userId, { origin: row.origin });
  });
}

// ---------- the widget ----------

export interface WidgetQuery {
  organisation?: unknown;
  programme?: unknown;
  comune?: unknown;
  audience?: unknown;
}

export interface WidgetView {
  organisation: { id: string; name: string };
  /** The filters as given, for the links to the whole catalogue. */
  query: Record<string, string>;
  items: CatalogueItem[];
  more: boolean;
  origins: string[];
}

const one = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '').trim();

/** The allowed origins of the organisation a widget's query names, or null when it names none that exists. */
export async function originsOfNamed(db: Db, organisation: unknown): Promise<string[] | null> {
  const id = await organisationIdIfExists(db, one(organisation));
  return id ? allowedOrigins(db, id) : null;
}

/**
 * The events a widget shows: the organisation's (as organiser or accepted partner), narrowed by
 * programme, comune or audience. A malformed value is a 400; an organisation, programme or comune
 * that does not exist is a 404, so a typo in a snippet shows as such rather than as "no events".
 */
export async function widgetEvents(db: Db, q: WidgetQuery): Promise<WidgetView> {
  const given = { organisation: one(q.organisation), programme: one(q.programme), municipality: one(q.comune), audience: one(q.audience) };
  if (!given.organisation) throw refuse(400, 'widget.error.filters', undefined, [fieldError('organisation', 'widget.check.organisation')]);
  const parsed = CatalogueFilters.safeParse(given);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => {
      const field = String(i.path[0]);
      return field === 'audience'
        ? fieldError('audience', 'widget.check.audience', { list: AUDIENCES.join(', ') })
        : fieldError(field === 'municipality' ? 'comune' : field, i.message);
    });
    throw refuse(400, 'widget.error.filters', undefined, errors);
  }
  const organisationId = await organisationIdIfExists(db, given.organisation);
  if (!organisationId) throw refuse(404, 'widget.error.organisation');
  if (given.programme && !(await programmeIdIfExists(db, given.programme))) throw refuse(404, 'widget.error.programme');
  if (given.municipality && !(await getMunicipality(db, given.municipality))) {
    throw refuse(400, 'widget.error.filters', undefined, [fieldError('comune', 'widget.check.comune')]);
  }
  const [organisation, page, origins] = await Promise.all([
    getOrganisation(db, organisationId),
    listCatalogue(db, parsed.data, { limit: WIDGET_EVENTS }),
    allowedOrigins(db, organisationId),
  ]);
  const query: Record<string, string> = {};
  for (const [k, v] of Object.entries({
    organisation: given.organisation,
    programme: given.programme,
    municipality: given.municipality,
    audience: given.audience,
  })) {
    if (v) query[k] = v;
  }
  return { organisation: { id: organisation.id, name: organisation.name }, query, items: page.items, more: page.next !== null, origins };
}
