import { getIssues } from '@placemarkio/check-geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyRing } from '../../src/core/keys.js';
import { setClockOffset } from '../../src/core/time.js';
import { rotateContactKeys } from '../../src/modules/participation/connectivity/keys.js';
import { eraseDueContacts } from '../../src/modules/participation/connectivity/service.js';
import { Browser, DIALECTS } from '../helpers.js';
import { type ConnectivityWorld, connectivityWorld } from './connectivity-world.js';

describe.each(DIALECTS)('connectivity gaps (%s)', (dialect) => {
  let w: ConnectivityWorld;
  beforeAll(async () => {
    w = await connectivityWorld(dialect);
  });
  afterAll(async () => w?.close());

  const row = (id: string) => w.t.db.k.selectFrom('connectivity_reports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('a citizen reports by comune and street: 201, the report is open and counted on the public page', async () => {
    const res = await w.post(w.body({ problem: 'no-mobile-data', operator: 'tim' }));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      locality: '033025',
      localityName: 'Gropparello',
      street: 'Strada per Sariano 3',
      outside: false,
      status: 'open',
    });
    const page = await w.t.app.inject({ method: 'GET', url: `/connettivita/${w.valnure}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Dove manca la connessione');
    expect(page.body).toMatch(/Gropparello<\/th>(<td[^>]*>0<\/td>){3}<td[^>]*>1<\/td><td[^>]*>1<\/td>/);
    // The public view shows counts only: no street, no frazione.
    expect(page.body).not.toContain('Sariano');
  });

  it('a point inside the Unione takes its comune; a point outside is kept and flagged', async () => {
    const inside = await w.post({
      organisation: w.valnure,
      lat: 44.955,
      lon: 9.69,
      problem: 'slow-broadband',
      operator: 'vodafone',
      building: 'home',
    });
    expect(inside.statusCode).toBe(201);
    expect(inside.json()).toMatchObject({ locality: '033035', localityName: 'Podenzano', outside: false });
    const outside = await w.post({
      organisation: w.valnure,
      lat: 45.4642,
      lon: 9.19,
      problem: 'no-mobile-signal',
      operator: 'iliad',
      building: 'home',
    });
    expect(outside.statusCode).toBe(201);
    expect(outside.json()).toMatchObject({ locality: null, outside: true });
    expect((await row(outside.json().id)).outside).toBe(1);
  });

  it('a school reports for its building with its name; without the name it is refused beside the field', async () => {
    const before = await w.count();
    const bad = await w.post(w.body({ building: 'school' }));
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([{ field: 'schoolName', message: 'scrivi il nome della scuola' }]);
    expect(await w.count()).toBe(before);
    const good = await w.post(w.body({ building: 'school', schoolName: 'Scuola primaria di Gropparello', problem: 'slow-broadband' }));
    expect(good.statusCode).toBe(201);
    expect(good.json()).toMatchObject({ building: 'school', schoolName: 'Scuola primaria di Gropparello' });
  });

  it('refuses with a clear message and writes nothing: no place, a comune of another organisation, too long, the honeypot, half a point', async () => {
    const before = await w.count();
    const cases: [Record<string, unknown>, number, string, string][] = [
      [
        w.body({ locality: undefined, street: undefined }),
        422,
        'locality',
        'scegli il comune e scrivi la via, oppure indica il punto sulla mappa',
      ],
      [w.body({ street: '' }), 422, 'street', 'scrivi la via (o indica il punto sulla mappa)'],
      [w.body({ locality: '017081' }), 422, 'locality', 'scegli un comune dell’elenco'],
      [w.body({ street: 'x'.repeat(201) }), 400, 'street', 'al massimo 200 caratteri'],
      [w.body({ website: 'http://spam.example' }), 400, 'website', 'questo campo deve restare vuoto'],
      [w.body({ lat: 44.9 }), 422, 'lon', 'servono sia la latitudine sia la longitudine'],
      [w.body({ operator: 'other' }), 422, 'operatorOther', 'scrivi il nome dell’operatore'],
      [w.body({ email: 'non-una-mail' }), 400, 'email', 'scrivi un indirizzo e-mail valido, come nome@esempio.it'],
      [w.body({ problem: 'lento' }), 400, 'problem', 'scegli il problema'],
    ];
    for (const [body, status, field, message] of cases) {
      const res = await w.post(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors).toContainEqual({ field, message });
    }
    const en = await w.t.app.inject({
      method: 'POST',
      url: '/api/v1/connectivity-reports?lang=en',
      payload: w.body({ building: 'school' }),
    });
    expect(en.json().errors).toEqual([{ field: 'schoolName', message: 'write the name of the school' }]);
    expect(await w.count()).toBe(before);
  });

  it('the contact is kept encrypted and erased after a year', async () => {
    const res = await w.post(w.body({ email: 'Lucia.Rossi@example.org' }));
    expect(res.statusCode).toBe(201);
    expect(res.json().hasContact).toBe(true);
    const stored = await row(res.json().id);
    expect(stored.contact_email).toBeTruthy();
    expect(stored.contact_email).not.toContain('lucia');
    const job = await w.t.db.k.selectFrom('jobs').selectAll().where('kind', '=', 'connectivity.erase-contacts').executeTakeFirstOrThrow();
    expect(job.run_at).toBe(stored.contact_erase_at);
    // Staff read it back on their page, and that reading is audited.
    const staff = await w.staffBrowser();
    expect((await staff.get(`/admin/organisations/${w.valnure}/connettivita`)).body).toContain('lucia.rossi@example.org');
    expect(
      await w.t.db.k.selectFrom('audit_log').select('action').where('action', '=', 'view-connectivity-contacts').execute(),
    ).not.toHaveLength(0);
    setClockOffset(366 * 86_400_000);
    try {
      expect(await eraseDueContacts(w.t.db)).toBeGreaterThanOrEqual(1);
    } finally {
      setClockOffset(0);
    }
    expect(await row(res.json().id)).toMatchObject({ contact_email: null, contact_erase_at: null, street: 'Strada per Sariano 3' });
  });

  it('rotate-data-key encrypts the contacts kept again under the new key, once', async () => {
    const res = await w.post(w.body({ email: 'piero.bianchi@example.org' }));
    const id = res.json().id as string;
    const newKey = Buffer.alloc(32, 9).toString('base64');
    const next = keyRing(w.t.config).rotatedTo(newKey);
    const first = await rotateContactKeys(w.t.app.deps, next);
    expect(first.reencrypted?.['connectivity contacts']).toBeGreaterThanOrEqual(1);
    const sealed = (await row(id)).contact_email as string;
    // Readable with the new key alone; a second run has nothing left to move.
    expect(keyRing({ dataKey: newKey }).decrypt(sealed)).toBe('piero.bianchi@example.org');
    expect((await rotateContactKeys(w.t.app.deps, next)).reencrypted).toEqual({ 'connectivity contacts': 0 });
  });

  it('staff list and filter the reports; another organisation’s staff and anonymous callers cannot', async () => {
    await w.post(w.body({ locality: '033045', hamlet: 'Albarola', street: 'Località Albarola', problem: 'no-mobile-signal' }));
    const all = await w.staff('GET', `/api/v1/organisations/${w.valnure}/connectivity-reports`);
    expect(all.statusCode).toBe(200);
    expect(all.json().items.length).toBeGreaterThanOrEqual(5);
    expect(JSON.stringify(all.json())).not.toContain('contact');
    const signal = await w.staff('GET', `/api/v1/organisations/${w.valnure}/connectivity-reports?problem=no-mobile-signal`);
    expect(signal.json().items.every((r: { problem: string }) => r.problem === 'no-mobile-signal')).toBe(true);
    expect(signal.json().items.map((r: { hamlet: string }) => r.hamlet)).toContain('Albarola');
    expect((await w.staff('GET', `/api/v1/organisations/${w.valnure}/connectivity-reports?status=gone`)).statusCode).toBe(400);
    expect((await w.outsider('GET', `/api/v1/organisations/${w.valnure}/connectivity-reports`)).statusCode).toBe(403);
    expect((await w.t.app.inject({ method: 'GET', url: `/api/v1/organisations/${w.valnure}/connectivity-reports` })).statusCode).toBe(401);

    const staff = await w.staffBrowser();
    const page = await staff.get(`/admin/organisations/${w.valnure}/connettivita?problem=no-mobile-signal`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Vigolzone, Albarola, Località Albarola');
    expect(page.body).toContain('Punto fuori dai comuni');
    expect(page.body).not.toContain('data-label="Luogo">Gropparello');
    // No tile server configured: no map, the list does the work.
    expect(page.body).not.toContain('connectivity-map');
  });

  it('exports CSV for a spreadsheet and GeoJSON that is valid RFC 7946', async () => {
    const csv = await w.staff('GET', `/api/v1/organisations/${w.valnure}/connectivity-reports?format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('"Gropparello";"Sariano";"Strada per Sariano 3"');
    expect(csv.body).not.toContain('example.org');
    const geo = await w.staff('GET', `/api/v1/organisations/${w.valnure}/connectivity-reports?format=geojson`);
    expect(geo.statusCode).toBe(200);
    expect(geo.headers['content-type']).toContain('application/geo+json');
    expect(getIssues(geo.body)).toEqual([]);
    const fc = JSON.parse(geo.body);
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.length).toBeGreaterThanOrEqual(2);
    expect(fc.features.map((f: { geometry: { coordinates: number[] } }) => f.geometry.coordinates)).toContainEqual([9.69, 44.955]);
    expect((await w.outsider('GET', `/api/v1/organisations/${w.valnure}/connectivity-reports?format=geojson`)).statusCode).toBe(403);
  });

  it('staff resolve a report and merge a duplicate: both leave the public counts; a second close is refused', async () => {
    const counts = async () =>
      (await w.t.app.inject({ method: 'GET', url: `/api/v1/organisations/${w.valnure}/connectivity-counts` })).json().items as {
        code: string | null;
        total: number;
        byProblem: Record<string, number>;
      }[];
    const totalOf = async (code: string) => (await counts()).find((c) => c.code === code)?.total ?? 0;
    const a = (await w.post(w.body({ locality: '033011', hamlet: 'Chero', street: 'Strada di Chero 1' }))).json().id;
    const b = (await w.post(w.body({ locality: '033011', hamlet: 'Chero', street: 'Strada di Chero 2' }))).json().id;
    expect(await totalOf('033011')).toBe(2);

    expect((await w.outsider('POST', `/api/v1/connectivity-reports/${b}/merge`, { into: a })).statusCode).toBe(403);
    const merged = await w.staff('POST', `/api/v1/connectivity-reports/${b}/merge`, { into: a });
    expect(merged.statusCode).toBe(200);
    expect(merged.json()).toMatchObject({ status: 'merged', mergedInto: a });
    expect(await totalOf('033011')).toBe(1);
    expect((await w.staff('POST', `/api/v1/connectivity-reports/${a}/merge`, { into: b })).statusCode).toBe(422);

    const staff = await w.staffBrowser();
    const back = `/admin/organisations/${w.valnure}/connettivita`;
    const resolved = await staff.post(`/admin/connectivity-reports/${a}/risolvi`, { back }, { from: back });
    expect(resolved.statusCode).toBe(303);
    expect(resolved.headers.location).toBe(`${back}?fatto=resolved`);
    expect((await staff.get(resolved.headers.location as string)).body).toContain('Segnalazione segnata come risolta.');
    expect(await row(a)).toMatchObject({ status: 'resolved' });
    expect(await totalOf('033011')).toBe(0);
    expect((await w.staff('POST', `/api/v1/connectivity-reports/${a}/resolve`)).statusCode).toBe(409);
    const audited = await w.t.db.k.selectFrom('audit_log').select('action').where('entity_id', 'in', [a, b]).execute();
    expect(audited.map((r) => r.action).sort()).toEqual(['connectivity-report.merged', 'connectivity-report.resolved']);
  });

  it('the form works without JavaScript: errors in Italian beside the field, then the report is received', async () => {
    const citizen = new Browser(w.t.app);
    const url = `/connettivita/${w.valnure}/segnala`;
    const form = await citizen.get(url);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<option value="033036">Ponte dell\'Olio</option>');
    const before = await w.count();
    const bad = await citizen.post(
      url,
      { locality: '033036', street: '', problem: 'no-broadband', operator: 'unknown', building: 'home', website: '' },
      { from: url },
    );
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('<div id="e-street" class="ponte-field-error">scrivi la via (o indica il punto sulla mappa)</div>');
    expect(await w.count()).toBe(before);
    const html = '<b>Via</b> <script>alert(1)</script>';
    const good = await citizen.post(
      url,
      {
        locality: '033036',
        hamlet: 'Folignano',
        street: html,
        problem: 'no-broadband',
        operator: 'unknown',
        building: 'home',
        website: '',
      },
      { from: url },
    );
    expect(good.statusCode).toBe(201);
    expect(good.body).toContain('Segnalazione ricevuta');
    expect(await w.count()).toBe(before + 1);
    // What a citizen wrote is shown as text, never as markup.
    const staff = await w.staffBrowser();
    const page = (await staff.get(`/admin/organisations/${w.valnure}/connettivita`)).body;
    expect(page).toContain('&lt;b>Via&lt;/b> &lt;script>alert(1)&lt;/script>');
    expect(page).not.toContain('<script>alert(1)');
  });
});

describe.each(DIALECTS)('connectivity map and limits (%s)', (dialect) => {
  let w: ConnectivityWorld;
  beforeAll(async () => {
    w = await connectivityWorld(dialect, {
      rateLimitMax: 3,
      mapTiles: { url: 'https://{s}.tile.example.org/{z}/{x}/{y}.png', attribution: '© OpenStreetMap contributors' },
    });
  });
  afterAll(async () => w?.close());

  it('with a tile server the map is on the form and the staff page, and only its images are let in', async () => {
    const form = await w.t.app.inject({ method: 'GET', url: `/connettivita/${w.valnure}/segnala` });
    expect(form.body).toContain('id="connectivity-map"');
    expect(form.body).toContain('data-tiles="https://{s}.tile.example.org/{z}/{x}/{y}.png"');
    expect(form.body).toMatch(/src="\/static\/v\/leaflet\.[0-9a-f]{10}\.js"/);
    const csp = String(form.headers['content-security-policy']);
    expect(csp).toContain("img-src 'self' data: https://*.tile.example.org");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    const leaflet = await w.t.app.inject({ method: 'GET', url: /src="(\/static\/v\/leaflet\.[0-9a-f]{10}\.js)"/.exec(form.body)![1] });
    expect(leaflet.statusCode).toBe(200);
    await w.post(w.body({ lat: 44.84, lon: 9.72, street: '<img src=x onerror=alert(1)>' }));
    const staff = await w.staffBrowser();
    const page = await staff.get(`/admin/organisations/${w.valnure}/connettivita`);
    expect(page.body).toContain('id="connectivity-points"');
    expect(page.body).toContain('\\u003cimg src=x onerror=alert(1)>');
    expect(String(page.headers['content-security-policy'])).toContain('https://*.tile.example.org');
  });

  it('the public form is rate limited per address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await w.post(w.body())).statusCode);
    expect(codes).toContain(429);
    expect(codes.filter((c) => c === 201).length).toBeLessThanOrEqual(3);
  });
});
