import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Deps } from '../../core/deps.js';
import { lazyRequire } from '../../core/lazy.js';
import { PHONE_INVALID } from '../../core/phone.js';
import { type FieldError, fieldError, type Problem, refuse, refuseAs } from '../../core/problems.js';
import { appointmentByCode, manageToken as appointmentToken } from '../desks/service.js';
import { bookingByCode, manageToken as bookingToken, manageUrl as bookingUrl } from '../events/service.js';

/**
 * Manage by code: the ticket code of a booking (or the code of a desk appointment) with the phone
 * number or e-mail it was made with opens its manage page, for people who have no e-mail to find
 * the private link in. Whatever is wrong (no such code, another contact, an erased booking) the
 * answer is the same, so the form tells nothing about anyone; tries are limited per address and
 * per code (http/limits.ts).
 */

const EMAIL = z.email();

/** What the person typed, checked: the code as typed, and the contact as compared (lower-case e-mail, or E.164). */
export interface ManageQuery {
  code: string;
  contact: { email: string } | { phone: string };
}

// The numbering plan loads with the first number looked up, not at start.
const phoneNumbers = lazyRequire<typeof import('libphonenumber-js/max')>('libphonenumber-js/max');

/** A number in E.164 whatever its kind (a booking may hold a landline), or null. */
function e164(input: string): string | null {
  const written = input.trim();
  if (!/^\+?[0-9 ().\-/]{4,30}$/.test(written)) return null;
  const parsed = phoneNumbers().parsePhoneNumberFromString(written, 'IT');
  return parsed?.isValid() ? parsed.number : null;
}

/** Checks the form's or the API's fields: 400 with the fields' messages, nothing looked up. */
export function checkQuery(input: { code?: unknown; contact?: unknown }): ManageQuery {
  const code = typeof input.code === 'string' ? input.code.trim() : '';
  const contact = typeof input.contact === 'string' ? input.contact.trim() : '';
  const errors: FieldError[] = [];
  if (!code || code.length > 40) errors.push(fieldError('code', 'bycode.check.code'));
  let parsed: ManageQuery['contact'] | null = null;
  if (!contact || contact.length > 254) errors.push(fieldError('contact', 'bycode.check.contact'));
  else if (contact.includes('@')) {
    if (EMAIL.safeParse(contact).success) parsed = { email: contact.toLowerCase() };
    else errors.push(fieldError('contact', 'bycode.check.email'));
  } else {
    const phone = e164(contact);
    if (phone) parsed = { phone };
    else errors.push(fieldError('contact', PHONE_INVALID));
  }
  if (errors.length > 0 || !parsed) throw refuse(400, 'problem.invalid.body', undefined, errors);
  return { code, contact: parsed };
}

/** The code as the limit counts it: letters and digits, upper-case. */
export function codeKey(code: string): string {
  return code
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '')
    .slice(0, 20);
}

/** Equal in constant time (the digests of both, so lengths tell nothing either). */
function same(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** Whether the stored contacts of a booking are the one typed. */
function matches(stored: { email: string | null; phone: string | null }, contact: ManageQuery['contact']): boolean {
  if ('email' in contact) return same(stored.email?.trim().toLowerCase() ?? '', contact.email) && !!stored.email;
  const phone = stored.phone ? e164(stored.phone) : null;
  return same(phone ?? '', contact.phone) && !!phone;
}

/** The one refusal, whatever was wrong. */
export function notFound(): Problem {
  return refuseAs(404, 'bycode.not-found.title', 'bycode.not-found');
}

export interface ManageTarget {
  kind: 'booking' | 'appointment';
  /** The manage page's private link, a path of this site. */
  path: string;
}

/** The manage page the code and contact open; a 404 Problem, always the same, otherwise. */
export async function findManaged(deps: Pick<Deps, 'db' | 'config'>, q: ManageQuery): Promise<ManageTarget> {
  const booking = await bookingByCode(deps.db, q.code);
  if (booking && matches(booking, q.contact)) {
    return { kind: 'booking', path: bookingUrl(booking.id, bookingToken(deps.config, booking.id)) };
  }
  const appointment = await appointmentByCode(deps, q.code);
  if (appointment && matches(appointment, q.contact)) {
    return {
      kind: 'appointment',
      path: `/appuntamenti/${appointment.id}?token=${encodeURIComponent(appointmentToken(deps, appointment.id))}`,
    };
  }
  throw notFound();
}
