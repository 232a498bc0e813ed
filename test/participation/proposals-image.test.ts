import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.js';
import { type ParticipationWorld, participationWorld } from './world.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/** The proposal form as a browser sends it with a file: multipart, the CSRF token among the fields. */
async function sendForm(w: ParticipationWorld, fields: Record<string, string>, file?: { name: string; type: string; data: Buffer }) {
  const page = await w.t.app.inject({ method: 'GET', url: `/partecipa/processi/${w.process}/proposte/nuova` });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
  const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const boundary = '----ponte-test';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries({ _csrf: csrf, ...fields })) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
    );
    parts.push(file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return w.t.app.inject({
    method: 'POST',
    url: `/partecipa/processi/${w.process}/proposte`,
    headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat(parts),
  });
}

describe.each(DIALECTS)('a proposal with an image (%s)', (dialect) => {
  let w: ParticipationWorld;
  beforeAll(async () => {
    w = await participationWorld(dialect);
  });
  afterAll(() => w?.close());

  const fields = (email: string) => ({
    title: 'Con foto',
    body: 'Guardate la piazza',
    municipality: '100005',
    category: 'Connettività',
    email,
    website: '',
  });
  const images = async () => (await w.t.db.k.selectFrom('participation_proposal_images').select('proposal_id').execute()).length;

  it('a PNG goes with the proposal and is shown once the e-mail is confirmed', async () => {
    const res = await sendForm(w, fields('foto@example.org'), { name: 'piazza.png', type: 'image/png', data: PNG });
    expect(res.statusCode).toBe(201);
    const opened = await w.t.app.inject({ method: 'GET', url: `/partecipa/conferma/${await w.linkFor('foto@example.org')}` });
    const id = /\/partecipa\/proposte\/([0-9a-f-]+)/.exec(opened.body)![1];
    const page = await w.t.app.inject({ method: 'GET', url: `/partecipa/proposte/${id}` });
    expect(page.body).toContain(`src="/partecipa/proposte/${id}/immagine"`);
    expect(page.body).toContain('alt="Immagine della proposta “Con foto”"');
    const img = await w.t.app.inject({ method: 'GET', url: `/partecipa/proposte/${id}/immagine` });
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
    expect(img.rawPayload.equals(PNG)).toBe(true);
  });

  it('a file that is not JPEG or PNG is refused next to its field, one over 2 MB with a 413: nothing written', async () => {
    const before = await images();
    const text = await sendForm(w, fields('testo@example.org'), {
      name: 'x.png',
      type: 'image/png',
      data: Buffer.from('non è una immagine'),
    });
    expect(text.statusCode).toBe(422);
    expect(text.body).toContain('l’immagine deve essere JPEG o PNG');
    const big = await sendForm(w, fields('grande@example.org'), {
      name: 'big.png',
      type: 'image/png',
      data: Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024 + 10)]),
    });
    expect(big.statusCode).toBe(413);
    expect(await images()).toBe(before);
    const none = await w.t.db.k.selectFrom('participation_proposals').select('id').where('title', '=', 'Con foto').execute();
    expect(none).toHaveLength(1);
  });
});
