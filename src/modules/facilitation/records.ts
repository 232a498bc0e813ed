import { hasRole, organisationsWith } from '../../core/access.js';
import type { Principal } from '../../core/auth.js';
import type { Deps } from '../../core/deps.js';
import { isId } from '../../core/ids.js';
import { refuse } from '../../core/problems.js';
import { ORG_FACILITATORS, ORG_STAFF } from '../../core/roles.js';
import { nowIso } from '../../core/time.js';
import { parse } from '../../core/validation.js';
import type { Db } from '../../db/index.js';
import { venuesByIds } from '../organisations/service.js';
import { type AgeBand, GENDER_FROM_CODE, splitCodes } from './codes.js';
import { dataKeys } from './crypto.js';
import { normaliseFiscalCode } from './fiscal-code.js';
import { newPrepareCache, type PrepareInput, prepare } from './prepare.js';
import { editableUntil, present, type RecordView } from './record-view.js';
import * as repo from './repo.js';
import { RecordPatch } from './schemas.js';
import { isStaff, settingsFor } from './settings.js';
import { auditable, firstBefore, moveFirst, profileOf, refuseDuplicate, resolveCitizen } from './write.js';

/* Reading, correcting, deleting and listing records. */

// ---------- reading one, access to one ----------

export async function loadRecord(deps: Deps, id: string): Promise<repo.RecordRow> {
  if (!isId(id)) throw refuse(404, 'fac.err.record.notFound');
  const row = await repo.recordById(deps.db.k, id);
  if (!row) throw refuse(404, 'fac.err.record.notFound');
  return row;
}

/** The organisation owning a record, for `orgAccess`. */
export async function organisationOfRecord(db: Db, id: string | undefined): Promise<string | undefined> {
  if (!isId(id)) return undefined;
  return (await repo.recordById(db.k, id))?.organisation_id;
}

/** Whether the principal may see the record: staff of its organisation, or the facilitator who wrote it. */
export function canSee(principal: Principal | null, row: repo.RecordRow): boolean {
  return isStaff(principal, row.organisation_id) || (principal !== null && row.facilitator_id === principal.userId);
}

/** May edit, as staff or as the record's author; or may not, with the dictionary key (and variables) of why. */
export type EditRight = { ok: true; as: 'staff' | 'owner' } | { ok: false; key: string; vars?: Record<string, number> };

/** Facilitators correct their own records within the window; after it only programme staff can. */
export function editRight(principal: Principal | null, row: repo.RecordRow, days: number): EditRight {
  if (isStaff(principal, row.organisation_id)) return { ok: true, as: 'staff' };
  if (principal && row.facilitator_id === principal.userId && hasRole(principal, row.organisation_id, ORG_FACILITATORS)) {
    if (nowIso() <= editableUntil(row, days)) return { ok: true, as: 'owner' };
    return { ok: false, key: 'fac.err.record.windowClosed', vars: { days } };
  }
  return { ok: false, key: 'fac.err.record.notYours' };
}

export async function getRecord(deps: Deps, principal: Principal | null, id: string): Promise<RecordView> {
  const row = await loadRecord(deps, id);
  if (!canSee(principal, row)) throw refuse(404, 'fac.err.record.notFound');
  const settings = await settingsFor(deps, row.programme_id);
  return present(row, settings.editWindowDays, row.has_fiscal_code === 1);
}

/** The record as the form edits it (the codice fiscale decrypted for the person allowed to edit it). */
export async function recordForEdit(
  deps: Deps,
  principal: Principal,
  id: string,
): Promise<{ view: RecordView; fiscalCode: string | null; right: EditRight }> {
  const row = await loadRecord(deps, id);
  if (!canSee(principal, row)) throw refuse(404, 'fac.err.record.notFound');
  const settings = await settingsFor(deps, row.programme_id);
  const right = editRight(principal, row, settings.editWindowDays);
  const citizen = row.citizen_id ? await repo.citizenById(deps.db.k, row.citizen_id) : undefined;
  const fiscalCode = right.ok && citizen?.cf_enc ? dataKeys(deps.config).decrypt(citizen.cf_enc) : null;
  // Staff reading a codice fiscale someone else typed is access to personal data: it is logged.
  if (fiscalCode && principal.userId !== row.facilitator_id) {
    await repo.audit(deps.db.k, {
      userId: principal.userId,
      organisationId: row.organisation_id,
      action: 'facilitation.fiscal-code.view',
      entityId: row.id,
    });
  }
  return { view: present(row, settings.editWindowDays, row.has_fiscal_code === 1), fiscalCode, right };
}

// ---------- correcting and deleting ----------

export async function updateRecord(deps: Deps, principal: Principal | null, id: string, input: unknown): Promise<RecordView> {
  const patch = parse(RecordPatch, input);
  const current = await loadRecord(deps, id);
  if (!canSee(principal, current)) throw refuse(404, 'fac.err.record.notFound');
  const settings = await settingsFor(deps, current.programme_id);
  const right = editRight(principal, current, settings.editWindowDays);
  if (!right.ok) throw refuse(403, right.key, right.vars);

  const citizenRow = current.citizen_id ? await repo.citizenById(deps.db.k, current.citizen_id) : undefined;
  const pc = patch.citizen ?? {};
  const keptCf = citizenRow?.cf_enc ? dataKeys(deps.config).decrypt(citizenRow.cf_enc) : undefined;
  // The edit form sends back the code it showed: the same code is no change of citizen.
  const identityChanged = (pc.fiscalCode !== undefined && normaliseFiscalCode(pc.fiscalCode) !== keptCf) || pc.identifier !== undefined;
  const citizen: PrepareInput['citizen'] = {
    education: current.education ?? undefined,
    employment: current.employment ?? undefined,
    citizenship: current.citizenship ?? undefined,
    province: current.province ?? undefined,
    consent:
      current.consent_channel && current.consent_date
        ? { channel: current.consent_channel as never, date: current.consent_date }
        : undefined,
    gender: current.gender && !keptCf ? GENDER_FROM_CODE[current.gender] : undefined,
    ageBand: current.age_band && !keptCf ? (current.age_band as AgeBand) : undefined,
    firstTime: current.first_time === null ? undefined : current.first_time === 'SI',
    previousKinds: current.previous_kinds ? splitCodes(current.previous_kinds) : undefined,
    ...(identityChanged
      ? {}
      : keptCf
        ? { fiscalCode: keptCf }
        : citizenRow
          ? { keep: { id: citizenRow.id, hasFiscalCode: citizenRow.kind === 'cf' } }
          : {}),
    ...Object.fromEntries(Object.entries(pc).filter(([, v]) => v !== undefined)),
  };
  const p = await prepare(
    deps,
    principal,
    {
      programme: current.programme_id,
      venue: patch.venue ?? current.venue_id,
      keptVenue: current.venue_id,
      date: patch.date ?? current.service_date,
      duration: patch.duration ?? Number(current.duration_minutes),
      kinds: patch.kinds ?? splitCodes(current.kinds),
      competences: patch.competences ?? splitCodes(current.competences).map(Number),
      services: patch.services ?? splitCodes(current.services),
      details: patch.details !== undefined ? patch.details : current.details,
      facilitator: patch.facilitator ?? current.facilitator_id,
      citizen,
      // A group record keeps what it lacked until someone completes it.
      profileOptional: current.source === 'group' && !identityChanged,
      namesKnown: !identityChanged && !!citizenRow?.names_enc,
    },
    newPrepareCache(),
  );
  if (right.as === 'owner' && p.facilitatorId !== current.facilitator_id) {
    throw refuse(403, 'fac.err.facilitator.staffOnly');
  }

  await deps.db.k.transaction().execute(async (trx) => {
    const fresh = await repo.recordById(trx, id);
    if (!fresh) throw refuse(404, 'fac.err.record.notFound');
    const citizen = await resolveCitizen(deps, trx, fresh.organisation_id, p.plan, profileOf(p.fields), p.names);
    if (citizen.id && p.programme.nationalReporting) await refuseDuplicate(trx, p.fields, citizen.id, id);
    const affected = [...new Set([fresh.citizen_id, citizen.id].filter((c): c is string => !!c))].sort();
    for (const c of affected) await repo.lockCitizen(trx, deps.db.dialect, c);
    const before = new Map<string, repo.RecordRow | undefined>();
    for (const c of affected) before.set(c, await firstBefore(trx, fresh.programme_id, c, fresh));
    const set: Partial<repo.RecordRow> = {
      ...p.fields,
      citizen_id: citizen.id,
      has_fiscal_code: citizen.hasFiscalCode ? 1 : 0,
      updated_at: nowIso(),
    };
    await repo.updateRecordRow(trx, id, set);
    const updated = { ...fresh, ...set } as repo.RecordRow;
    const deltas = [...repo.deltasOf(fresh, -1, 'service'), ...repo.deltasOf(updated, 1, 'service')];
    for (const c of affected) deltas.push(...(await moveFirst(trx, fresh.programme_id, c, before.get(c))));
    await repo.applyDeltas(trx, deltas);
    const was = auditable(fresh);
    const is = auditable(updated);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const k of Object.keys(is)) if (JSON.stringify(was[k]) !== JSON.stringify(is[k])) changes[k] = { from: was[k], to: is[k] };
    if (fresh.citizen_id !== citizen.id) changes.citizen = { from: 'previous citizen', to: 'another citizen' };
    await repo.audit(trx, {
      userId: principal?.userId ?? null,
      organisationId: fresh.organisation_id,
      action: 'facilitation.update',
      entityId: id,
      details: { as: right.as, changes },
    });
  });
  return getRecord(deps, principal, id);
}

export async function deleteRecord(deps: Deps, principal: Principal | null, id: string): Promise<void> {
  const current = await loadRecord(deps, id);
  if (!canSee(principal, current)) throw refuse(404, 'fac.err.record.notFound');
  const settings = await settingsFor(deps, current.programme_id);
  const right = editRight(principal, current, settings.editWindowDays);
  if (!right.ok) throw refuse(403, right.key, right.vars);
  await deps.db.k.transaction().execute(async (trx) => {
    const fresh = await repo.recordById(trx, id);
    if (!fresh) throw refuse(404, 'fac.err.record.notFound');
    let before: repo.RecordRow | undefined;
    if (fresh.citizen_id) {
      await repo.lockCitizen(trx, deps.db.dialect, fresh.citizen_id);
      before = await firstBefore(trx, fresh.programme_id, fresh.citizen_id, fresh);
    }
    await repo.deleteRecordRow(trx, id);
    const deltas = repo.deltasOf(fresh, -1, 'service');
    if (fresh.citizen_id) deltas.push(...(await moveFirst(trx, fresh.programme_id, fresh.citizen_id, before)));
    await repo.applyDeltas(trx, deltas);
    await repo.audit(trx, {
      userId: principal?.userId ?? null,
      organisationId: fresh.organisation_id,
      action: 'facilitation.delete',
      entityId: id,
      details: { as: right.as, record: auditable(fresh) },
    });
  });
}

// ---------- listing ----------

export interface ListResult {
  items: RecordView[];
  next: string | null;
}

/**
 * Records the caller may see, newest service first: staff see their organisations' records,
 * facilitators and volunteers their own. Platform administrators see every record.
 */
export async function listRecords(
  deps: Deps,
  principal: Principal,
  q: {
    programme?: string;
    from?: string;
    to?: string;
    venue?: string;
    facilitator?: string;
    mine?: boolean;
    limit: number;
    after?: string;
  },
): Promise<ListResult> {
  const staffOrgs = organisationsWith(principal, ORG_STAFF);
  const ownOrgs = organisationsWith(principal, ['facilitator', 'volunteer']) ?? [];
  let before: { date: string; id: string } | undefined;
  if (q.after) {
    const [date, id] = Buffer.from(q.after, 'base64url').toString('utf8').split('|');
    if (date && isId(id)) before = { date, id };
  }
  const filter = {
    programme: q.programme && isId(q.programme) ? q.programme : q.programme ? '-' : undefined,
    venue: q.venue,
    from: q.from,
    to: q.to,
    before,
    limit: q.limit + 1,
  };
  let rows: repo.RecordRow[];
  if (q.mine || (staffOrgs !== null && staffOrgs.length === 0)) {
    rows = await repo.listRecords(deps.db.k, {
      ...filter,
      organisations: q.mine ? (staffOrgs === null ? null : [...new Set([...staffOrgs, ...ownOrgs])]) : ownOrgs,
      facilitator: principal.userId,
    });
  } else {
    // Staff of some organisations: all their records, plus their own elsewhere.
    const [staffRows, ownRows] = await Promise.all([
      repo.listRecords(deps.db.k, { ...filter, organisations: staffOrgs, facilitator: q.facilitator }),
      staffOrgs === null || ownOrgs.length === 0 || (q.facilitator && q.facilitator !== principal.userId)
        ? Promise.resolve([] as repo.RecordRow[])
        : repo.listRecords(deps.db.k, {
            ...filter,
            organisations: ownOrgs.filter((o) => !staffOrgs.includes(o)),
            facilitator: principal.userId,
          }),
    ]);
    rows = [...new Map([...staffRows, ...ownRows].map((r) => [r.id, r])).values()]
      .sort((a, b) => (a.service_date === b.service_date ? (a.id < b.id ? 1 : -1) : a.service_date < b.service_date ? 1 : -1))
      .slice(0, q.limit + 1);
  }
  const more = rows.length > q.limit;
  const page = rows.slice(0, q.limit);
  const programmeIds = [...new Set(page.map((r) => r.programme_id))];
  const days = new Map<string, number>();
  for (const id of programmeIds) days.set(id, (await settingsFor(deps, id)).editWindowDays);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => present(r, days.get(r.programme_id) ?? deps.config.facilitationEditDays, r.has_fiscal_code === 1)),
    next: more && last ? Buffer.from(`${last.service_date}|${last.id}`).toString('base64url') : null,
  };
}

/** Venue names by id, for lists. */
export async function venueNames(deps: Deps, ids: string[]): Promise<Map<string, string>> {
  const venues = await venuesByIds(deps.db, ids);
  return new Map([...venues.values()].map((v) => [v.id, v.name]));
}

export async function auditImport(
  deps: Deps,
  principal: Principal | null,
  organisationId: string,
  programmeId: string,
  count: number,
): Promise<void> {
  await repo.audit(deps.db.k, {
    userId: principal?.userId ?? null,
    organisationId,
    action: 'facilitation.import',
    entity: 'programme',
    entityId: programmeId,
    details: { records: count },
  });
}
