import type { PonteModule } from '../../core/module.js';
import { registerSkillsAdmin } from './http/admin.js';
import { registerSkillsApi } from './http/api.js';
import { registerSkillsPages } from './http/public.js';
import { messages } from './messages.js';

/** Self-assessment of digital skills (DigComp 2.2), with results, paths and the item bank. */
export const skillsModule: PonteModule = {
  name: 'skills',
  rotateKeys: async (deps, next) => (await import('./keys.js')).rotateKeys(deps, next),
  tenancy: async () => (await import('./tenancy.js')).tenancy,
  routes: [registerSkillsApi, registerSkillsPages, registerSkillsAdmin],
  messages,
  seedDemo: async (db, demo) => {
    await (await import('./demo.js')).seedDemoSkills(db, demo.ids);
  },
};
