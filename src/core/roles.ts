export const ROLES = ['platform-admin', 'org-admin', 'staff', 'facilitator', 'volunteer', 'partner'] as const;
export type Role = (typeof ROLES)[number];

/** Role groups used by access rules, so routes read as intent rather than lists. */
export const ORG_ADMINS: Role[] = ['org-admin'];
export const ORG_STAFF: Role[] = ['org-admin', 'staff'];
export const ORG_FACILITATORS: Role[] = ['org-admin', 'staff', 'facilitator', 'volunteer'];
export const ORG_MEMBERS: Role[] = ['org-admin', 'staff', 'facilitator', 'volunteer', 'partner'];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
