import type { PonteModule } from '../../core/module.js';
import { registerSitePages } from './http/public.js';
import { messages } from './messages.js';

/** The home page, the pages every site has (privacy, accessibility, legal notes). */
export const siteModule: PonteModule = {
  name: 'site',
  routes: [registerSitePages],
  messages,
};
