import { newId } from '../../../core/ids.js';
import { fieldError, refuse } from '../../../core/problems.js';
import { nowIso } from '../../../core/time.js';
import { parse } from '../../../core/validation.js';
import type { Db } from '../../../db/index.js';
import type { DeskExceptionTable, DeskOperatorTable } from '../../../db/schema.js';
import { organisationIfMember } from '../../accounts/service.js';
import type { ExceptionView, OperatorView } from '../model.js';
import * as repo from '../repo.js';
import { ExceptionCreate, type ExceptionCreateInput, OperatorCreate, type OperatorCreateInput } from '../schemas.js';

/** A desk's exceptions (closures, extra openings, blocked periods) and its operators' shifts. */

export const exceptionView = (e: DeskExceptionTable): ExceptionView => ({
  id: e.id,
  kind: e.kind,
  from: e.from_date,
  to: e.to_date,
  start: e.start_time,
  end: e.end_time,
  operators: e.operators === null ? null : Number(e.operators),
  note: e.note,
});

export const operatorView = (o: DeskOperatorTable): OperatorView => ({
  id: o.id,
  name: o.name,
  userId: o.user_id,
  weekday: o.weekday === null ? null : Number(o.weekday),
  date: o.on_date,
  start: o.start_time,
  end: o.end_time,
  absent: Number(o.absent) === 1,
});

/** Exceptions of a desk; with `from`, only those not over before that date. */
export async function listExceptions(db: Db, deskId: string, from?: string): Promise<ExceptionView[]> {
  return (await repo.exceptionsOf(db.k, deskId, from)).map(exceptionView);
}

export async function addException(db: Db, deskId: string, input: ExceptionCreateInput | unknown): Promise<ExceptionView> {
  const data = parse(ExceptionCreate, input);
  if (!(await repo.deskRow(db.k, deskId))) throw refuse(404, 'desks.error.deskNotFound');
  const row: DeskExceptionTable = {
    id: newId(),
    desk_id: deskId,
    kind: data.kind,
    from_date: data.from,
    to_date: data.to ?? data.from,
    start_time: data.kind === 'closed' ? null : (data.start ?? null),
    end_time: data.kind === 'closed' ? null : (data.end ?? null),
    operators: data.kind === 'open' ? (data.operators ?? 1) : null,
    note: data.note || null,
    created_at: nowIso(),
  };
  await repo.insertException(db.k, row);
  return exceptionView(row);
}

export async function removeException(db: Db, exceptionId: string): Promise<{ deskId: string }> {
  const row = await repo.exceptionRow(db.k, exceptionId);
  if (!row || (await repo.deleteException(db.k, exceptionId)) === 0) throw refuse(404, 'desks.error.exceptionNotFound');
  return { deskId: row.desk_id };
}

export async function listOperators(db: Db, deskId: string): Promise<OperatorView[]> {
  return (await repo.operatorsOf(db.k, deskId)).map(operatorView);
}

export async function addOperator(db: Db, deskId: string, input: OperatorCreateInput | unknown): Promise<OperatorView> {
  const data = parse(OperatorCreate, input);
  const desk = await repo.deskRow(db.k, deskId);
  if (!desk) throw refuse(404, 'desks.error.deskNotFound');
  if (data.userId) {
    const member = await organisationIfMember(db, desk.organisation_id, data.userId);
    if (!member) {
      throw refuse(422, 'desks.error.notMember', undefined, [fieldError('userId', 'desks.error.notMember.field')]);
    }
  }
  const row: DeskOperatorTable = {
    id: newId(),
    desk_id: deskId,
    name: data.name,
    user_id: data.userId ?? null,
    weekday: data.weekday ?? null,
    on_date: data.date ?? null,
    start_time: data.absent ? '00:00' : data.start!,
    end_time: data.absent ? '00:00' : data.end!,
    absent: data.absent ? 1 : 0,
    created_at: nowIso(),
  };
  await repo.insertOperator(db.k, row);
  return operatorView(row);
}

export async function removeOperator(db: Db, operatorId: string): Promise<{ deskId: string }> {
  const row = await repo.operatorRow(db.k, operatorId);
  if (!row || (await repo.deleteOperator(db.k, operatorId)) === 0) throw refuse(404, 'desks.error.operatorNotFound');
  return { deskId: row.desk_id };
}
