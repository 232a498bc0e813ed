import { formatMobile } from '../../core/phone.js';

/**
 * How an account is named to people where its e-mail used to be shown: the address, or the mobile
 * number (`+39 333 123 4567`) of an account that signs in by phone only.
 */
export function contactOf(user: { email: string | null; phone?: string | null }): string {
  if (user.email) return user.email;
  return user.phone ? formatMobile(user.phone) : '';
}
