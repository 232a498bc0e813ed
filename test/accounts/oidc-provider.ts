import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/**
 * A real OpenID Connect provider (`oidc-provider`) on a random loopback port, with one confidential
 * client registered for Ponte's callback. Its development login page signs in whoever types a
 * login listed in `people` (any password); other logins get an address nobody knows.
 */

export interface Person {
  email: string;
  name: string;
  /** Whether the provider vouches for the address (default true); null: it sends no `email_verified` claim at all. */
  verified?: boolean | null;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

export async function startProvider(opts: { redirectUris: string[]; people: Record<string, Person> }): Promise<TestProvider> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'ponte';
  const clientSecret = 'segreto-del-client-ponte-per-le-prove-0123456789';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: opts.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: ['chiave-dei-cookie-del-fornitore-di-prova'] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, sub) {
      const person = opts.people[sub] ?? { email: `${sub}@sconosciuto.example`, name: sub };
      return {
        accountId: sub,
        async claims() {
          const verified =
            person.verified === undefined ? { email_verified: true } : person.verified === null ? {} : { email_verified: person.verified };
          return { sub, email: person.email, ...verified, name: person.name };
        },
      };
    },
    // Ponte is the organisation's own application: no consent screen, the grant is given at once.
    async loadExistingGrant(ctx) {
      const clientIdOf = ctx.oidc.client!.clientId;
      const existing = ctx.oidc.session!.grantIdFor(clientIdOf);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      const grant = new ctx.oidc.provider.Grant({ clientId: clientIdOf, accountId: ctx.oidc.session!.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  server.on('request', provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Connections kept alive by the clients would hold the port open.
        server.closeAllConnections();
      }),
  };
}

/**
 * Goes through the provider like a browser: follows its redirects with its cookies and fills its
 * login form with `login`, until it sends the browser back to Ponte. Returns that address.
 */
export async function signInAtProvider(authorizationUrl: string, login: string, backTo: string): Promise<URL> {
  const jar = new Map<string, string>();
  let url = new URL(authorizationUrl);
  let method = 'GET';
  let body: string | undefined;
  for (let hop = 0; hop < 20; hop++) {
    const res = await fetch(url, {
      method,
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body,
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    method = 'GET';
    body = undefined;
    const location = res.headers.get('location');
    if (location) {
      url = new URL(location, url);
      if (url.href.startsWith(backTo)) return url;
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`the provider answered ${res.status} without a form: ${html.slice(0, 300)}`);
    const fields = new URLSearchParams();
    for (const m of html.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) fields.set(m[1], m[2]);
    if (html.includes('name="login"')) {
      fields.set('login', login);
      fields.set('password', 'qualsiasi');
    }
    url = new URL(action.replace(/&amp;/g, '&'), url);
    method = 'POST';
    body = fields.toString();
  }
  throw new Error('too many hops at the provider');
}
