import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type World, world } from '../events/booking-fixtures.js';
import { Browser } from '../helpers.js';

/**
 * The home page and the catalogue are kept a few seconds for visitors who are not signed in: a new
 * event shows up for them within seconds, at once for signed-in staff.
 */
describe('pages kept a few seconds for anonymous visitors', () => {
  let w: World;
  beforeAll(async () => {
    w = await world('sqlite');
  });
  afterAll(() => w.close());
  afterEach(() => vi.restoreAllMocks());

  for (const path of ['/', '/eventi']) {
    it(`${path}: the same page for seconds to visitors, fresh for staff, fresh again after the few seconds`, async () => {
      const visitor = async () => w.t.app.inject({ method: 'GET', url: path });
      const first = await visitor();
      expect(first.statusCode).toBe(200);
      // Nothing to post there for a visitor: no CSRF cookie is handed out.
      expect(String(first.headers['set-cookie'] ?? '')).not.toContain('ponte_csrf');
      const title = `Incontro appena pubblicato ${path}`;
      await w.event({ title }, 1);

      expect((await visitor()).body).not.toContain(title);
      const staff = new Browser(w.t.app);
      expect((await staff.signIn('staff@prato.example', 'una-password-lunga')).statusCode).toBe(303);
      const fresh = await staff.get(path);
      expect(fresh.statusCode).toBe(200);
      expect(fresh.body).toContain(title);

      const later = Date.now() + 6_000;
      vi.spyOn(Date, 'now').mockReturnValue(later);
      expect((await visitor()).body).toContain(title);
    });
  }
});
