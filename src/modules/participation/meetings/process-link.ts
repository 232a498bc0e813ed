import type { Principal } from '../../../core/auth.js';
import { isId } from '../../../core/ids.js';
import { Problem } from '../../../core/problems.js';
import type { Db } from '../../../db/index.js';
import { answerProposal, getProposal, proposalsForStaff } from '../proposals/service.js';
import { getProcess, getPublicProcess } from '../service.js';

/**
 * What meetings and the agenda need of a process and its proposals: the process's organisation and
 * title, and a proposal's process, title and state. Kept in one place so that the rest reads the
 * processes and proposals through these few functions.
 */

export interface ProcessRef {
  id: string;
  organisationId: string;
  title: string;
  status: string;
}

export interface ProposalRef {
  id: string;
  processId: string;
  title: string;
  state: string | null;
}

export async function processRef(db: Db, id: string | undefined): Promise<ProcessRef | undefined> {
  if (!isId(id)) return undefined;
  const p = await getProcess(db, id).catch(notFoundAsUndefined);
  return p ? { id: p.id, organisationId: p.organisation, title: p.title, status: p.status } : undefined;
}

/** The proposals named, of any process: the caller checks they are of its own. Unknown ids are left out. */
export async function proposalRefs(db: Db, ids: string[]): Promise<ProposalRef[]> {
  const found = await Promise.all([...new Set(ids)].filter((id) => isId(id)).map((id) => getProposal(db, id).catch(notFoundAsUndefined)));
  return found.filter((p) => !!p).map((p) => ({ id: p.id, processId: p.process, title: p.title, state: p.state }));
}

/** The public proposals of a process (confirmed, not hidden), for staff to pick from. */
export async function proposalsOfProcess(db: Db, processId: string): Promise<ProposalRef[]> {
  const all = await proposalsForStaff(db, await getProcess(db, processId));
  return all.filter((p) => p.status === 'published').map((p) => ({ id: p.id, processId: p.process, title: p.title, state: p.state }));
}

/** A proposal moved into the agenda is accepted (through the proposals' own rules and audit). */
export async function acceptProposal(db: Db, by: Principal | null, id: string): Promise<void> {
  const p = await getProposal(db, id);
  if (p.state !== 'accepted') await answerProposal(db, by, id, { state: 'accepted' });
}

function notFoundAsUndefined(e: unknown): undefined {
  if (e instanceof Problem && e.status === 404) return undefined;
  throw e;
}

/** The public page of a process and of a proposal. */
export const processPage = (id: string) => `/partecipa/processi/${id}`;
export const proposalPage = (id: string) => `/partecipa/proposte/${id}`;

/** A process citizens may see (published or closed): drafts are a 404 like a missing one. */
export async function publicProcessRef(db: Db, id: string): Promise<ProcessRef> {
  const p = await getPublicProcess(db, id);
  return { id: p.id, organisationId: p.organisation, title: p.title, status: p.status };
}
