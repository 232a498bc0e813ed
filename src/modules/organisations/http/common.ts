import type { FastifyRequest } from 'fastify';
import { ownerOf, paramOf } from '../../../core/access.js';
import type { Deps } from '../../../core/deps.js';
import { fieldError, refuse } from '../../../core/problems.js';
import { type FormBody, formList, formText, formTexts } from '../../../web/forms.js';
import * as svc from '../service.js';

/** The organisation owning the record a path names, for `orgAccess`. */
export function owners(deps: Deps) {
  const { db } = deps;
  return {
    organisation: svc.organisationOwner(db),
    venue: ownerOf(db, 'venueId', svc.organisationOfVenue),
    agreement: ownerOf(db, 'agreementId', svc.organisationOfAgreement),
    /** The acting organisation, when it is one of the partnership's two sides (otherwise 404). */
    partnershipSide: (req: FastifyRequest) => svc.partnershipSide(db, paramOf(req, 'partnershipId'), paramOf(req, 'organisationId')),
  };
}

/** Who acts, for the audit log (null for nobody signed in). */
export const userOf = (req: FastifyRequest) => req.principal?.userId ?? null;

function numberOrNull(value: string): number | string | null {
  const v = value.trim().replace(',', '.');
  if (v === '') return null;
  return Number.isNaN(Number(v)) ? v : Number(v);
}

/** Turns what a person typed for a comune into its ISTAT code, or a field error. */
export async function municipalityField(deps: Deps, typed: string, field: string): Promise<string> {
  if (!typed.trim()) throw refuse(400, 'problem.invalid.body', undefined, [fieldError(field, 'org.check.municipality.missing')]);
  const found = await svc.resolveMunicipality(deps.db, typed);
  if ('code' in found) return found.code;
  const hint = found.candidates.length
    ? fieldError(field, 'org.check.municipality.candidates', {
        candidates: found.candidates.map((c) => `${c.name} (${c.provinceCode})`).join(', '),
      })
    : fieldError(field, 'org.check.municipality.unknown');
  throw refuse(400, 'problem.invalid.body', undefined, [hint]);
}

export async function venueInput(deps: Deps, body: FormBody) {
  return {
    name: formText(body, 'name'),
    address: formText(body, 'address'),
    municipality: await municipalityField(deps, formText(body, 'municipality'), 'municipality'),
    capacity: numberOrNull(formText(body, 'capacity')),
    latitude: numberOrNull(formText(body, 'latitude')),
    longitude: numberOrNull(formText(body, 'longitude')),
    stepFree: formText(body, 'stepFree') === '1',
    accessibility: formText(body, 'accessibility'),
    openingNotes: formText(body, 'openingNotes'),
    nationalId: formText(body, 'nationalId'),
    nationalName: formText(body, 'nationalName'),
    postalCode: formText(body, 'postalCode'),
  };
}

/** The organisation form as typed, to show it again with its errors. */
export function organisationFormValues(body: FormBody): Record<string, string> {
  return formTexts(body, ['name', 'type', 'municipality', 'memberMunicipalities', 'description', 'website', 'email', 'phone', 'ipaCode']);
}

/** The organisation form's fields, with the comuni typed turned into ISTAT codes. */
export async function organisationInput(deps: Deps, body: FormBody) {
  const members: string[] = [];
  const typedMembers = formText(body, 'memberMunicipalities')
    .split(/[\n;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  for (const typed of typedMembers) members.push(await municipalityField(deps, typed, 'memberMunicipalities'));
  return {
    name: formText(body, 'name'),
    type: formText(body, 'type'),
    municipality: await municipalityField(deps, formText(body, 'municipality'), 'municipality'),
    description: formText(body, 'description'),
    website: formText(body, 'website'),
    email: formText(body, 'email'),
    phone: formText(body, 'phone'),
    ipaCode: formText(body, 'ipaCode'),
    memberMunicipalities: members,
  };
}

export function agreementInput(body: FormBody) {
  return {
    title: formText(body, 'title'),
    partners: formList(body, 'partners'),
    start: formText(body, 'start'),
    end: formText(body, 'end') || null,
    commitments: formText(body, 'commitments'),
    documentUrl: formText(body, 'documentUrl'),
  };
}
