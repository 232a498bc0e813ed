import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { PASSWORD_MIN, verifyPassword } from '../../core/passwords.js';
import { messages } from './messages.js';

/**
 * What makes a new password acceptable, wherever one is set (change, reset, set-password link,
 * command line): long enough, not the person's own e-mail, not a run of one character or of a
 * sequence, not among the passwords and words attackers try first, and not the current one.
 * The strength check is zxcvbn's, with its common-password list and the Italian dictionaries,
 * offline; the messages say what to do instead, in plain Italian.
 */

export const PASSWORD_MAX = 200;
/** zxcvbn's score runs 0–4; 3 means "safely unguessable" (about 10^8 guesses or more). */
export const MIN_STRENGTH = 3;

export interface PasswordOwner {
  email: string;
  /** The mobile number the person signs in with (E.164), when they have one. */
  phone?: string | null;
  name?: string;
  /** The stored hash of the current password, when there is one to compare with. */
  currentHash?: string;
}

let strength: Promise<ZxcvbnFactory> | null = null;

/** Loaded once, on first use: the dictionaries take a few hundred milliseconds to rank. */
function strengthChecker(): Promise<ZxcvbnFactory> {
  strength ??= (async () => {
    const [{ ZxcvbnFactory }, common, it] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-it'),
    ]);
    return new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...it.dictionary },
      graphs: common.adjacencyGraphs,
      translations: it.translations,
    });
  })();
  return strength;
}

/** True when every character repeats the first, or the password is one short block said again. */
function isRepetition(chars: string[]): boolean {
  for (let size = 1; size <= chars.length / 2; size++) {
    if (chars.length % size !== 0) continue;
    if (chars.every((c, i) => c === chars[i % size])) return true;
  }
  return false;
}

/** True when the characters climb or fall one step at a time ("123456789012" wraps 9 → 0 too). */
function isSequence(chars: string[]): boolean {
  const codes = chars.map((c) => c.codePointAt(0) ?? 0);
  const steps = codes.slice(1).map((c, i) => c - codes[i]);
  return steps.length > 0 && (steps.every((s) => s === 1 || s === -9) || steps.every((s) => s === -1 || s === 9));
}

/** The parts of the person's identity a password must not be made of. */
function personalWords(owner: PasswordOwner): string[] {
  const email = owner.email.trim().toLowerCase();
  const local = email.split('@')[0] ?? '';
  const words = [email, local, ...local.split(/[._+-]+/), ...(owner.name ?? '').toLowerCase().split(/\s+/)];
  return [...new Set(words.filter((w) => w.length >= 3))];
}

/** A reason a password is refused: a dictionary key (`password.check.*`) and its numbers. */
export interface PasswordCheck {
  key: string;
  vars?: Record<string, number>;
}

/**
 * What is wrong with a new password, as the key of one sentence for the form's field, or null when
 * it may be used. Async because comparing with the current password means hashing.
 */
export async function passwordCheck(password: string, owner: PasswordOwner): Promise<PasswordCheck | null> {
  const chars = [...password];
  if (chars.length < PASSWORD_MIN) return { key: 'password.check.min', vars: { minimum: PASSWORD_MIN } };
  if (chars.length > PASSWORD_MAX) return { key: 'password.check.max', vars: { maximum: PASSWORD_MAX } };
  const lower = password.toLowerCase();
  const email = owner.email.trim().toLowerCase();
  const local = email.split('@')[0] ?? '';
  const bare = (text: string) => text.replace(/[\s._+-]+/g, '');
  const localBare = bare(local);
  if (
    (email && lower.includes(email)) ||
    (local.length >= 3 && lower.includes(local)) ||
    (localBare.length >= 3 && bare(lower).includes(localBare))
  ) {
    return { key: 'password.check.email' };
  }
  // Whoever knows the number the person signs in with must not hold half the secret: the national
  // number (without +39 and its spacing) may not appear among the password's digits.
  const national = (owner.phone ?? '').replace(/^\+39/, '').replace(/\D/g, '');
  if (national.length >= 6 && password.replace(/\D/g, '').includes(national)) return { key: 'password.check.phone' };
  const compact = [...bare(lower)];
  if (isRepetition(compact) || isSequence(compact)) return { key: 'password.check.pattern' };
  const result = (await strengthChecker()).check(password.slice(0, 100), personalWords(owner));
  if (result.score < MIN_STRENGTH) return { key: 'password.check.common' };
  if (owner.currentHash && (await verifyPassword(password, owner.currentHash))) return { key: 'password.check.current' };
  return null;
}

/**
 * The same, as one Italian sentence (the command line, which speaks Italian). Read from the
 * module's own dictionary: the command line does not load every module's words.
 */
export async function passwordProblem(password: string, owner: PasswordOwner): Promise<string | null> {
  const check = await passwordCheck(password, owner);
  if (!check) return null;
  const text = messages.it[check.key] ?? check.key;
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(check.vars?.[k] ?? `{${k}}`));
}
