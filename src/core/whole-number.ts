import { z } from 'zod';

/** The refusals of a whole number, by dictionary key: not a number, not whole, too small, too large. */
export type WholeNumberKeys = { number: string; integer: string; min: string; max: string };

/** A whole number from `min` to `max`; `keys` names each refusal, or one key names them all. */
export function wholeNumber(min: number, max: number, keys: WholeNumberKeys | string) {
  const k = typeof keys === 'string' ? { number: keys, integer: keys, min: keys, max: keys } : keys;
  return z.number({ message: k.number }).int(k.integer).min(min, k.min).max(max, k.max);
}
