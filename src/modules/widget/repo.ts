import { listRows } from '../../core/list-rows.js';
import type { Db } from '../../db/index.js';
import type { WidgetOriginTable } from '../../db/schema.js';

/** The widget's SQL: the origins each organisation allows to frame its widget. */

export function originRows(db: Db, organisationId: string): Promise<WidgetOriginTable[]> {
  return listRows(db, 'widget_origins', 'organisation_id', organisationId, 'origin');
}

export async function originOrganisation(db: Db, id: string): Promise<string | undefined> {
  const row = await db.k.selectFrom('widget_origins').select('organisation_id').where('id', '=', id).executeTakeFirst();
  return row?.organisation_id;
}

export function originRow(db: Db, id: string): Promise<WidgetOriginTable | undefined> {
  return db.k.selectFrom('widget_origins').selectAll().where('id', '=', id).executeTakeFirst();
}
