import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPrivateAddress, isPrivateHost } from '../../src/modules/webhooks/addresses.js';
import { decryptSecret, encryptSecret } from '../../src/modules/webhooks/secrets.js';
import { urlProblem } from '../../src/modules/webhooks/service.js';
import { newSigningSecret, signatureHeader, verifySignature } from '../../src/modules/webhooks/signing.js';
import { testConfig } from '../helpers.js';

describe('webhook signatures', () => {
  const secret = newSigningSecret();
  const body = '{"id":"x","type":"registration.created"}';
  const t = 1_780_000_000;

  it('are the hex HMAC-SHA256 of "t.body" under the secret, as a receiver computes it', () => {
    const header = signatureHeader(secret, body, t);
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(header).toBe(`t=${t},v1=${expected}`);
    expect(verifySignature(secret, header, body, t + 10)).toEqual({ ok: true, timestamp: t });
  });

  it('fail with another secret, another body, or a timestamp changed in the header', () => {
    const header = signatureHeader(secret, body, t);
    expect(verifySignature(newSigningSecret(), header, body, t)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature(secret, header, `${body} `, t)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature(secret, header.replace(`t=${t}`, `t=${t + 1}`), body, t)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('fail when the timestamp is older than the tolerance (a replay), or too far ahead', () => {
    const header = signatureHeader(secret, body, t);
    expect(verifySignature(secret, header, body, t + 300)).toMatchObject({ ok: true });
    expect(verifySignature(secret, header, body, t + 301)).toEqual({ ok: false, reason: 'too-old' });
    expect(verifySignature(secret, header, body, t + 3600, 7200)).toMatchObject({ ok: true });
    expect(verifySignature(secret, header, body, t - 301)).toEqual({ ok: false, reason: 'in-future' });
  });

  it('accept any matching v1 among several (a receiver may list old and new secrets) and refuse malformed headers', () => {
    const good = signatureHeader(secret, body, t);
    const other = signatureHeader(newSigningSecret(), body, t).split(',')[1];
    expect(verifySignature(secret, `${good},${other}`, body, t)).toMatchObject({ ok: true });
    for (const bad of [undefined, '', 'v1=abc', `t=${t}`, `t=abc,v1=${'0'.repeat(64)}`, 'garbage', `t=${t},v1=zz`]) {
      expect(verifySignature(secret, bad, body, t).ok, String(bad)).toBe(false);
    }
  });

  it('never throw, whatever the header', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 100 }), (header, b) => {
        expect(verifySignature(secret, header, b, t).ok).toBe(false);
      }),
    );
  });
});

describe('signing secrets at rest', () => {
  it('are encrypted under a key derived from DATA_KEY and read back only with it', () => {
    const config = testConfig();
    const secret = newSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const stored = encryptSecret(config, secret);
    expect(stored).not.toContain(secret.slice(6));
    expect(encryptSecret(config, secret)).not.toBe(stored);
    expect(decryptSecret(config, stored)).toBe(secret);
    const other = testConfig({ dataKey: Buffer.alloc(32, 9).toString('base64') });
    expect(() => decryptSecret(other, stored)).toThrow();
  });
});

describe('webhook addresses', () => {
  it('knows loopback, private, link-local and reserved addresses', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '0.0.0.0',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '[::1]',
    ]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['8.8.8.8', '151.1.1.1', '2a00:1450:4002::1', '172.32.0.1']) expect(isPrivateAddress(a), a).toBe(false);
    for (const h of ['localhost', 'api.localhost', 'intranet', 'db.internal', '127.0.0.1', '[::1]']) expect(isPrivateHost(h), h).toBe(true);
    expect(isPrivateHost('hooks.example.org')).toBe(false);
  });

  it('refuses private addresses only when configuration does not allow them', () => {
    const strict = { webhookAllowPrivate: false };
    const open = { webhookAllowPrivate: true };
    expect(urlProblem(strict, 'http://127.0.0.1:8080/hook')).toMatch(/rete privata/);
    expect(urlProblem(strict, 'https://localhost/hook')).toMatch(/rete privata/);
    expect(urlProblem(strict, 'http://169.254.169.254/latest/meta-data')).toMatch(/rete privata/);
    expect(urlProblem(strict, 'https://hooks.example.org/ponte')).toBeNull();
    expect(urlProblem(open, 'http://127.0.0.1:8080/hook')).toBeNull();
    expect(testConfig({}, {}).webhookAllowPrivate).toBe(true);
  });

  it('refuses what is not an http(s) address, carries credentials, or is too long', () => {
    const c = { webhookAllowPrivate: true };
    expect(urlProblem(c, undefined)).toMatch(/indica/);
    expect(urlProblem(c, '   ')).toMatch(/indica/);
    expect(urlProblem(c, 'ftp://example.org/x')).toMatch(/https:\/\//);
    expect(urlProblem(c, 'javascript:alert(1)')).toMatch(/https:\/\//);
    expect(urlProblem(c, 'example.org/hook')).toMatch(/non è un indirizzo valido/);
    expect(urlProblem(c, 'https://user:pw@example.org/hook')).toMatch(/nome utente o password/);
    expect(urlProblem(c, `https://example.org/${'a'.repeat(2000)}`)).toMatch(/al massimo 2000/);
  });
});
