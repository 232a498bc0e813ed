import { type Kysely, sql, type Transaction } from 'kysely';
import { z } from 'zod';
import { type KeyConfig, type KeyRing, keyRing } from '../../core/keys.js';
import { type FieldError, fieldError, refuse } from '../../core/problems.js';
import { nowIso } from '../../core/time.js';
import type { Db } from '../../db/index.js';
import type { Database } from '../../db/schema.js';
import { contactValue } from './booking-keys.js';
import { refuseTitled } from './refusals.js';

/**
 * Closed and internal courses (staff training, a foundation's employees). An event is:
 * - `public`: listed in the catalogue, search, feeds and the API's lists (as every event was);
 * - `unlisted`: its page opens by its link, but nothing lists it and its page asks search engines
 *   not to index it;
 * - `invitation`: unlisted too, and only the people on its list may book. Staff paste the list
 *   (e-mails or phones, one a line); a booking whose e-mail or phone is on it is taken, anyone else
 *   gets the same neutral refusal (403), whatever they typed.
 * The list is kept as keyed hashes of the normalised contacts (the same derivation as a booking's
 * contact hash, so "+39 347 123 4567" and "3471234567" are the same person) plus the normalised
 * contact for staff to read and edit; it goes with the event's personal data.
 */

type Executor = Kysely<Database> | Transaction<Database>;

export const VISIBILITIES = ['public', 'unlisted', 'invitation'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** Whether lists (catalogue, search, feeds, API lists, a programme's page) may show an event. */
export function isListed(visibility: string | null | undefined): boolean {
  return (visibility ?? 'public') === 'public';
}

export function visibilityOf(value: string | null | undefined): Visibility {
  return (VISIBILITIES as readonly string[]).includes(value ?? '') ? (value as Visibility) : 'public';
}

/** Most people a closed course's list may name. */
export const MAX_INVITATIONS = 2000;

export const VisibilityField = z
  .enum(VISIBILITIES, { message: 'events.check.visibility' })
  .describe('public: listed everywhere; unlisted: only by its link; invitation: unlisted, and only the people in `invitations` may book.');

/** The list as sent: checked entry by entry by the service, so a refusal names the line. */
export const InvitationsField = z
  .array(z.string().max(320, 'events.check.max'), { message: 'events.check.invitations' })
  .max(MAX_INVITATIONS, 'events.check.invitations.max')
  .describe(
    'Who may book an event by invitation: e-mail addresses or Italian phone numbers (+39 optional), one per item; replaces the whole list. Blank items are skipped; an invalid one is refused (422) naming its position.',
  );

const EMAIL = z.email();

/** An entry of the list as the contact it names ('e:' e-mail or 'p:' phone digits), or null when it names none. */
export function normaliseInvitation(entry: string): string | null {
  let v = entry.trim();
  // "Mario Rossi <mario.rossi@example.it>", as address books copy it.
  const bracketed = /<([^<>]+)>$/.exec(v);
  if (bracketed) v = bracketed[1].trim();
  if (v.includes('@')) {
    const email = v.toLowerCase();
    return email.length <= 254 && EMAIL.safeParse(email).success ? contactValue({ email }) : null;
  }
  // Phones as spreadsheets write them: spaces, dots, dashes, slashes and brackets between digits.
  const compact = v.replace(/[\s.\-/()]/g, '');
  const m = /^(?:\+39|0039)?([0-9]{6,13})$/.exec(compact);
  return m ? contactValue({ phone: m[1] }) : null;
}

/**
 * The lines of the form's pasted list, untrimmed so that "riga N" is the line staff see; each line
 * holds one entry or several separated by commas or semicolons.
 */
export function invitationLines(raw: unknown): string[] {
  const text = Array.isArray(raw) ? raw[0] : raw;
  if (typeof text !== 'string' || text.trim() === '') return [];
  return text.split(/\r?\n/);
}

/** The list as the API shows it to staff: e-mails and phone digits. */
export async function invitationContacts(db: Db, eventId: string): Promise<string[]> {
  return (await invitationList(db, eventId)).map(shownContact);
}

/** The list as the form shows it again: one contact a line. */
export async function invitationText(db: Db, eventId: string): Promise<string> {
  return (await invitationList(db, eventId)).map(shownContact).join('\n');
}

function entriesOf(line: string): string[] {
  return line
    .split(/[,;]/)
    .map((e) => e.trim())
    .filter((e) => e !== '');
}

export interface PreparedInvitation {
  contact: string;
  hash: string;
}

/**
 * The list checked and hashed, before anything is written: a bad entry refuses the whole list
 * (422), each bad line named (`invitations.<index>`, "riga N" in the words).
 */
export function prepareInvitations(config: KeyConfig | undefined, list: string[] | undefined): PreparedInvitation[] | undefined {
  if (list === undefined) return undefined;
  const errors: FieldError[] = [];
  const contacts = new Set<string>();
  list.forEach((line, i) => {
    for (const entry of entriesOf(line)) {
      const contact = normaliseInvitation(entry);
      if (contact) contacts.add(contact);
      else errors.push(fieldError(`invitations.${i}`, 'events.check.invitation', { line: i + 1, entry: entry.slice(0, 80) }));
    }
  });
  if (errors.length) throw refuse(422, 'events.error.invitations', { count: errors.length }, errors);
  if (contacts.size > MAX_INVITATIONS) {
    throw refuse(422, 'events.error.invitations', { count: 1 }, [
      fieldError('invitations', 'events.check.invitations.max', { maximum: MAX_INVITATIONS }),
    ]);
  }
  if (contacts.size === 0) return [];
  if (!config) throw new Error('an invitation list needs the data key to hash its contacts');
  const ring = keyRing(config);
  return [...contacts].map((contact) => ({ contact, hash: ring.hash('events.contact', contact) }));
}

/** Writes an event's list anew (inside the transaction that writes the event). */
export async function replaceInvitations(trx: Executor, eventId: string, list: PreparedInvitation[] | undefined): Promise<void> {
  if (list === undefined) return;
  await trx.deleteFrom('event_invitations').where('event_id', '=', eventId).execute();
  const now = nowIso();
  for (let i = 0; i < list.length; i += 200) {
    await trx
      .insertInto('event_invitations')
      .values(list.slice(i, i + 200).map((x) => ({ event_id: eventId, contact_hash: x.hash, contact: x.contact, created_at: now })))
      .execute();
  }
}

/** The list as staff read it in the form: one contact a line, e-mails first. */
export async function invitationList(db: Db, eventId: string): Promise<string[]> {
  const rows = await db.k.selectFrom('event_invitations').select('contact').where('event_id', '=', eventId).execute();
  return rows.map((r) => r.contact).sort((a, b) => a.localeCompare(b));
}

/** How a stored contact reads: the address, or the number's digits. */
export function shownContact(contact: string): string {
  return contact.slice(2);
}

/**
 * Refuses a booking of an event by invitation unless its e-mail or phone is on the list. Staff
 * booking for a caller are not asked: they choose whom to book. One query, by primary key.
 */
export async function checkInvited(
  deps: { db: Db; config: KeyConfig },
  eventId: string,
  person: { email?: string | null; phone?: string | null },
  source: string,
): Promise<void> {
  const ring = keyRing(deps.config);
  const hashes = contactsOf(person).flatMap((c) => ring.hashes('events.contact', c));
  const row = await deps.db.k
    .selectFrom('events')
    .select([
      'visibility',
      hashes.length
        ? sql<number>`(select count(*) from event_invitations i where i.event_id = events.id and i.contact_hash in (${sql.join(hashes)}))`.as(
            'invited',
          )
        : sql<number>`0`.as('invited'),
    ])
    .where('id', '=', eventId)
    .executeTakeFirst();
  if (row?.visibility !== 'invitation' || source === 'staff') return;
  if (Number(row.invited) > 0) return;
  throw refuseTitled(403, 'events.error.invitationOnly.title', 'events.error.invitationOnly');
}

function contactsOf(person: { email?: string | null; phone?: string | null }): string[] {
  const out: string[] = [];
  if (person.email) out.push(contactValue({ email: person.email }));
  if (person.phone) out.push(contactValue({ phone: person.phone }));
  return out;
}

/** `rotate-data-key`: each invitation's hash made again under the new key from the contact kept. */
export async function rotateInvitationKeys(db: Db, next: KeyRing): Promise<number> {
  let changed = 0;
  await db.k.transaction().execute(async (trx) => {
    const rows = await trx.selectFrom('event_invitations').select(['event_id', 'contact_hash', 'contact']).execute();
    for (const r of rows) {
      const hash = next.hash('events.contact', r.contact);
      if (hash === r.contact_hash) continue;
      await trx
        .updateTable('event_invitations')
        .set({ contact_hash: hash })
        .where('event_id', '=', r.event_id)
        .where('contact_hash', '=', r.contact_hash)
        .execute();
      changed++;
    }
  });
  return changed;
}
