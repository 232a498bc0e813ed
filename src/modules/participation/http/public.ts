import type { RoutePlugin } from '../../../core/module.js';

/** The public pages of participatory processes (`/partecipa`). */
export const participationPublicRoutes: RoutePlugin = async () => {};
