import type { EventAttributes } from 'ics';
import { type Lang, t } from '../../core/i18n.js';
import { buildCalendar } from '../../core/ics.js';
import { isId } from '../../core/ids.js';
import { type KeyConfig, keyRing, tokenHash, tokenMatches } from '../../core/keys.js';
import { addMs, nowIso } from '../../core/time.js';
import type { Db } from '../../db/index.js';
import { getOrganisation } from '../organisations/service.js';
import * as repo from './repo.js';
import { bumpFeedVersion } from './repo-training.js';

/**
 * A volunteer's private calendar of the shifts they signed up for, to subscribe to from a phone.
 * The link is `<account id>.<MAC of the id and the link's version>` (core/keys.ts, purpose
 * volunteers.feed): only the version is stored, the server writes the same link again each time,
 * a rotation of DATA_KEY keeps the old link working while the old key is in DATA_KEY_PREVIOUS, and
 * asking for a new link raises the version so the one given before stops working. Version 0 is
 * the MAC of the id alone, so links given before versions existed keep working.
 */

const subject = (userId: string, version: number) => (version > 0 ? `${userId}:${version}` : userId);

/** The token of the account's feed under the current key and the account's link version. */
export async function feedToken(db: Db, config: KeyConfig, userId: string): Promise<string> {
  const version = await feedVersion(db, userId);
  return `${userId}.${keyRing(config).link('volunteers.feed', subject(userId, version))}`;
}

async function feedVersion(db: Db, userId: string): Promise<number> {
  return Math.max(0, ...(await repo.volunteersOfUser(db, userId)).map((v) => Number(v.feed_version)));
}

/** The account a presented token opens, or undefined (compared in constant time under every key of the ring). */
export async function accountOfFeedToken(db: Db, config: KeyConfig, token: string): Promise<string | undefined> {
  const dot = token.indexOf('.');
  const userId = token.slice(0, dot);
  if (dot < 0 || token.length > 200 || !isId(userId)) return undefined;
  const mac = token.slice(dot + 1);
  const version = await feedVersion(db, userId);
  let ok = false;
  for (const candidate of keyRing(config).links('volunteers.feed', subject(userId, version)))
    ok = tokenMatches(mac, tokenHash(candidate)) || ok;
  return ok ? userId : undefined;
}

/** A new link for the account's calendar: the one given before stops working. */
export async function renewFeed(db: Db, userId: string): Promise<void> {
  await bumpFeedVersion(db, userId);
}

/** The calendar: the account's shifts of the last 90 days and to come, in every organisation it volunteers for. */
export async function shiftsCalendar(db: Db, userId: string, baseUrl: string, lang: Lang): Promise<string> {
  const mine = await repo.volunteersOfUser(db, userId);
  const rows = await repo.signupsOfVolunteers(
    db,
    mine.map((v) => v.id),
    addMs(nowIso(), -90 * 86_400_000),
  );
  const events = await Promise.all(
    rows.map(async (r) => {
      const shift = await repo.shift(db, r.id);
      const organisation = shift ? ((await getOrganisation(db, shift.organisation_id).catch(() => null))?.name ?? '') : '';
      return {
        uid: `shift-${r.signup_id}@ponte`,
        title: r.title,
        description: [organisation, `${baseUrl}/turni`].filter(Boolean).join('\n\n'),
        start: Date.parse(r.starts_at),
        startInputType: 'utc',
        startOutputType: 'utc',
        end: Date.parse(r.ends_at),
        endInputType: 'utc',
        endOutputType: 'utc',
        url: `${baseUrl}/turni`,
        status: 'CONFIRMED',
      } satisfies EventAttributes;
    }),
  );
  return buildCalendar(events, { method: 'PUBLISH', name: t(lang, 'volunteers.feed.name') });
}
