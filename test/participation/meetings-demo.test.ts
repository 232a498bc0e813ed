import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionsOfProcess, overallProgress } from '../../src/modules/participation/agenda/service.js';
import { meetingsOfProcess } from '../../src/modules/participation/meetings/service.js';
import { createDemoDb, DIALECTS, type TestDb } from '../helpers.js';

describe.each(DIALECTS)('demo meetings and agenda of the Valnure process (%s)', (dialect) => {
  let t: TestDb;
  let processId: string;
  beforeAll(async () => {
    const d = await createDemoDb(dialect);
    t = d;
    processId = d.demo.ids.more['participation.process'];
  });
  afterAll(() => t.cleanup());

  it('a launch meeting with published minutes, the attendance from the door and a closed show-of-hands poll', async () => {
    const meetings = await meetingsOfProcess(t.db, processId, { publicOnly: true });
    expect(meetings).toHaveLength(1);
    const [launch] = meetings;
    expect(launch).toMatchObject({ published: true, attendance: 38 });
    expect(launch.event.title).toContain('incontro di lancio');
    expect(launch.minutes).toContain('Giovani Animatori Digitali');
    expect(launch.proposals).toHaveLength(1);
    expect(launch.polls).toHaveLength(1);
    expect(launch.polls[0]).toMatchObject({ status: 'closed', total: 38 });
  });

  it('two agenda actions, each with its origins and dated updates', async () => {
    const actions = await actionsOfProcess(t.db, processId);
    expect(actions).toHaveLength(2);
    for (const a of actions) {
      expect(a.updates.length).toBeGreaterThanOrEqual(1);
      expect(a.meetings).toHaveLength(1);
      expect(a.proposals).toHaveLength(1);
    }
    expect(actions.map((a) => a.progress)).toEqual([30, 25]);
    expect(overallProgress(actions)).toBe(28);
  });
});
