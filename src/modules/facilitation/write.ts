import type { Principal } from '../../core/auth.js';
import type { Deps } from '../../core/deps.js';
import { newId } from '../../core/ids.js';
import { type FieldError, Problem, refuse } from '../../core/problems.js';
import { nowIso } from '../../core/time.js';
import { parse } from '../../core/validation.js';
import type { AgeBand, Gender } from './codes.js';
import { dataKeys } from './crypto.js';
import { type CitizenPlan, newPrepareCache, type Prepared, type PrepareInput, prepare } from './prepare.js';
import * as repo from './repo.js';
import { formatDuration, GroupCreate, type GroupCreateInput, RecordCreate, type RecordCreateData } from './schemas.js';

/* Writing records: one, a group, or what the import prepared. */

// ---------- writing ----------

/** Finds or creates the citizen of a plan, re-hashing (and re-encrypting) a row written under an older key. */
export async function resolveCitizen(
  deps: Deps,
  trx: repo.Q,
  organisationId: string,
  plan: CitizenPlan,
  profile: Partial<repo.CitizenRow>,
  names: [string, string] | null = null,
): Promise<{ id: string | null; created: boolean; hasFiscalCode: boolean }> {
  if (plan.kind === 'none') return { id: null, created: false, hasFiscalCode: false };
  const keys = dataKeys(deps.config);
  // The upload's identity in one ciphertext, [first name, surname, codice fiscale]: the national
  // export decrypts once per citizen instead of twice. cf_enc stays the one the rest of Ponte reads.
  if (names) profile = { ...profile, names_enc: keys.encrypt(JSON.stringify([...names, plan.kind === 'cf' ? plan.code : ''])) };
  if (plan.kind === 'keep') {
    await repo.lockCitizen(trx, deps.db.dialect, plan.citizenId);
    await repo.updateCitizen(trx, plan.citizenId, profile);
    return { id: plan.citizenId, created: false, hasFiscalCode: plan.hasFiscalCode };
  }
  const hashes = keys.hashes(plan.value);
  let citizen = await repo.findCitizen(
    trx,
    organisationId,
    hashes.map((h) => h.hash),
  );
  let created = false;
  if (!citizen) {
    const at = nowIso();
    ({ citizen, created } = await repo.ensureCitizen(trx, {
      id: newId(),
      organisation_id: organisationId,
      key_hash: hashes[0].hash,
      key_id: keys.currentId,
      kind: plan.kind,
      cf_enc: plan.kind === 'cf' ? keys.encrypt(plan.code) : null,
      names_enc: null,
      gender: null,
      education: null,
      employment: null,
      citizenship: null,
      province: null,
      created_at: at,
      updated_at: at,
    }));
  }
  await repo.lockCitizen(trx, deps.db.dialect, citizen.id);
  const set: Partial<repo.CitizenRow> = { ...profile };
  if (citizen.key_id !== keys.currentId) {
    set.key_hash = hashes[0].hash;
    set.key_id = keys.currentId;
  }
  if (plan.kind === 'cf' && !citizen.cf_enc?.startsWith(`v1:${keys.currentId}:`)) set.cf_enc = keys.encrypt(plan.code);
  await repo.updateCitizen(trx, citizen.id, set);
  return { id: citizen.id, created, hasFiscalCode: plan.kind === 'cf' };
}

export const profileOf = (f: Prepared['fields']): Partial<repo.CitizenRow> => {
  const p: Partial<repo.CitizenRow> = {};
  if (f.gender) p.gender = f.gender;
  if (f.education) p.education = f.education;
  if (f.employment) p.employment = f.employment;
  if (f.citizenship) p.citizenship = f.citizenship;
  if (f.province) p.province = f.province;
  return p;
};

/**
 * Moves the unique-citizen count of (programme, citizen) from the record that was first before a
 * change to the one that is first after it. Call `before` ahead of the write and `after` behind it,
 * inside the transaction, with the citizen's row locked.
 */
export async function firstBefore(
  trx: repo.Q,
  programmeId: string,
  citizenId: string,
  changed?: repo.RecordRow,
): Promise<repo.RecordRow | undefined> {
  const cp = await repo.firstSeen(trx, programmeId, citizenId);
  if (!cp) return undefined;
  if (changed && cp.first_record_id === changed.id) return changed;
  return repo.recordById(trx, cp.first_record_id);
}

export async function moveFirst(
  trx: repo.Q,
  programmeId: string,
  citizenId: string,
  before: repo.RecordRow | undefined,
): Promise<repo.Delta[]> {
  const after = await repo.firstRecordOf(trx, programmeId, citizenId);
  await repo.setFirstSeen(trx, programmeId, citizenId, after);
  return [...(before ? repo.deltasOf(before, -1, 'citizen') : []), ...(after ? repo.deltasOf(after, 1, 'citizen') : [])];
}

interface WriteOptions {
  source: string;
  groupId?: string | null;
  createdBy: string | null;
}

/** Writes one prepared record with its citizen, first-seen row, roll-ups and audit entry. */
async function writeNew(deps: Deps, trx: repo.Q, p: Prepared, opts: WriteOptions): Promise<{ id: string; citizenNew: boolean }> {
  const citizen = await resolveCitizen(deps, trx, p.programme.organisation.id, p.plan, profileOf(p.fields), p.names);
  if (citizen.id && p.programme.nationalReporting) await refuseDuplicate(trx, p.fields, citizen.id, null);
  const before = citizen.id ? await firstBefore(trx, p.programme.id, citizen.id) : undefined;
  const at = nowIso();
  const answered = Object.values(p.survey).some((v) => v !== null && v !== undefined);
  const row: repo.RecordRow = {
    ...p.fields,
    es1: p.survey.es1 ?? null,
    es2: p.survey.es2 ?? null,
    es3: p.survey.es3 ?? null,
    es4: p.survey.es4 ?? null,
    es5: p.survey.es5 ?? null,
    es6: p.survey.es6 ?? null,
    id: newId(),
    citizen_id: citizen.id,
    has_fiscal_code: citizen.hasFiscalCode ? 1 : 0,
    service_group_id: opts.groupId ?? null,
    survey_status: answered ? 'answered' : 'not_sent',
    survey_token_hash: null,
    survey_sent_at: null,
    survey_answered_at: answered ? at : null,
    source: opts.source,
    created_by: opts.createdBy,
    created_at: at,
    updated_at: at,
  };
  await repo.insertRecord(trx, row);
  const deltas = repo.deltasOf(row, 1, 'service');
  if (citizen.id) deltas.push(...(await moveFirst(trx, p.programme.id, citizen.id, before)));
  await repo.applyDeltas(trx, deltas);
  await repo.audit(trx, {
    userId: opts.createdBy,
    organisationId: p.programme.organisation.id,
    action: 'facilitation.create',
    entityId: row.id,
    details: { ...auditable(row), source: opts.source },
  });
  // A citizen nobody can recognise (no codice fiscale, no identifier) is new every time.
  return { id: row.id, citizenNew: citizen.id ? citizen.created : true };
}

/**
 * The national platform discards a second service to the same citizen with the same date,
 * duration, kinds, competences, services and details (SE1, SE2, SE3, SE5, SE6, SE7): refused here
 * too, so the programme's figures and the upload agree.
 */
export async function refuseDuplicate(trx: repo.Q, f: Prepared['fields'], citizenId: string, self: string | null): Promise<void> {
  const twin = await repo.sameService(trx, { ...f, citizen_id: citizenId }, self);
  if (twin) {
    throw refuse(409, 'fac.err.duplicate');
  }
}

/**
 * For a check before writing (an import's dry run): why a prepared record would be refused as a
 * duplicate, of a record already written or of one earlier in the same batch (`seen`), or null.
 */
export async function duplicateOf(deps: Deps, p: Prepared, seen: Set<string>): Promise<string | null> {
  if (!p.programme.nationalReporting || p.plan.kind !== 'cf') return null;
  const f = p.fields;
  const key = [f.programme_id, p.plan.value, f.service_date, f.duration_minutes, f.kinds, f.competences, f.services, f.details ?? ''].join(
    '|',
  );
  if (seen.has(key)) return 'ripete un’altra riga del file: stesso cittadino, data, durata, tipologia, competenze, servizi e dettagli';
  seen.add(key);
  const hashes = dataKeys(deps.config)
    .hashes(p.plan.value)
    .map((h) => h.hash);
  const citizen = await repo.findCitizen(deps.db.k, f.organisation_id, hashes);
  if (citizen && (await repo.sameService(deps.db.k, { ...f, citizen_id: citizen.id }, null))) {
    return 'servizio già registrato per lo stesso cittadino, con la stessa data, durata, tipologia, competenze, servizi e dettagli';
  }
  return null;
}

/** A record's fields as the audit trail keeps them: everything but the citizen's identity. */
export function auditable(r: repo.RecordRow): Record<string, unknown> {
  return {
    programme: r.programme_id,
    venue: r.venue_id,
    facilitator: r.facilitator_id,
    date: r.service_date,
    duration: formatDuration(Number(r.duration_minutes)),
    kinds: r.kinds,
    competences: r.competences,
    services: r.services,
    details: r.details,
    ageBand: r.age_band,
    gender: r.gender,
    education: r.education,
    employment: r.employment,
    citizenship: r.citizenship,
    province: r.province,
    consent: r.consent_channel ? `${r.consent_channel} ${r.consent_date}` : null,
  };
}

function toPrepareInput(data: RecordCreateData): PrepareInput {
  return { ...data, citizen: data.citizen };
}

export interface Created {
  id: string;
  citizen: { new: boolean; ageBand: AgeBand | null; gender: Gender | null };
}

/**
 * Records one service to one citizen. `principal` null is the system (demo data); otherwise the
 * caller must be a facilitator or staff of the programme's organisation.
 */
export async function createRecord(deps: Deps, principal: Principal | null, input: unknown, source = 'api'): Promise<Created> {
  const data = parse(RecordCreate, input);
  const p = await prepare(deps, principal, toPrepareInput(data), newPrepareCache());
  const res = await deps.db.k.transaction().execute((trx) => writeNew(deps, trx, p, { source, createdBy: principal?.userId ?? null }));
  return { id: res.id, citizen: { new: res.citizenNew, ageBand: p.ageBand, gender: p.gender } };
}

export interface GroupResult {
  groupId: string;
  ids: string[];
}

/**
 * Group training for several attendees in one action (e.g. from an event's attendance): one record
 * each, sharing the session's fields and a group id, all or nothing. Attendees may come with little
 * more than an age band; missing profile fields stay empty and the national export's pre-check
 * lists those records, so staff can complete them.
 */
export async function createGroupRecords(
  deps: Deps,
  principal: Principal | null,
  input: GroupCreateInput | unknown,
  opts: { groupId?: string } = {},
): Promise<GroupResult> {
  const data = parse(GroupCreate, input);
  const cache = newPrepareCache();
  const prepared: Prepared[] = [];
  const errors: FieldError[] = [];
  for (const [i, a] of data.attendees.entries()) {
    try {
      prepared.push(
        await prepare(
          deps,
          principal,
          {
            ...data,
            kinds: data.kinds,
            citizen: { ...a },
            profileOptional: true,
          },
          cache,
        ),
      );
    } catch (err) {
      if (!(err instanceof Problem) || err.status !== 422) throw err;
      for (const e of err.errors ?? []) {
        errors.push({ ...e, field: e.field.startsWith('citizen.') ? `attendees.${i}.${e.field.slice(8)}` : e.field });
      }
    }
  }
  if (errors.length > 0) {
    const unique = [...new Map(errors.map((e) => [`${e.field}|${e.message}`, e])).values()];
    throw refuse(422, 'fac.err.group.invalid', undefined, unique);
  }
  const groupId = opts.groupId ?? newId();
  const ids = await deps.db.k.transaction().execute(async (trx) => {
    // A group given its own id (an event's session) is recorded once.
    if (opts.groupId) {
      const done = await trx.selectFrom('facilitation_records').select('id').where('service_group_id', '=', groupId).executeTakeFirst();
      if (done) throw refuse(409, 'fac.err.group.done');
    }
    const out: string[] = [];
    for (const p of prepared)
      out.push((await writeNew(deps, trx, p, { source: 'group', groupId, createdBy: principal?.userId ?? null })).id);
    return out;
  });
  return { groupId, ids };
}

/** Writes many prepared records in one transaction (the import): all or nothing. */
export async function writePrepared(deps: Deps, principal: Principal | null, prepared: Prepared[], source: string): Promise<string[]> {
  const ids = await deps.db.k.transaction().execute(async (trx) => {
    const out: string[] = [];
    for (const p of prepared) out.push((await writeNew(deps, trx, p, { source, createdBy: principal?.userId ?? null })).id);
    return out;
  });
  return ids;
}

export { type Prepared, prepare as prepareRecord };
