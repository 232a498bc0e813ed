import { normaliseEmail } from '../../core/auth.js';
import { mobileE164 } from '../../core/phone.js';

/**
 * What a person types in the sign-in page's one field, "E-mail o numero di cellulare", as the
 * account is looked up: an address (with an @) in lower case, or a mobile number written in
 * national or international form (`333 123 4567`, `+39 333 123 4567`, `0039…`) in E.164. Null
 * when it is neither, so the page can say so instead of counting a failed sign-in. The same key
 * names the sign-in's lockout, so a number is locked however it is written.
 */
export function signInKey(raw: string): { kind: 'email' | 'phone'; key: string } | null {
  const text = raw.trim();
  if (text === '' || text.length > 254) return null;
  if (text.includes('@')) return { kind: 'email', key: normaliseEmail(text) };
  const e164 = mobileE164(text);
  return e164 ? { kind: 'phone', key: e164 } : null;
}
