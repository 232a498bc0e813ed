import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Config } from '../../config.js';
import { randomFromPool } from '../../core/ids.js';
import { ZONE } from '../../core/time.js';

/** What identifies a booking outside the database: keyed hashes, manage tokens, ticket codes; and when its reminder goes. */

interface Keys {
  contact: Buffer;
  manage: Buffer;
}
const keyCache = new Map<string, Keys>();

/** Keys derived from DATA_KEY: one to recognise a returning person, one to sign manage links. */
function keys(config: Pick<Config, 'dataKey'>): Keys {
  let k = keyCache.get(config.dataKey);
  if (!k) {
    const root = Buffer.from(config.dataKey, 'base64');
    k = {
      contact: createHmac('sha256', root).update('ponte/events/contact-hash').digest(),
      manage: createHmac('sha256', root).update('ponte/events/manage-token').digest(),
    };
    keyCache.set(config.dataKey, k);
  }
  return k;
}

/** Keyed hash of the normalised e-mail (or, without one, phone): the same person, the same hash. */
export function contactHash(config: Pick<Config, 'dataKey'>, contact: { email?: string | null; phone?: string | null }): string {
  const value = contact.email
    ? `e:${contact.email.trim().toLowerCase()}`
    : `p:${(contact.phone ?? '').replace(/\s+/g, '').replace(/^(\+39|0039)/, '')}`;
  return createHmac('sha256', keys(config).contact).update(value).digest('base64url');
}

/**
 * The manage link's token: a MAC of the registration id under a key derived from DATA_KEY. It is
 * never stored (the table keeps only its SHA-256, as for every private link), and the server can
 * write it again into later e-mails (promotion, offer, reminder) without keeping it anywhere.
 */
export function manageToken(config: Pick<Config, 'dataKey'>, registrationId: string): string {
  return createHmac('sha256', keys(config).manage).update(registrationId).digest('base64url');
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Constant-time comparison of a presented token with the stored hash. */
export function tokenMatches(token: string, storedHash: string): boolean {
  const a = Buffer.from(tokenHash(token), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

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
