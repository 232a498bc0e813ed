import type { VNode } from 'preact';
import { addMessages, t } from '../../core/i18n.js';
import type { Role } from '../../core/roles.js';
import { CheckboxField, ErrorSummary, type Errors, Form, SelectField, TextField } from '../../web/forms.js';
import { Layout, type PageContext } from '../../web/layout.js';
import type { ProviderView } from './oidc.js';

addMessages({
  it: {
    'oidc.or': 'Oppure accedi con l’identità della tua organizzazione',
    'oidc.button': 'Accedi con {label}',
    'oidc.title': 'Accesso con il fornitore di identità',
    'oidc.link': 'Accesso con il fornitore di identità (OpenID Connect)',
    'oidc.intro':
      'Il personale può accedere con l’account dell’organizzazione (per esempio Microsoft Entra ID, Google Workspace, Keycloak), tramite OpenID Connect. Il fornitore dice solo chi è la persona: l’account viene riconosciuto dall’indirizzo e-mail verificato tra le persone di questa organizzazione, oppure creato se l’indirizzo è stato invitato qui sotto. I ruoli si assegnano sempre in Ponte. L’accesso con la password resta possibile.',
    'oidc.redirect': 'Indirizzo di ritorno da registrare presso il fornitore (redirect URI):',
    'oidc.signinUrl': 'Indirizzo diretto di accesso per il personale:',
    'oidc.label': 'Nome sul pulsante',
    'oidc.label.hint': 'Compare come «Accedi con …», per esempio «Account del Comune di Prato».',
    'oidc.issuer': 'Emittente (issuer)',
    'oidc.issuer.hint': 'L’indirizzo del fornitore, senza /.well-known/openid-configuration.',
    'oidc.clientId': 'Identificativo del client (client ID)',
    'oidc.clientSecret': 'Segreto del client (client secret)',
    'oidc.clientSecret.hint.new': 'Viene conservato cifrato e non sarà più mostrato.',
    'oidc.clientSecret.hint.kept': 'Un segreto è già salvato (cifrato, non viene mostrato). Lascia vuoto per mantenerlo.',
    'oidc.enabled': 'Mostra il pulsante di accesso',
    'oidc.saved': 'Impostazioni salvate.',
    'oidc.invitations': 'Persone invitate',
    'oidc.invitations.intro':
      'Chi non ha ancora un account in Ponte lo riceve al primo accesso tramite il fornitore, con il ruolo scelto qui, se il suo indirizzo e-mail è in questo elenco. Un indirizzo non invitato e senza account viene rifiutato.',
    'oidc.invitations.none': 'Nessun invito in attesa.',
    'oidc.invite': 'Invita',
    'oidc.remove': 'Ritira l’invito',
    'oidc.removeOf': 'per {email}',
    'oidc.invited': 'Invito registrato.',
    'oidc.removed': 'Invito ritirato.',
    'oidc.refused.unknown':
      'L’indirizzo {email} non corrisponde a nessuna persona di {organisation} in Ponte e non è stato invitato. Chiedi a un amministratore della tua organizzazione di invitarti.',
    'oidc.refused.unverified':
      'Il fornitore di identità non ha confermato un indirizzo e-mail verificato: non è possibile riconoscere il tuo account.',
    'oidc.refused.inactive': 'L’account di {email} è disattivato.',
    'oidc.refused.failed': 'L’accesso tramite il fornitore di identità non è riuscito o è stato annullato. Riprova.',
    'oidc.refused.expired': 'L’accesso tramite il fornitore di identità è scaduto o non è valido. Riprova.',
    'oidc.refused.unreachable': 'Il fornitore di identità non risponde in questo momento. Riprova più tardi o accedi con la password.',
    'oidc.refused.none': 'Questa organizzazione non ha un accesso con fornitore di identità attivo.',
  },
  en: {
    'oidc.or': 'Or sign in with your organisation’s identity',
    'oidc.button': 'Sign in with {label}',
    'oidc.title': 'Sign-in with the identity provider',
    'oidc.link': 'Sign-in with the identity provider (OpenID Connect)',
    'oidc.intro':
      'Staff can sign in with their organisation’s account (e.g. Microsoft Entra ID, Google Workspace, Keycloak) through OpenID Connect. The provider only says who the person is: the account is found by its verified e-mail among this organisation’s people, or created when the address is invited below. Roles are always set in Ponte. Password sign-in stays available.',
    'oidc.redirect': 'Redirect URI to register with the provider:',
    'oidc.signinUrl': 'Direct sign-in address for staff:',
    'oidc.label': 'Name on the button',
    'oidc.label.hint': 'Shown as “Sign in with …”, e.g. “Comune di Prato account”.',
    'oidc.issuer': 'Issuer',
    'oidc.issuer.hint': 'The provider’s address, without /.well-known/openid-configuration.',
    'oidc.clientId': 'Client ID',
    'oidc.clientSecret': 'Client secret',
    'oidc.clientSecret.hint.new': 'It is kept encrypted and will not be shown again.',
    'oidc.clientSecret.hint.kept': 'A secret is already saved (encrypted, not shown). Leave empty to keep it.',
    'oidc.enabled': 'Show the sign-in button',
    'oidc.saved': 'Settings saved.',
    'oidc.invitations': 'Invited people',
    'oidc.invitations.intro':
      'Someone without a Ponte account gets one at their first sign-in through the provider, with the role chosen here, when their e-mail address is on this list. An address neither invited nor known is refused.',
    'oidc.invitations.none': 'No pending invitations.',
    'oidc.invite': 'Invite',
    'oidc.remove': 'Withdraw the invitation',
    'oidc.removeOf': 'for {email}',
    'oidc.invited': 'Invitation saved.',
    'oidc.removed': 'Invitation withdrawn.',
    'oidc.refused.unknown':
      'The address {email} matches nobody of {organisation} in Ponte and was not invited. Ask an administrator of your organisation to invite you.',
    'oidc.refused.unverified': 'The identity provider did not confirm a verified e-mail address: your account cannot be recognised.',
    'oidc.refused.inactive': 'The account of {email} is disabled.',
    'oidc.refused.failed': 'Sign-in through the identity provider failed or was cancelled. Please try again.',
    'oidc.refused.expired': 'Sign-in through the identity provider expired or is not valid. Please try again.',
    'oidc.refused.unreachable': 'The identity provider is not answering right now. Try again later or sign in with your password.',
    'oidc.refused.none': 'This organisation has no identity-provider sign-in enabled.',
  },
});

/** The login page's buttons, one per organisation with a provider: plain links, no JavaScript. */
export function OidcButtons(props: {
  lang: PageContext['lang'];
  providers: { organisationId: string; label: string; organisation: string }[];
  next?: string;
}): VNode | null {
  if (props.providers.length === 0) return null;
  const l = props.lang;
  const query = props.next ? `?next=${encodeURIComponent(props.next)}` : '';
  return (
    <section class="mt-5" aria-labelledby="oidc-heading">
      <h2 class="h5" id="oidc-heading">
        {t(l, 'oidc.or')}
      </h2>
      <ul class="list-unstyled">
        {props.providers.map((p) => (
          <li class="mb-2">
            <a class="btn btn-outline-primary" href={`/login/oidc/${p.organisationId}${query}`}>
              {t(l, 'oidc.button', { label: p.label })}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function OidcSettingsPage(props: {
  ctx: PageContext;
  organisation: { id: string; name: string };
  provider: ProviderView | null;
  redirectUri: string;
  signInUrl: string;
  invitations: { email: string; name: string; role: string }[];
  roles: Role[];
  errors?: Errors;
  values?: Record<string, string>;
  inviteErrors?: Errors;
  inviteValues?: Record<string, string>;
  message?: string;
}): VNode {
  const l = props.ctx.lang;
  const base = `/admin/organisations/${props.organisation.id}/sign-in`;
  const errors = props.errors ?? {};
  const p = props.provider;
  const v = props.values ?? {
    label: p?.label ?? '',
    issuer: p?.issuer ?? '',
    clientId: p?.clientId ?? '',
    enabled: p && !p.enabled ? '' : '1',
  };
  const ie = props.inviteErrors ?? {};
  const iv = props.inviteValues ?? {};
  return (
    <Layout
      ctx={props.ctx}
      title={`${t(l, 'oidc.title')} · ${props.organisation.name}`}
      crumbs={[
        { href: '/admin', label: t(l, 'nav.backoffice') },
        { href: `/admin/organisations/${props.organisation.id}`, label: props.organisation.name },
        { href: `/admin/organisations/${props.organisation.id}/members`, label: t(l, 'members.title') },
        { label: t(l, 'oidc.title') },
      ]}
    >
      <h1>{t(l, 'oidc.title')}</h1>
      {props.message ? (
        <div class="alert alert-success" role="status">
          {props.message}
        </div>
      ) : null}
      <p>{t(l, 'oidc.intro')}</p>
      <p class="mb-1">{t(l, 'oidc.redirect')}</p>
      <p>
        <code class="text-break">{props.redirectUri}</code>
      </p>
      {p?.enabled ? (
        <>
          <p class="mb-1">{t(l, 'oidc.signinUrl')}</p>
          <p>
            <code class="text-break">{props.signInUrl}</code>
          </p>
        </>
      ) : null}
      <ErrorSummary
        errors={errors}
        title={t(l, 'form.errors')}
        labels={{
          label: t(l, 'oidc.label'),
          issuer: t(l, 'oidc.issuer'),
          clientId: t(l, 'oidc.clientId'),
          clientSecret: t(l, 'oidc.clientSecret'),
        }}
      />
      <div class="col-12 col-md-8 col-lg-6 px-0">
        <Form action={base} csrf={props.ctx.csrf}>
          <TextField
            name="label"
            label={t(l, 'oidc.label')}
            hint={t(l, 'oidc.label.hint')}
            required
            value={v.label}
            error={errors.label}
            maxLength={80}
          />
          <TextField
            name="issuer"
            // Text rather than type="url": a wrong address sent back with its error must stay valid HTML.
            inputMode="url"
            label={t(l, 'oidc.issuer')}
            hint={t(l, 'oidc.issuer.hint')}
            required
            value={v.issuer}
            error={errors.issuer}
            maxLength={500}
            autocomplete="off"
          />
          <TextField
            name="clientId"
            label={t(l, 'oidc.clientId')}
            required
            value={v.clientId}
            error={errors.clientId}
            maxLength={200}
            autocomplete="off"
          />
          <TextField
            name="clientSecret"
            type="password"
            label={t(l, 'oidc.clientSecret')}
            hint={t(l, p ? 'oidc.clientSecret.hint.kept' : 'oidc.clientSecret.hint.new')}
            required={!p}
            error={errors.clientSecret}
            maxLength={500}
            autocomplete="new-password"
          />
          <CheckboxField name="enabled" label={t(l, 'oidc.enabled')} checked={v.enabled === '1'} />
          <button type="submit" class="btn btn-primary">
            {t(l, 'form.save')}
          </button>
        </Form>
      </div>

      <h2 class="h4 mt-5">{t(l, 'oidc.invitations')}</h2>
      <p>{t(l, 'oidc.invitations.intro')}</p>
      {props.invitations.length === 0 ? (
        <p>{t(l, 'oidc.invitations.none')}</p>
      ) : (
        <div class="table-responsive">
          <table class="table">
            <caption class="visually-hidden">{t(l, 'oidc.invitations')}</caption>
            <thead>
              <tr>
                <th scope="col">{t(l, 'members.name')}</th>
                <th scope="col">{t(l, 'members.email')}</th>
                <th scope="col">{t(l, 'members.role')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t(l, 'oidc.remove')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {props.invitations.map((i) => (
                <tr>
                  <td>{i.name}</td>
                  <td>{i.email}</td>
                  <td>{t(l, `role.${i.role}`)}</td>
                  <td>
                    <Form action={`${base}/invitations/remove`} csrf={props.ctx.csrf}>
                      <input type="hidden" name="email" value={i.email} />
                      <button type="submit" class="btn btn-sm btn-outline-danger">
                        {t(l, 'oidc.remove')}
                        <span class="visually-hidden"> {t(l, 'oidc.removeOf', { email: i.email })}</span>
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ErrorSummary
        errors={Object.fromEntries(Object.entries(ie).map(([k, m]) => [`invite-${k}`, m]))}
        title={t(l, 'form.errors')}
        labels={{ 'invite-name': t(l, 'members.name'), 'invite-email': t(l, 'members.email'), 'invite-role': t(l, 'members.role') }}
      />
      <div class="col-12 col-md-8 col-lg-6 px-0">
        <Form action={`${base}/invitations`} csrf={props.ctx.csrf}>
          <TextField name="invite-name" label={t(l, 'members.name')} required value={iv.name} error={ie.name} maxLength={200} />
          <TextField
            name="invite-email"
            type="email"
            label={t(l, 'members.email')}
            required
            value={iv.email}
            error={ie.email}
            maxLength={254}
          />
          <SelectField
            name="invite-role"
            label={t(l, 'members.role')}
            required
            value={iv.role ?? 'staff'}
            error={ie.role}
            options={props.roles.map((r) => ({ value: r, label: t(l, `role.${r}`) }))}
          />
          <button type="submit" class="btn btn-primary">
            {t(l, 'oidc.invite')}
          </button>
        </Form>
      </div>
    </Layout>
  );
}
