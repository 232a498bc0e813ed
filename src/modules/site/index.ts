import type { PonteModule } from '../../core/module.js';
import { registerSiteRoutes } from './routes.js';

/** The home page, the pages every site has (privacy, accessibility, legal notes). */
export const siteModule: PonteModule = {
  name: 'site',
  routes: [registerSiteRoutes],
};
