/**
 * SMS_URL, SMS_TOKEN and SMS_FROM, read with the rest of the configuration (config.ts) and
 * refused there in one line when wrong:
 *
 * - `smpp://system_id:password@host:2775` (or `ssmpp://` over TLS): an operator's SMSC, by SMPP;
 * - `https://…`: an HTTP provider, sent `POST {to, from, text}` as JSON with `SMS_TOKEN` as a
 *   bearer token (`http://` only outside production, for a provider on the local machine);
 * - unset: each message is written as a file in OUTBOX_DIR, as mail is.
 *
 * SMS_FROM is the sender shown on the phone: up to 11 letters and digits (an alphanumeric sender
 * the operator has registered), or a number in international form; default `Ponte`.
 */
export interface SmsConfig {
  transport: 'outbox' | 'smpp' | 'http';
  /** SMS_URL as given, or null (outbox). */
  url: string | null;
  token: string | null;
  from: string;
}

/** SMPP 3.4 caps system_id at 15 characters and the password at 8. */
const SMPP_SYSTEM_ID_MAX = 15;
const SMPP_PASSWORD_MAX = 8;

const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 .-]{1,11}$/;
const NUMERIC_SENDER = /^\+?[0-9]{3,15}$/;

function smppProblem(url: URL): string | null {
  if (!url.hostname) return 'SMS_URL smpp:// needs a host, e.g. smpp://user:password@smsc.example.it:2775';
  const systemId = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  if (!systemId) return 'SMS_URL smpp:// needs the system_id as user, e.g. smpp://user:password@smsc.example.it:2775';
  if (systemId.length > SMPP_SYSTEM_ID_MAX) return `SMS_URL's system_id (the user) has at most ${SMPP_SYSTEM_ID_MAX} characters in SMPP`;
  if (password.length > SMPP_PASSWORD_MAX) return `SMS_URL's password has at most ${SMPP_PASSWORD_MAX} characters in SMPP`;
  return null;
}

/** The SMS configuration, or the problem to report (without the "Invalid configuration: " prefix). */
export function smsConfigOf(env: NodeJS.ProcessEnv, production: boolean): SmsConfig | string {
  const raw = env.SMS_URL?.trim() || null;
  const token = env.SMS_TOKEN?.trim() || null;
  const from = env.SMS_FROM?.trim() || 'Ponte';
  if (!ALPHANUMERIC_SENDER.test(from) && !NUMERIC_SENDER.test(from)) {
    return 'SMS_FROM must be up to 11 letters and digits (e.g. ComuneMI) or a phone number in international form';
  }
  if (!raw) return { transport: 'outbox', url: null, token, from };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'SMS_URL must be smpp://user:password@host:port, ssmpp://… or https://…';
  }
  if (url.protocol === 'smpp:' || url.protocol === 'ssmpp:') {
    const problem = smppProblem(url);
    return problem ?? { transport: 'smpp', url: raw, token, from };
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && !production)) {
    if (!token) return 'SMS_TOKEN is required with an https:// SMS_URL (sent as Authorization: Bearer)';
    return { transport: 'http', url: raw, token, from };
  }
  if (url.protocol === 'http:') return 'SMS_URL must use https:// in production';
  return 'SMS_URL must be smpp://user:password@host:port, ssmpp://… or https://…';
}
