import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import { KeyRing, keyRing, tokenHash } from '../../src/core/keys.js';
import * as totp from '../../src/modules/accounts/totp.js';
import * as desks from '../../src/modules/desks/service.js';
import * as events from '../../src/modules/events/service.js';
import { dataKeys } from '../../src/modules/facilitation/crypto.js';
import { decryptSecret } from '../../src/modules/webhooks/secrets.js';
import { createSubscription } from '../../src/modules/webhooks/service.js';
import { everyDay, openDate, at as rome, SPID } from '../desks/fixtures.js';
import { makeWorld, recordBody, type World } from '../facilitation/fixtures.js';
import { createTestApp, DIALECTS, runCli, type TestApp, testConfig } from '../helpers.js';

// `rotate-data-key` end to end: records of every module that derives something from DATA_KEY are
// made under the old key, the command runs as `npm run ponte` runs it, and the application is
// restarted with DATA_KEY = new and DATA_KEY_PREVIOUS = old.

const SLOW = 180_000;
const BASE_URL = 'http://ponte.test';

describe('the key ring', () => {
  // The formulas each module used before the ring gathered them: links already sent and hashes
  // already stored must keep matching.
  const key = randomBytes(32).toString('base64');
  const root = Buffer.from(key, 'base64');
  const hmac = (k: Buffer, v: string, enc: 'base64url' | 'hex' = 'base64url') => createHmac('sha256', k).update(v).digest(enc);
  const sub = (info: string) => createHmac('sha256', root).update(info).digest();

  it('derives what the modules derived before, byte for byte', () => {
    const ring = new KeyRing(key);
    const id = '01936b2e-0000-7000-8000-000000000001';
    expect(ring.link('events.manage', id)).toBe(hmac(sub('ponte/events/manage-token'), id));
    expect(ring.hash('events.contact', 'e:anna@example.org')).toBe(hmac(sub('ponte/events/contact-hash'), 'e:anna@example.org'));
    expect(ring.link('desks.manage', id)).toBe(hmac(root, `desk-manage:${id}`));
    expect(ring.hash('desks.contact', 'email:a@b.it')).toBe(hmac(root, 'desk-contact:email:a@b.it', 'hex'));
    expect(ring.link('skills.result', id)).toBe(hmac(root, `skills-result:${id}`));
    // A secret sealed the old way (AES-256-GCM under HMAC(root, info)) opens.
    const kind = { version: 'w1', info: 'ponte/webhooks/signing-secret' };
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', sub(kind.info), iv);
    const body = Buffer.concat([cipher.update('whsec_segreto', 'utf8'), cipher.final()]);
    const sealed = `w1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
    expect(ring.unseal(kind, sealed)).toBe('whsec_segreto');
  });

  it('opens a link of a previous key, not a revoked one, and moves stored values to the new key', () => {
    const old = new KeyRing(key);
    const rotated = old.rotatedTo(randomBytes(32).toString('base64'));
    const id = '01936b2e-0000-7000-8000-000000000002';
    const oldLink = old.link('events.manage', id);
    const stored = tokenHash(oldLink);
    expect(rotated.verifyLink('events.manage', id, oldLink, stored)).toBe(true);
    expect(rotated.verifyLink('events.manage', id, rotated.link('events.manage', id), stored)).toBe(true);
    // A link replaced by a random hash (revoked) stays revoked.
    expect(rotated.verifyLink('events.manage', id, oldLink, tokenHash('altro'))).toBe(false);
    expect(rotated.relinkedHash('events.manage', id, tokenHash('altro'))).toBeNull();
    const moved = rotated.relinkedHash('events.manage', id, stored);
    expect(moved).toBe(tokenHash(rotated.link('events.manage', id)));
    expect(rotated.relinkedHash('events.manage', id, moved)).toBeNull();
    // Without the old key in the ring, the old link opens nothing.
    expect(new KeyRing(rotated.current.base64).verifyLink('events.manage', id, oldLink, moved)).toBe(false);
  });
});

describe.each(DIALECTS)('rotate-data-key (%s)', (dialect) => {
  let t: TestApp;
  let w: World;
  const oldKey = Buffer.alloc(32, 7).toString('base64');
  const newKey = randomBytes(32).toString('base64');
  const made = {} as {
    registration: string;
    manageToken: string;
    eventId: string;
    appointment: string;
    appointmentToken: string;
    hook: string;
    hookSecret: string;
    totpSecret: string;
    adminId: string;
    fiscalCode: string;
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, { baseUrl: BASE_URL, rateLimitMax: 0, dataKey: oldKey, dataKeysPrevious: [] });
    w = await makeWorld(t);
    const deps = t.app.deps;

    made.eventId = (
      await events.createEvent(deps, null, {
        organisation: w.org,
        title: 'Incontro sullo SPID',
        description: 'Come attivare e usare SPID, passo per passo.',
        type: 'incontro',
        format: 'in_presenza',
        venue: w.venue,
        capacity: 10,
        maxSeatsPerBooking: 4,
        bookingRequired: true,
        status: 'published',
        audiences: ['anziani'],
        topics: ['spid'],
        sessions: [
          {
            start: new Date(Date.now() + 10 * 86_400_000).toISOString(),
            end: new Date(Date.now() + 10 * 86_400_000 + 7_200_000).toISOString(),
          },
        ],
      })
    ).id;
    const booked = await events.book(
      deps,
      made.eventId,
      { name: 'Anna Rossi', email: 'anna@example.org', seats: 1, privacyAccepted: true },
      { source: 'web' },
    );
    made.registration = booked.registration.id;
    made.manageToken = booked.manageToken as string;

    const desk = (
      await desks.createDesk(t.db, {
        organisation: w.org,
        venue: w.venue,
        name: 'Sportello SPID',
        services: [SPID],
        openingHours: everyDay(),
      })
    ).id;
    const appointment = await desks.bookAppointment(deps, desk, {
      service: 'spid',
      start: rome(openDate(), '09:00'),
      name: 'Bruno Bianchi',
      email: 'bruno@example.org',
      phone: '333 123 4567',
    });
    made.appointment = appointment.appointment.id;
    made.appointmentToken = appointment.manageToken;

    const hook = await createSubscription(deps, w.org, { url: 'https://hooks.example.org/ponte', events: ['registration.created'] }, null);
    made.hook = hook.subscription.id;
    made.hookSecret = hook.secret;

    made.adminId = w.users.admin.id;
    await totp.startEnrolment(t.db, t.config, made.adminId);
    const pending = await totp.pendingEnrolment(t.db, t.config, made.adminId, w.users.admin.email);
    made.totpSecret = (pending?.secret ?? '').replace(/\s+/g, '');

    const body = recordBody(w);
    made.fiscalCode = (body.citizen as { fiscalCode: string }).fiscalCode;
    const record = await w.api.facilitator('POST', '/api/v1/facilitations', body);
    expect(record.statusCode, record.body).toBe(201);
  }, SLOW);
  afterAll(async () => {
    await t?.close();
  });

  /** The rows that hold what was derived from DATA_KEY. */
  const stored = async () => ({
    registration: await t.db.k
      .selectFrom('registrations')
      .select(['contact_hash', 'manage_token_hash'])
      .where('id', '=', made.registration)
      .executeTakeFirstOrThrow(),
    appointment: await t.db.k
      .selectFrom('desk_appointments')
      .select(['email_hash', 'phone_hash', 'manage_token_hash'])
      .where('id', '=', made.appointment)
      .executeTakeFirstOrThrow(),
    hook: (await t.db.k.selectFrom('webhook_subscriptions').select('secret').where('id', '=', made.hook).executeTakeFirstOrThrow()).secret,
    totp: (await t.db.k.selectFrom('user_totp').select('secret_enc').where('user_id', '=', made.adminId).executeTakeFirstOrThrow())
      .secret_enc,
    citizen: await t.db.k.selectFrom('facilitation_citizens').select(['cf_enc', 'key_hash', 'key_id']).executeTakeFirstOrThrow(),
  });

  it(
    'moves every derived key: old links still open, secrets and codici fiscali still read, a returning person is recognised',
    async () => {
      const before = await stored();
      const res = await runCli(['rotate-data-key', '--new-key', newKey], { DATABASE_URL: t.url, DATA_KEY: oldKey });
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toMatch(/^events: Re-keyed 1 contact hashes, 1 manage links$/m);
      expect(res.stdout).toMatch(/^desks: Re-keyed 2 contact hashes, 1 appointment links$/m);
      expect(res.stdout).toMatch(/^webhooks: Re-encrypted 1 signing secrets$/m);
      expect(res.stdout).toMatch(/^accounts: Re-encrypted 0 provider secrets, 1 TOTP seeds$/m);
      expect(res.stdout).toMatch(/^facilitation: Re-encrypted 1 codici fiscali$/m);

      // Every stored value changed, and is now what the new key alone makes.
      const after = await stored();
      const fresh = keyRing({ dataKey: newKey });
      expect(after.registration.contact_hash).not.toBe(before.registration.contact_hash);
      expect(after.registration.contact_hash).toBe(fresh.hash('events.contact', 'e:anna@example.org'));
      expect(after.registration.manage_token_hash).toBe(tokenHash(fresh.link('events.manage', made.registration)));
      expect(after.appointment.email_hash).not.toBe(before.appointment.email_hash);
      expect(after.appointment.email_hash).toBe(fresh.hash('desks.contact', 'email:bruno@example.org'));
      expect(after.appointment.phone_hash).not.toBe(before.appointment.phone_hash);
      expect(after.appointment.manage_token_hash).toBe(tokenHash(fresh.link('desks.manage', made.appointment)));
      expect(after.hook).not.toBe(before.hook);
      expect(after.totp).not.toBe(before.totp);
      expect(after.citizen.cf_enc).not.toBe(before.citizen.cf_enc);
      expect(after.citizen.key_hash).not.toBe(before.citizen.key_hash);

      // Only the new key: secrets and codici fiscali are read without the old one.
      const onlyNew: Pick<Config, 'dataKey' | 'dataKeysPrevious'> = { dataKey: newKey, dataKeysPrevious: [] };
      expect(decryptSecret(onlyNew, after.hook)).toBe(made.hookSecret);
      expect(dataKeys(onlyNew).decrypt(after.citizen.cf_enc as string)).toBe(made.fiscalCode);
      const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(made.totpSecret), digits: 6, period: 30 }).generate();
      expect(await totp.confirmEnrolment(t.db, onlyNew, made.adminId, code)).toHaveLength(10);

      // Restarted with DATA_KEY = new and DATA_KEY_PREVIOUS = old.
      const app = await buildApp({
        config: testConfig({ databaseUrl: t.url, baseUrl: BASE_URL, rateLimitMax: 0, dataKey: newKey, dataKeysPrevious: [oldKey] }),
        db: t.db,
        logger: false,
      });
      try {
        // The links sent before the rotation open the booking and the appointment…
        const booking = await app.inject({ url: `/api/v1/registrations/${made.registration}?token=${made.manageToken}` });
        expect(booking.statusCode, booking.body).toBe(200);
        const appointment = await app.inject({ url: `/api/v1/appointments/${made.appointment}?token=${made.appointmentToken}` });
        expect(appointment.statusCode, appointment.body).toBe(200);
        // …and so do the links written into e-mails after it.
        const newLink = events.manageToken(app.deps.config, made.registration);
        expect(newLink).not.toBe(made.manageToken);
        expect((await app.inject({ url: `/api/v1/registrations/${made.registration}?token=${newLink}` })).statusCode).toBe(200);
        const newAppointmentLink = desks.manageToken(app.deps, made.appointment);
        expect((await app.inject({ url: `/api/v1/appointments/${made.appointment}?token=${newAppointmentLink}` })).statusCode).toBe(200);
        // A wrong token still opens nothing.
        expect((await app.inject({ url: `/api/v1/registrations/${made.registration}?token=${'x'.repeat(43)}` })).statusCode).toBe(404);

        // The same person booking again is recognised (the hash is under the new key).
        const again = await events.book(
          app.deps,
          made.eventId,
          { name: 'Anna R.', email: ' Anna@example.org ', seats: 1, privacyAccepted: true },
          { source: 'web' },
        );
        expect(again.existing).toBe(true);
        expect(decryptSecret(app.deps.config, after.hook)).toBe(made.hookSecret);
      } finally {
        await app.close();
      }

      // Running it again finds nothing left to move.
      const twice = await runCli(['rotate-data-key', '--new-key', newKey], {
        DATABASE_URL: t.url,
        DATA_KEY: newKey,
        DATA_KEY_PREVIOUS: oldKey,
      });
      expect(twice.code).toBe(1);
      expect(twice.stderr).toMatch(/the new key is the current DATA_KEY/);
    },
    SLOW,
  );
});
