import { auditLog } from '../../../core/audit.js';
import type { Principal } from '../../../core/auth.js';
import { isId, newId } from '../../../core/ids.js';
import { patchOf } from '../../../core/patch.js';
import { type FieldError, fieldError, found, refuse } from '../../../core/problems.js';
import { nowIso } from '../../../core/time.js';
import { parse } from '../../../core/validation.js';
import type { Db } from '../../../db/index.js';
import type { AgendaActionTable } from '../../../db/schema.js';
import { csvDocument } from '../../events/service.js';
import { acceptProposal, type ProcessRef, processRef, proposalRefs } from '../meetings/process-link.js';
import { meetingsByIds } from '../meetings/service.js';
import { today } from '../service.js';
import * as repo from './repo.js';
import { ActionCreate, ActionPatch, type ActionStatus, UpdateCreate } from './schemas.js';

const actionLog = auditLog('participation_action');

/**
 * The agenda of a process and its tracking (Decidim's "accountability"): the final list of actions,
 * each with the proposals and meetings it came from, who is responsible, a deadline, a status and
 * its progress, and the dated updates that tell what happened. An action's proposals are accepted
 * when they move into the agenda. The public tracker shows the overall progress and each action.
 */

export interface ActionView {
  id: string;
  processId: string;
  title: string;
  description: string | null;
  owner: string;
  deadline: string | null;
  status: ActionStatus;
  progress: number;
  proposals: { id: string; title: string }[];
  meetings: { id: string; title: string }[];
  updates: { id: string; day: string; body: string; progress: number | null; status: string | null }[];
  updatedAt: string;
}

export async function organisationOfAction(db: Db, id: string | undefined): Promise<string | undefined> {
  return isId(id) ? repo.organisationOfAction(db, id) : undefined;
}

async function processOrThrow(db: Db, id: string): Promise<ProcessRef> {
  return found(await processRef(db, id), 'participation.agenda.error.process');
}

async function actionOrThrow(db: Db, id: string): Promise<AgendaActionTable> {
  return found(isId(id) ? await repo.action(db, id) : undefined, 'participation.agenda.error.notFound');
}

/**
 * The origins named, checked: every proposal and every meeting must be of the process (another
 * process's, another organisation's or an unknown one is a field error, and nothing is written).
 */
async function checkOrigins(db: Db, processId: string, proposals: string[] | undefined, meetings: string[] | undefined) {
  const errors: FieldError[] = [];
  const p = proposals ? [...new Set(proposals)] : undefined;
  const m = meetings ? [...new Set(meetings)] : undefined;
  if (p) {
    const found = await proposalRefs(db, p);
    if (found.length !== p.length || found.some((x) => x.processId !== processId))
      errors.push(fieldError('proposals', 'participation.agenda.check.proposals'));
  }
  if (m) {
    const found = await meetingsByIds(db, m);
    if (found.length !== m.length || found.some((x) => x.processId !== processId))
      errors.push(fieldError('meetings', 'participation.agenda.check.meetings'));
  }
  if (errors.length > 0) throw refuse(422, 'participation.agenda.error.fields', undefined, errors);
  return { proposals: p, meetings: m };
}

/** Adds an action to the process's agenda; its proposals are accepted. */
export async function createAction(db: Db, principal: Principal | null, processId: string, input: unknown): Promise<ActionView> {
  const process = await processOrThrow(db, processId);
  const data = parse(ActionCreate, input);
  const origins = await checkOrigins(db, process.id, data.proposals, data.meetings);
  const id = newId();
  const now = nowIso();
  await db.k.transaction().execute(async (tx) => {
    await repo.insertAction(tx, {
      id,
      organisation_id: process.organisationId,
      process_id: process.id,
      title: data.title,
      description: data.description || null,
      owner: data.owner,
      deadline: data.deadline ?? null,
      status: data.status,
      progress: data.progress,
      created_at: now,
      updated_at: now,
    });
    await repo.replaceOrigins(tx, id, 'proposal', origins.proposals ?? []);
    await repo.replaceOrigins(tx, id, 'meeting', origins.meetings ?? []);
    await actionLog(tx, 'agenda.action-created', { id, organisationId: process.organisationId }, principal, {
      process: process.id,
      proposals: origins.proposals,
      meetings: origins.meetings,
    });
  });
  for (const p of origins.proposals ?? []) await acceptProposal(db, principal, p);
  return getAction(db, id);
}

/** Changes an action: its words, owner, deadline, status, progress or origins (new proposals are accepted). */
export async function updateAction(db: Db, principal: Principal | null, actionId: string, input: unknown): Promise<ActionView> {
  const a = await actionOrThrow(db, actionId);
  const data = parse(ActionPatch, input);
  const origins = await checkOrigins(db, a.process_id, data.proposals, data.meetings);
  const set = patchOf<typeof data, AgendaActionTable>(
    data,
    {
      title: 'title',
      description: (v) => ({ description: v || null }),
      owner: 'owner',
      deadline: 'deadline',
      status: 'status',
      progress: 'progress',
    },
    { updated_at: nowIso() },
  );
  await db.k.transaction().execute(async (tx) => {
    await repo.updateAction(tx, a.id, set);
    if (origins.proposals) await repo.replaceOrigins(tx, a.id, 'proposal', origins.proposals);
    if (origins.meetings) await repo.replaceOrigins(tx, a.id, 'meeting', origins.meetings);
    await actionLog(tx, 'agenda.action-updated', { id: a.id, organisationId: a.organisation_id }, principal, { fields: Object.keys(data) });
  });
  for (const p of origins.proposals ?? []) await acceptProposal(db, principal, p);
  return getAction(db, a.id);
}

/** A dated update of an action: what happened, and the progress and status it brings, if any. */
export async function addUpdate(db: Db, principal: Principal | null, actionId: string, input: unknown): Promise<ActionView> {
  const a = await actionOrThrow(db, actionId);
  const data = parse(UpdateCreate, input);
  const now = nowIso();
  const id = newId();
  await db.k.transaction().execute(async (tx) => {
    await repo.insertUpdate(tx, {
      id,
      action_id: a.id,
      day: data.day ?? today(),
      body: data.body,
      progress: data.progress ?? null,
      status: data.status ?? null,
      created_by: principal?.userId ?? null,
      created_at: now,
    });
    const set: Partial<AgendaActionTable> = { updated_at: now };
    if (data.progress !== undefined) set.progress = data.progress;
    if (data.status !== undefined) set.status = data.status;
    await repo.updateAction(tx, a.id, set);
    await actionLog(tx, 'agenda.action-update-added', { id: a.id, organisationId: a.organisation_id }, principal, {
      update: id,
      progress: data.progress,
      status: data.status,
    });
  });
  return getAction(db, a.id);
}

export async function getAction(db: Db, actionId: string): Promise<ActionView> {
  const a = await actionOrThrow(db, actionId);
  return (await views(db, [a]))[0];
}

export async function actionsOfProcess(db: Db, processId: string): Promise<ActionView[]> {
  return views(db, await repo.actionsOfProcess(db, processId));
}

/** The agenda's overall progress: the mean of its actions' progress, leaving out discarded ones. */
export function overallProgress(actions: ActionView[]): number {
  const counted = actions.filter((a) => a.status !== 'discarded');
  if (counted.length === 0) return 0;
  return Math.round(counted.reduce((n, a) => n + a.progress, 0) / counted.length);
}

async function views(db: Db, rows: AgendaActionTable[]): Promise<ActionView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [origins, updates] = await Promise.all([repo.originsOf(db, ids), repo.updatesOf(db, ids)]);
  const [proposals, meetings] = await Promise.all([
    proposalRefs(
      db,
      origins.filter((o) => o.kind === 'proposal').map((o) => o.origin_id),
    ),
    meetingsByIds(db, [...new Set(origins.filter((o) => o.kind === 'meeting').map((o) => o.origin_id))]),
  ]);
  const proposalOf = new Map(proposals.map((p) => [p.id, { id: p.id, title: p.title }]));
  const meetingOf = new Map(meetings.map((m) => [m.id, { id: m.id, title: m.event.title }]));
  return rows.map((a) => {
    const mine = origins.filter((o) => o.action_id === a.id);
    return {
      id: a.id,
      processId: a.process_id,
      title: a.title,
      description: a.description,
      owner: a.owner,
      deadline: a.deadline,
      status: a.status,
      progress: Number(a.progress),
      proposals: mine
        .filter((o) => o.kind === 'proposal')
        .map((o) => proposalOf.get(o.origin_id))
        .filter((p) => !!p),
      meetings: mine
        .filter((o) => o.kind === 'meeting')
        .map((o) => meetingOf.get(o.origin_id))
        .filter((m) => !!m),
      updates: updates
        .filter((u) => u.action_id === a.id)
        .map((u) => ({ id: u.id, day: u.day, body: u.body, progress: u.progress === null ? null : Number(u.progress), status: u.status })),
      updatedAt: a.updated_at,
    };
  });
}

const STATUS_IT: Record<ActionStatus, string> = {
  planned: 'Da avviare',
  'in-progress': 'In corso',
  done: 'Completata',
  discarded: 'Abbandonata',
};

/** The agenda as CSV (semicolons, BOM, as Excel in Italian opens it): one row per action. */
export function agendaCsv(actions: ActionView[]): string {
  return csvDocument([
    ['Azione', 'Responsabile', 'Scadenza', 'Stato', 'Avanzamento %', 'Proposte', 'Incontri', 'Ultimo aggiornamento', 'Data aggiornamento'],
    ...actions.map((a) => [
      a.title,
      a.owner,
      a.deadline ?? '',
      STATUS_IT[a.status],
      a.progress,
      a.proposals.map((p) => p.title).join(' | '),
      a.meetings.map((m) => m.title).join(' | '),
      a.updates[0]?.body ?? '',
      a.updates[0]?.day ?? '',
    ]),
  ]);
}
