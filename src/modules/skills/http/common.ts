import type { FastifyReply, FastifyRequest } from 'fastify';
import { ownerOf } from '../../../core/access.js';
import type { Deps } from '../../../core/deps.js';
import { organisationOwner } from '../../organisations/service.js';
import type { Phase } from '../schemas.js';
import * as svc from '../service.js';

const LARGE_COOKIE = 'ponte_testo';

/**
 * The last result of an event's test on this device, per event: the "after" link in the survey
 * e-mail is the same for everyone, and this is what pairs the person's "after" with their "before"
 * without the events module knowing anything about results.
 */
export const EVENT_RESULT_COOKIE = (eventId: string) => `ponte_competenze_${eventId}`;

/** The query strings the skills pages read: all optional text. */
export type Query = Record<string, string | undefined>;

/** A query parameter, trimmed and cut to 300 characters; '' when absent or not text. */
export function q(req: FastifyRequest<{ Querystring: Query }>, key: string): string {
  const v: unknown = req.query?.[key];
  return typeof v === 'string' ? v.trim().slice(0, 300) : '';
}

/** The large-type preference: `?testo=grande|normale` sets it (a cookie), otherwise the cookie says. */
export function largeText(req: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply): boolean {
  const chosen = q(req, 'testo');
  if (chosen === 'grande' || chosen === 'normale') {
    reply.setCookie(LARGE_COOKIE, chosen, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 365 * 24 * 3600 });
    return chosen === 'grande';
  }
  return req.cookies[LARGE_COOKIE] === 'grande';
}

export function phaseOf(value: string): Phase | null {
  return value === 'prima' || value === 'dopo' ? value : null;
}

/** The organisation owning the record a path names, for `orgAccess`. */
export function owners(deps: Deps) {
  const { db } = deps;
  return {
    organisation: organisationOwner(db),
    version: ownerOf(db, 'versionId', svc.organisationOfVersion),
    item: ownerOf(db, 'itemId', svc.organisationOfItem),
  };
}
