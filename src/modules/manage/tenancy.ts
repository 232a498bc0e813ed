import type { TenancyFixtures } from '../../core/module.js';

/** Manage by code has no path parameter and no organisation's record to reach: its routes are public. */
export const tenancy: TenancyFixtures = { fixtures: {} };
