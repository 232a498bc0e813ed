import { DateTime } from 'luxon';
import { randomFromPool } from '../../core/ids.js';
import { type KeyConfig, keyRing, tokenHash, tokenMatches } from '../../core/keys.js';
import { ZONE } from '../../core/time.js';

/** What identifies a booking outside the database: keyed hashes, manage tokens, ticket codes; and when its reminder goes. */

/** Keyed hash of the normalised e-mail (or, without one, phone): the same person, the same hash. */
export function contactHash(config: KeyConfig, contact: { email?: string | null; phone?: string | null }): string {
  return keyRing(config).hash('events.contact', contactValue(contact));
}

/** What the contact hash is made of: the normalised e-mail, or without one the phone. */
export function contactValue(contact: { email?: string | null; phone?: string | null }): string {
  return contact.email
    ? `e:${contact.email.trim().toLowerCase()}`
    : `p:${(contact.phone ?? '').replace(/\s+/g, '').replace(/^(\+39|0039)/, '')}`;
}

/**
 * The manage link's token: a MAC of the registration id under a key derived from DATA_KEY. It is
 * never stored (the table keeps only its SHA-256, as for every private link), and the server can
 * write it again into later e-mails (promotion, offer, reminder) without keeping it anywhere.
 */
export function manageToken(config: KeyConfig, registrationId: string): string {
  return keyRing(config).link('events.manage', registrationId);
}

/** Whether the token opens the registration: its link under DATA_KEY or, after a rotation, a previous key. */
export function manageTokenMatches(config: KeyConfig, registrationId: string, token: string, storedHash: string): boolean {
  return keyRing(config).verifyLink('events.manage', registrationId, token, storedHash);
}

export { tokenHash, tokenMatches };

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** A short ticket code, easy to read out at the door: 10 characters, about 50 bits. */
export function ticketCode(): string {
  const bytes = randomFromPool(10);
  let code = '';
  for (const b of bytes) code += CROCKFORD[b & 31];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** The smallest UUIDv7 greater than `id` (same millisecond, next random value). */
export function nextId(id: string): string {
  const hex = id.replace(/-/g, '');
  const next = (BigInt(`0x${hex}`) + 1n).toString(16).padStart(32, '0');
  return `${next.slice(0, 8)}-${next.slice(8, 12)}-${next.slice(12, 16)}-${next.slice(16, 20)}-${next.slice(20)}`;
}

const reminderCache = new Map<string, string>();

/** When the reminder goes out: the day before the first session, at 10:00 in Rome. */
export function reminderAt(startsAt: string): string {
  // Time-zone arithmetic is slow next to the rest of a booking; an event's start rarely changes.
  let at = reminderCache.get(startsAt);
  if (!at) {
    if (reminderCache.size > 1000) reminderCache.clear();
    at = computeReminderAt(startsAt);
    reminderCache.set(startsAt, at);
  }
  return at;
}

function computeReminderAt(startsAt: string): string {
  return DateTime.fromISO(startsAt, { zone: 'utc' })
    .setZone(ZONE)
    .minus({ days: 1 })
    .set({ hour: 10, minute: 0, second: 0, millisecond: 0 })
    .toUTC()
    .toISO({ suppressMilliseconds: false }) as string;
}
