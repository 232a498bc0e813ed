import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.js';
import { freePort, ponteEnv, startPonte, stopPonte } from '../ops/processes.js';
import { type VolunteerWorld, volunteerWorld } from './world.js';

/**
 * The rule: a shift never takes more volunteers than it needs. 50 volunteers ask at once
 * for a shift of 3: exactly 3 are signed up, the other 47 hear 409, on SQLite and on PostgreSQL,
 * through one process and (PostgreSQL) through two server processes sharing one schema.
 */

type Volunteer = Awaited<ReturnType<VolunteerWorld['volunteer']>>;

async function fiftyVolunteers(w: VolunteerWorld, tag: string): Promise<Volunteer[]> {
  const made: Volunteer[] = [];
  for (let batch = 0; batch < 5; batch++) {
    const ten = await Promise.all(
      Array.from({ length: 10 }, (_, i) => w.volunteer(`v${tag}${batch * 10 + i}@example.org`, ['smartphone'])),
    );
    made.push(...ten);
  }
  return made;
}

async function expectExactlyThree(w: VolunteerWorld, shift: string, statuses: number[]) {
  expect(statuses.filter((s) => s === 201)).toHaveLength(3);
  expect(statuses.filter((s) => s === 409)).toHaveLength(47);
  const rows = await w.t.db.k.selectFrom('shift_signups').select('volunteer_id').where('shift_id', '=', shift).execute();
  expect(rows).toHaveLength(3);
  expect(new Set(rows.map((r) => r.volunteer_id)).size).toBe(3);
}

describe.each(DIALECTS)('50 volunteers at once for a shift of 3 (%s)', (dialect) => {
  let w: VolunteerWorld;
  let people: Volunteer[];
  beforeAll(async () => {
    w = await volunteerWorld(dialect);
    people = await fiftyVolunteers(w, dialect);
  }, 120_000);
  afterAll(() => w?.close());

  it('signs up exactly 3 through inject in parallel', { timeout: 60_000 }, async () => {
    const shift = await w.shift({ needed: 3, skills: ['smartphone'] }, 100);
    const answers = await Promise.all(people.map((p) => p.client('POST', `/api/v1/shifts/${shift}/signups`)));
    await expectExactlyThree(
      w,
      shift,
      answers.map((a) => a.statusCode),
    );
  });

  it('signs up exactly 3 over real HTTP', { timeout: 60_000 }, async () => {
    const shift = await w.shift({ needed: 3, skills: ['smartphone'] }, 110);
    const address = await w.t.app.listen({ port: 0, host: '127.0.0.1' });
    const answers = await Promise.all(
      people.map((p) =>
        fetch(`${address}/api/v1/shifts/${shift}/signups`, { method: 'POST', headers: { authorization: `Bearer ${p.token}` } }),
      ),
    );
    await expectExactlyThree(
      w,
      shift,
      answers.map((a) => a.status),
    );
  });

  // Two processes share a database only on PostgreSQL; on SQLite the test is not declared at all, so
  // nothing is reported as skipped.
  if (dialect !== 'postgres') return;
  it('signs up exactly 3 through two server processes over one schema', { timeout: 120_000 }, async () => {
    const shift = await w.shift({ needed: 3, skills: ['smartphone'] }, 120);
    const ports = [await freePort(), await freePort()];
    const children = await Promise.all(ports.map((p) => startPonte(['serve'], ponteEnv(w.t.url, p))));
    try {
      const answers = await Promise.all(
        people.map((p, i) =>
          fetch(`http://127.0.0.1:${ports[i % 2]}/api/v1/shifts/${shift}/signups`, {
            method: 'POST',
            headers: { authorization: `Bearer ${p.token}` },
          }),
        ),
      );
      await expectExactlyThree(
        w,
        shift,
        answers.map((a) => a.status),
      );
    } finally {
      await Promise.all(children.map(stopPonte));
    }
  });
});
