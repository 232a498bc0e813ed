import { createHash } from 'node:crypto';
import { newId } from '../src/core/ids.js';
import type { Db } from '../src/db/index.js';
import type { ParticipationCommentTable, ParticipationProposalTable, ParticipationSupportTable } from '../src/db/schema.js';
import { commentRowOf, proposalRowOf } from '../src/modules/participation/proposals/repo.js';
import { getProcess } from '../src/modules/participation/service.js';

/**
 * A large participatory process for the proposal list: `count` confirmed proposals spread over the
 * process's comuni and categories, each with a few supports (rows and the counter that keeps them)
 * and comments, written in batches. Answers the process id and the busiest comune.
 */
export async function manyProposals(db: Db, processId: string, count = 10_000): Promise<{ processId: string; municipality: string }> {
  const process = await getProcess(db, processId);
  const comuni = process.municipalities;
  const categories = process.categories;
  const day = Date.parse('2027-01-01T09:00:00Z');
  const batch = 500;
  for (let start = 0; start < count; start += batch) {
    const proposals: ParticipationProposalTable[] = [];
    const supports: ParticipationSupportTable[] = [];
    const comments: ParticipationCommentTable[] = [];
    for (let i = start; i < Math.min(count, start + batch); i++) {
      const id = newId();
      const at = new Date(day + i * 60_000).toISOString();
      // A long tail: most proposals have a few supports, some many.
      const n = (i * 7919) % 97 === 0 ? 40 + (i % 60) : i % 6;
      proposals.push(
        proposalRowOf(
          {
            id,
            process_id: processId,
            title: `Proposta numero ${i + 1} per i servizi digitali`,
            body: `Testo della proposta ${i + 1}.\nUna seconda riga con qualche dettaglio in più.`,
            municipality_code: comuni[i % comuni.length],
            category: categories[i % categories.length],
            author_name: i % 3 === 0 ? `Persona ${i}` : null,
            confirmed_at: at,
            state: i % 10 === 0 ? 'evaluating' : null,
            hidden_at: i % 200 === 0 ? at : null,
            hidden_reason: i % 200 === 0 ? 'Fuori tema' : null,
            supports: n,
            comments: i % 4,
          },
          at,
        ),
      );
      for (let s = 0; s < n; s++) {
        supports.push({
          id: newId(),
          proposal_id: id,
          contact_hash: createHash('sha256').update(`${i}:${s}`).digest('base64url'),
          created_at: at,
        });
      }
      for (let c = 0; c < i % 4; c++)
        comments.push(commentRowOf({ proposal_id: id, body: 'Sono d’accordo, serve davvero.', confirmed_at: at }, at));
    }
    await db.k.transaction().execute(async (trx) => {
      await trx.insertInto('participation_proposals').values(proposals).execute();
      for (let k = 0; k < supports.length; k += 1000)
        await trx
          .insertInto('participation_supports')
          .values(supports.slice(k, k + 1000))
          .execute();
      if (comments.length > 0) await trx.insertInto('participation_comments').values(comments).execute();
    });
  }
  return { processId, municipality: comuni[0] };
}
