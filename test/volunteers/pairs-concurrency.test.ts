import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.js';
import { freePort, ponteEnv, startPonte, stopPonte } from '../ops/processes.js';
import { type VolunteerWorld, volunteerWorld } from './world.js';

/**
 * A shift never takes more volunteers than it needs, pairs included: 20 experienced volunteers
 * each sign up at once with a trainee of their own for a shift of 5. Exactly 2 pairs are signed up
 * (4 places; a fifth would split a pair), the other 18 hear 422 and have nothing written, and every
 * trainee on the shift is there with the volunteer who brought them; on SQLite and on PostgreSQL,
 * through one process in parallel and over real HTTP, and (PostgreSQL) through two server processes.
 */

type Volunteer = Awaited<ReturnType<VolunteerWorld['volunteer']>> & { id: string };

async function twentyPairs(w: VolunteerWorld, tag: string): Promise<[Volunteer, Volunteer][]> {
  const made = async (email: string, trainee: boolean): Promise<Volunteer> => {
    const v = await w.volunteer(email, ['smartphone']);
    const { id } = await w.t.db.k.selectFrom('volunteers').select('id').where('user_id', '=', v.userId).executeTakeFirstOrThrow();
    if (trainee) {
      const res = await w.staff('POST', `/api/v1/volunteers/${id}/trainee`, { trainee: true });
      if (res.statusCode !== 200) throw new Error(res.body);
    }
    return { ...v, id };
  };
  const pairs: [Volunteer, Volunteer][] = [];
  for (let batch = 0; batch < 4; batch++) {
    const five = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        Promise.all([made(`lead${tag}${batch * 5 + i}@example.org`, false), made(`trainee${tag}${batch * 5 + i}@example.org`, true)]),
      ),
    );
    pairs.push(...five);
  }
  return pairs;
}

async function expectTwoPairs(w: VolunteerWorld, shift: string, pairs: [Volunteer, Volunteer][], statuses: number[]) {
  expect(statuses.filter((s) => s === 201)).toHaveLength(2);
  expect(statuses.filter((s) => s === 422)).toHaveLength(18);
  const rows = await w.t.db.k.selectFrom('shift_signups').select('volunteer_id').where('shift_id', '=', shift).execute();
  const on = new Set(rows.map((r) => r.volunteer_id));
  expect(rows).toHaveLength(4);
  // Both of a pair, or neither; and the pairs signed up are those answered 201.
  const signedUp = pairs.filter((_, i) => statuses[i] === 201);
  for (const [lead, trainee] of pairs) expect(on.has(lead.id)).toBe(on.has(trainee.id));
  expect([...on].sort()).toEqual(signedUp.flatMap(([a, b]) => [a.id, b.id]).sort());
}

describe.each(DIALECTS)('20 pairs at once for a shift of 5 (%s)', (dialect) => {
  let w: VolunteerWorld;
  let pairs: [Volunteer, Volunteer][];
  beforeAll(async () => {
    w = await volunteerWorld(dialect);
    pairs = await twentyPairs(w, dialect);
  }, 120_000);
  afterAll(() => w?.close());

  it('signs up exactly 2 pairs through inject in parallel', { timeout: 60_000 }, async () => {
    const shift = await w.shift({ needed: 5, skills: ['smartphone'] }, 100);
    const answers = await Promise.all(
      pairs.map(([lead, trainee]) => lead.client('POST', `/api/v1/shifts/${shift}/signups`, { trainee: trainee.id })),
    );
    await expectTwoPairs(
      w,
      shift,
      pairs,
      answers.map((a) => a.statusCode),
    );
  });

  it('signs up exactly 2 pairs over real HTTP', { timeout: 60_000 }, async () => {
    const shift = await w.shift({ needed: 5, skills: ['smartphone'] }, 110);
    const address = await w.t.app.listen({ port: 0, host: '127.0.0.1' });
    const answers = await Promise.all(
      pairs.map(([lead, trainee]) =>
        fetch(`${address}/api/v1/shifts/${shift}/signups`, {
          method: 'POST',
          headers: { authorization: `Bearer ${lead.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ trainee: trainee.id }),
        }),
      ),
    );
    await expectTwoPairs(
      w,
      shift,
      pairs,
      answers.map((a) => a.status),
    );
  });

  // Two processes share a database only on PostgreSQL; on SQLite the test is not declared at all.
  if (dialect !== 'postgres') return;
  it('signs up exactly 2 pairs through two server processes over one schema', { timeout: 120_000 }, async () => {
    const shift = await w.shift({ needed: 5, skills: ['smartphone'] }, 120);
    const ports = [await freePort(), await freePort()];
    const children = await Promise.all(ports.map((p) => startPonte(['serve'], ponteEnv(w.t.url, p))));
    try {
      const answers = await Promise.all(
        pairs.map(([lead, trainee], i) =>
          fetch(`http://127.0.0.1:${ports[i % 2]}/api/v1/shifts/${shift}/signups`, {
            method: 'POST',
            headers: { authorization: `Bearer ${lead.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ trainee: trainee.id }),
          }),
        ),
      );
      await expectTwoPairs(
        w,
        shift,
        pairs,
        answers.map((a) => a.status),
      );
    } finally {
      await Promise.all(children.map(stopPonte));
    }
  });
});
