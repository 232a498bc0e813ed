import type { DemoIds } from '../../../core/module.js';
import type { Db } from '../../../db/index.js';

/** The demo's meetings and agenda: filled in below once the Valnure process exists. */
export async function seedDemoMeetings(_db: Db, _ids: DemoIds): Promise<void> {}
