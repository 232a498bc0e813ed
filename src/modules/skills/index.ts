import type { PonteModule } from '../../core/module.js';
import { seedDemoSkills } from './demo.js';
import { registerSkillRoutes } from './routes.js';

/** Self-assessment of digital skills (DigComp 2.2), with results, paths and the item bank. */
export const skillsModule: PonteModule = {
  name: 'skills',
  tenancy: async () => (await import('./tenancy.js')).tenancy,
  rotateKeys: async (deps, next) => (await import('./keys.js')).rotateKeys(deps, next),
  routes: [registerSkillRoutes],
  seedDemo: async (db, demo) => {
    await seedDemoSkills(db, demo.ids);
  },
};
