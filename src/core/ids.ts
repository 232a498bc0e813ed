import { randomBytes } from 'node:crypto';
import { v7 } from 'uuid';

/** Time-ordered, unguessable id used as primary key on both dialects. */
export function newId(): string {
  return v7();
}

/** A random token for private links and cookies (256 bits, URL-safe). */
export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export function isId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
