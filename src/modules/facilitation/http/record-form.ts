import { type Errors, type FormBody, formList as list, formText as str } from '../../../web/forms.js';

/** The competences ticked on a form: numbers as numbers, anything else as typed (the schema refuses it). */
export const competencesFromForm = (body: FormBody): (string | number)[] =>
  list(body, 'competences').map((c) => (/^\d+$/.test(c) ? Number(c) : c));

/** The form's fields as the service's input (codes as typed; the schema refuses what is wrong). */
export function recordInputFromForm(body: FormBody): Record<string, unknown> {
  const consentChannel = str(body, 'consentChannel');
  const consentDate = str(body, 'consentDate');
  const citizen: Record<string, unknown> = {
    education: str(body, 'education') || undefined,
    employment: str(body, 'employment') || undefined,
    citizenship: str(body, 'citizenship') || undefined,
    province: str(body, 'province') || undefined,
    consent: consentChannel || consentDate ? { channel: consentChannel || undefined, date: consentDate || undefined } : undefined,
  };
  const cf = str(body, 'fiscalCode');
  if (cf) citizen.fiscalCode = cf;
  // AN1, AN2: sent only when typed, so programmes that keep no names never see an empty pair.
  if (str(body, 'firstName')) citizen.firstName = str(body, 'firstName');
  if (str(body, 'lastName')) citizen.lastName = str(body, 'lastName');
  const identifier = str(body, 'identifier');
  if (identifier) citizen.identifier = identifier;
  if (str(body, 'gender')) citizen.gender = str(body, 'gender');
  if (str(body, 'ageBand')) citizen.ageBand = str(body, 'ageBand');
  return {
    programme: str(body, 'programme'),
    venue: str(body, 'venue'),
    date: str(body, 'date'),
    duration: str(body, 'duration'),
    kinds: list(body, 'kinds'),
    competences: competencesFromForm(body),
    services: list(body, 'services'),
    details: str(body, 'details'),
    ...(str(body, 'facilitator') ? { facilitator: str(body, 'facilitator') } : {}),
    citizen,
  };
}

/** Form errors on the flat form fields: "citizen.education" shows on "education", "citizen.consent.date" on "consentDate". */
export function flatErrors(errors: Errors): Errors {
  const out: Errors = {};
  for (const [k, v] of Object.entries(errors)) {
    let key = k.replace(/^citizen\./, '');
    if (key.startsWith('consent.channel')) key = 'consentChannel';
    else if (key.startsWith('consent.date')) key = 'consentDate';
    else if (key === 'consent') key = 'consentChannel';
    key = key.replace(/\.\d+$/, '');
    out[key] ??= v;
  }
  return out;
}
