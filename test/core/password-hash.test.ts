// Each stored hash carries its own scrypt cost, so a lower cost for new hashes (the suites run at
// PASSWORD_HASH_COST=10) never locks out a password hashed at the default 2^15, and a cost outside
// 10–20 stops the process at start rather than weakening every new password.

import { spawnSync } from 'node:child_process';
import { randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../src/core/passwords.js';

const PASSWORD = 'fiume lampada ventoso arancia';

describe('password hashes', () => {
  it('record the cost they were made with, and verify', async () => {
    const stored = await hashPassword(PASSWORD);
    const [kind, n, r, p] = stored.split('$');
    expect(kind).toBe('scrypt');
    expect(Number(n)).toBe(2 ** Number(process.env.PASSWORD_HASH_COST ?? 15));
    expect([r, p]).toEqual(['8', '1']);
    expect(await verifyPassword(PASSWORD, stored)).toBe(true);
    expect(await verifyPassword('un’altra password', stored)).toBe(false);
  });

  it('verify a hash made at the default cost 2^15 whatever the cost of new ones', async () => {
    const salt = randomBytes(16);
    const key = scryptSync(PASSWORD, salt, 32, { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
    const stored = `scrypt$32768$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
    expect(await verifyPassword(PASSWORD, stored)).toBe(true);
    expect(await verifyPassword(`${PASSWORD}!`, stored)).toBe(false);
  });

  it('refuse a cost outside 10–20 when the process starts', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', "await import('./src/core/passwords.ts')"], {
      env: { ...process.env, PASSWORD_HASH_COST: '4' },
      encoding: 'utf8',
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('PASSWORD_HASH_COST must be a whole number from 10 to 20');
  });
});
