import type { VNode } from 'preact';
import { addMessages, t } from '../../core/i18n.js';
import type { Role } from '../../core/roles.js';
import { CheckboxField, ErrorSummary, type Errors, Form, SelectField, TextField } from '../../web/forms.js';
import { Layout, type PageContext } from '../../web/layout.js';

addMessages({
  it: {
    'login.title': "Accedi all'area riservata",
    'login.intro':
      "L'area riservata è per il personale dei programmi, i facilitatori e i volontari. I cittadini non hanno bisogno di un account.",
    'login.email': 'Indirizzo e-mail',
    'login.password': 'Password',
    'login.submit': 'Accedi',
    'login.invalid': 'E-mail o password non corretti.',
    'login.locked': "Troppi tentativi non riusciti: per sicurezza l'accesso con questo indirizzo è bloccato per 15 minuti.",
    'login.expired': 'La sessione è scaduta: accedi di nuovo.',
    'login.forgot': 'Password dimenticata?',
    'account.revokeTokens': 'Revoca anche i miei token API',
    'account.revokeTokens.hint': 'I programmi che usano un tuo token API smetteranno di funzionare finché non ne crei uno nuovo.',
    'account.changedTokens': 'Password cambiata. Le altre sessioni aperte sono state chiuse e i tuoi token API revocati.',
    'members.credentials': 'Come riceve la password',
    'members.credentials.link': 'Con un link per e-mail, valido 7 giorni, per scegliere la password (consigliato)',
    'members.credentials.password': 'Mostrami una password iniziale da comunicare io',
    'members.invited': "Account creato per {email}. Gli abbiamo mandato un'e-mail con un link, valido 7 giorni, per scegliere la password.",
    'member.access': 'Accesso',
    'member.link.intro':
      "Manda a questa persona un'e-mail con un link per scegliere una nuova password: serve a chi l'ha dimenticata o non ha mai usato l'invito. Il link vale una sola volta (7 giorni per un account mai usato, altrimenti 30 minuti); la password attuale resta valida finché non viene usato.",
    'member.link.send': 'Invia il link per impostare la password',
    'member.link.sent.invite': 'Abbiamo mandato un nuovo invito a {email}: il link vale 7 giorni.',
    'member.link.sent.reset': 'Abbiamo mandato a {email} un link per impostare la password: vale 30 minuti.',
    'account.title': 'Il mio profilo',
    'account.roles': 'I miei ruoli',
    'account.password': 'Cambia password',
    'account.current': 'Password attuale',
    'account.new': 'Nuova password',
    'account.confirm': 'Ripeti la nuova password',
    'account.changed': 'Password cambiata. Le altre sessioni aperte sono state chiuse.',
    'account.hint':
      'Almeno 10 caratteri, diversa da quella attuale. Non usare il tuo indirizzo e-mail, caratteri ripetuti o in sequenza, né password comuni: tre o quattro parole che non stiano insieme sono facili da ricordare e difficili da indovinare.',
    'members.title': 'Persone e ruoli',
    'members.add': 'Aggiungi una persona',
    'members.name': 'Nome e cognome',
    'members.email': 'E-mail',
    'members.role': 'Ruolo',
    'members.nationalId': 'ID sulla piattaforma nazionale',
    'members.nationalName': 'Nominativo sulla piattaforma nazionale',
    'members.national.edit': 'Identità nazionale',
    'members.national.editOf': 'di {name}',
    'member.title': 'Identità sulla piattaforma nazionale',
    'member.intro':
      'La piattaforma nazionale di monitoraggio (Facilita) riconosce il facilitatore dal codice fiscale (preferito) o da un identificativo numerico; con l’identificativo numerico confronta anche il nominativo, che deve essere scritto esattamente come vi è registrato.',
    'member.roles': 'Ruoli in questa organizzazione',
    'member.nationalId': 'Codice fiscale o identificativo numerico (IDFacilitatore)',
    'member.nationalId.hint':
      'Il codice fiscale del facilitatore, 16 caratteri, oppure il suo identificativo numerico sulla piattaforma (solo cifre). Lascia vuoto per toglierlo.',
    'member.nationalName': 'Cognome e nome sulla piattaforma (NominativoFacilitatore)',
    'member.nationalName.hint':
      'Nella forma "Cognome Nome", esattamente come registrato sulla piattaforma, ad esempio "De Luca Maria". Lascia vuoto per toglierlo.',
    'member.saved': 'Identità nazionale salvata.',
    'members.created': 'Account creato per {email}. Password iniziale (comunicala in modo sicuro, non verrà mostrata di nuovo): {password}',
    'members.none': 'Nessuna persona con un ruolo in questa organizzazione.',
    'role.platform-admin': 'Amministratore della piattaforma',
    'role.org-admin': "Amministratore dell'organizzazione",
    'role.staff': 'Personale del programma',
    'role.facilitator': 'Facilitatore',
    'role.volunteer': 'Volontario',
    'role.partner': 'Partner',
  },
  en: {
    'login.title': 'Sign in to the staff area',
    'login.intro': 'The staff area is for programme staff, facilitators and volunteers. Citizens do not need an account.',
    'login.email': 'E-mail address',
    'login.password': 'Password',
    'login.submit': 'Sign in',
    'login.invalid': 'Wrong e-mail or password.',
    'login.locked': 'Too many failed attempts: sign-in with this address is locked for 15 minutes.',
    'login.expired': 'Your session has expired: please sign in again.',
    'login.forgot': 'Forgot your password?',
    'account.revokeTokens': 'Also revoke my API tokens',
    'account.revokeTokens.hint': 'Programs using one of your API tokens will stop working until you create a new one.',
    'account.changedTokens': 'Password changed. Your other open sessions were closed and your API tokens revoked.',
    'members.credentials': 'How they get their password',
    'members.credentials.link': 'By an e-mailed link, valid 7 days, to choose it (recommended)',
    'members.credentials.password': 'Show me an initial password to pass on myself',
    'members.invited': 'Account created for {email}. We e-mailed them a link, valid 7 days, to choose their password.',
    'member.access': 'Sign-in',
    'member.link.intro':
      'E-mail this person a link to choose a new password: for someone who forgot it or never used their invitation. The link works once (7 days for an account never used, otherwise 30 minutes); the current password keeps working until it is used.',
    'member.link.send': 'Send the set-password link',
    'member.link.sent.invite': 'We sent a new invitation to {email}: the link is valid 7 days.',
    'member.link.sent.reset': 'We sent {email} a link to set their password: it is valid 30 minutes.',
    'account.title': 'My account',
    'account.roles': 'My roles',
    'account.password': 'Change password',
    'account.current': 'Current password',
    'account.new': 'New password',
    'account.confirm': 'Repeat the new password',
    'account.changed': 'Password changed. Your other open sessions were closed.',
    'account.hint':
      'At least 10 characters, not the current one. Do not use your e-mail address, repeated or sequential characters, or common passwords: three or four unrelated words are easy to remember and hard to guess.',
    'members.title': 'People and roles',
    'members.add': 'Add a person',
    'members.name': 'Full name',
    'members.email': 'E-mail',
    'members.role': 'Role',
    'members.nationalId': 'ID on the national platform',
    'members.nationalName': 'Name on the national platform',
    'members.national.edit': 'National identity',
    'members.national.editOf': 'of {name}',
    'member.title': 'Identity on the national platform',
    'member.intro':
      'The national monitoring platform (Facilita) recognises a facilitator by their codice fiscale (preferred) or by a numeric id; with a numeric id it also compares the name, which must be written exactly as registered there.',
    'member.roles': 'Roles in this organisation',
    'member.nationalId': 'Codice fiscale or numeric id (IDFacilitatore)',
    'member.nationalId.hint':
      "The facilitator's codice fiscale, 16 characters, or their numeric id on the platform (digits only). Leave empty to remove it.",
    'member.nationalName': 'Surname and name on the platform (NominativoFacilitatore)',
    'member.nationalName.hint': 'As "Surname Name", exactly as registered on the platform, e.g. "De Luca Maria". Leave empty to remove it.',
    'member.saved': 'National identity saved.',
    'members.created': 'Account created for {email}. Initial password (share it safely; it will not be shown again): {password}',
    'members.none': 'Nobody has a role in this organisation.',
    'role.platform-admin': 'Platform administrator',
    'role.org-admin': 'Organisation administrator',
    'role.staff': 'Programme staff',
    'role.facilitator': 'Facilitator',
    'role.volunteer': 'Volunteer',
    'role.partner': 'Partner',
  },
});

export function LoginPage(props: {
  ctx: PageContext;
  email?: string;
  next?: string;
  error?: string;
  /** Other ways in, below the form (the organisations' identity providers). */
  after?: VNode | null;
}): VNode {
  const l = props.ctx.lang;
  return (
    <Layout ctx={props.ctx} title={t(l, 'login.title')}>
      <div class="row">
        <div class="col-12 col-md-8 col-lg-6">
          <h1>{t(l, 'login.title')}</h1>
          <p>{t(l, 'login.intro')}</p>
          {props.error ? (
            <div class="alert alert-danger" role="alert">
              {props.error}
            </div>
          ) : null}
          <Form action="/login" csrf={props.ctx.csrf}>
            <input type="hidden" name="next" value={props.next ?? ''} />
            <TextField
              name="email"
              type="email"
              label={t(l, 'login.email')}
              value={props.email}
              required
              autocomplete="username"
              maxLength={254}
            />
            <TextField
              name="password"
              type="password"
              label={t(l, 'login.password')}
              required
              autocomplete="current-password"
              maxLength={200}
            />
            <button type="submit" class="btn btn-primary">
              {t(l, 'login.submit')}
            </button>
          </Form>
          <p class="mt-3">
            <a href="/password/forgot">{t(l, 'login.forgot')}</a>
          </p>
          {props.after}
        </div>
      </div>
    </Layout>
  );
}

export function AccountPage(props: {
  ctx: PageContext;
  email: string;
  roles: { role: Role; organisation: string }[];
  errors?: Errors;
  done?: boolean;
  tokensRevoked?: boolean;
}): VNode {
  const l = props.ctx.lang;
  const errors = props.errors ?? {};
  return (
    <Layout ctx={props.ctx} title={t(l, 'account.title')}>
      <h1>{t(l, 'account.title')}</h1>
      <p>
        {props.ctx.userName} · {props.email}
      </p>
      <h2 class="h4">{t(l, 'account.roles')}</h2>
      <ul>
        {props.roles.map((r) => (
          <li>
            {t(l, `role.${r.role}`)}
            {r.organisation ? ` · ${r.organisation}` : ''}
          </li>
        ))}
      </ul>
      {props.roles.some((r) => r.role === 'platform-admin' || r.role === 'org-admin') ? (
        <p>
          <a href="/account/2fa">{t(l, 'totp.title')}</a>
        </p>
      ) : null}
      <h2 class="h4">{t(l, 'account.password')}</h2>
      {props.done ? (
        <div class="alert alert-success" role="status">
          {t(l, props.tokensRevoked ? 'account.changedTokens' : 'account.changed')}
        </div>
      ) : null}
      <ErrorSummary
        errors={errors}
        title={t(l, 'form.errors')}
        labels={{ current: t(l, 'account.current'), password: t(l, 'account.new'), confirm: t(l, 'account.confirm') }}
      />
      <div class="col-12 col-md-8 col-lg-6 px-0">
        <Form action="/account/password" csrf={props.ctx.csrf}>
          <TextField
            name="current"
            type="password"
            label={t(l, 'account.current')}
            required
            autocomplete="current-password"
            error={errors.current}
          />
          <TextField
            name="password"
            type="password"
            label={t(l, 'account.new')}
            required
            autocomplete="new-password"
            hint={t(l, 'account.hint')}
            error={errors.password}
          />
          <TextField
            name="confirm"
            type="password"
            label={t(l, 'account.confirm')}
            required
            autocomplete="new-password"
            error={errors.confirm}
          />
          <CheckboxField name="revokeTokens" label={t(l, 'account.revokeTokens')} hint={t(l, 'account.revokeTokens.hint')} />
          <button type="submit" class="btn btn-primary">
            {t(l, 'form.save')}
          </button>
        </Form>
      </div>
    </Layout>
  );
}

export function MembersPage(props: {
  ctx: PageContext;
  organisation: { id: string; name: string };
  members: { userId: string; name: string; email: string; role: string; nationalId: string | null; nationalName: string | null }[];
  roles: Role[];
  canAdd: boolean;
  errors?: Errors;
  values?: Record<string, string>;
  created?: { email: string; password?: string };
}): VNode {
  const l = props.ctx.lang;
  const errors = props.errors ?? {};
  const v = props.values ?? {};
  return (
    <Layout
      ctx={props.ctx}
      title={`${t(l, 'members.title')} · ${props.organisation.name}`}
      crumbs={[
        { href: '/admin', label: t(l, 'nav.backoffice') },
        { href: `/admin/organisations/${props.organisation.id}`, label: props.organisation.name },
        { label: t(l, 'members.title') },
      ]}
    >
      <h1>{t(l, 'members.title')}</h1>
      {props.canAdd ? (
        <p>
          <a href={`/admin/organisations/${props.organisation.id}/sign-in`}>{t(l, 'oidc.link')}</a>
        </p>
      ) : null}
      {props.created ? (
        <div class="alert alert-success" role="status">
          {props.created.password
            ? t(l, 'members.created', { email: props.created.email, password: props.created.password })
            : t(l, 'members.invited', { email: props.created.email })}
        </div>
      ) : null}
      {props.members.length === 0 ? (
        <p>{t(l, 'members.none')}</p>
      ) : (
        <div class="table-responsive">
          <table class="table">
            <caption class="visually-hidden">{t(l, 'members.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t(l, 'members.name')}</th>
                <th scope="col">{t(l, 'members.email')}</th>
                <th scope="col">{t(l, 'members.role')}</th>
                <th scope="col">{t(l, 'members.nationalId')}</th>
                <th scope="col">{t(l, 'members.nationalName')}</th>
                {props.canAdd ? (
                  <th scope="col">
                    <span class="visually-hidden">{t(l, 'members.national.edit')}</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {props.members.map((m) => (
                <tr>
                  <td>{m.name}</td>
                  <td>{m.email}</td>
                  <td>{t(l, `role.${m.role}`)}</td>
                  <td>{m.nationalId ?? '—'}</td>
                  <td>{m.nationalName ?? '—'}</td>
                  {props.canAdd ? (
                    <td>
                      <a href={`/admin/organisations/${props.organisation.id}/members/${m.userId}`}>
                        {t(l, 'members.national.edit')}
                        <span class="visually-hidden"> {t(l, 'members.national.editOf', { name: m.name })}</span>
                      </a>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.canAdd ? (
        <>
          <h2 class="h4">{t(l, 'members.add')}</h2>
          <ErrorSummary
            errors={errors}
            title={t(l, 'form.errors')}
            labels={{ name: t(l, 'members.name'), email: t(l, 'members.email'), role: t(l, 'members.role') }}
          />
          <div class="col-12 col-md-8 col-lg-6 px-0">
            <Form action={`/admin/organisations/${props.organisation.id}/members`} csrf={props.ctx.csrf}>
              <TextField name="name" label={t(l, 'members.name')} required value={v.name} error={errors.name} maxLength={200} />
              <TextField
                name="email"
                type="email"
                label={t(l, 'members.email')}
                required
                value={v.email}
                error={errors.email}
                maxLength={254}
              />
              <SelectField
                name="role"
                label={t(l, 'members.role')}
                required
                value={v.role ?? 'staff'}
                error={errors.role}
                options={props.roles.map((r) => ({ value: r, label: t(l, `role.${r}`) }))}
              />
              <fieldset class="mb-3">
                <legend class="h6">{t(l, 'members.credentials')}</legend>
                {(['link', 'password'] as const).map((way) => (
                  <div class="form-check">
                    <input
                      class="form-check-input"
                      type="radio"
                      id={`f-credentials-${way}`}
                      name="credentials"
                      value={way}
                      checked={(v.credentials ?? 'link') === way}
                    />
                    <label class="form-check-label" for={`f-credentials-${way}`}>
                      {t(l, `members.credentials.${way}`)}
                    </label>
                  </div>
                ))}
              </fieldset>
              <button type="submit" class="btn btn-primary">
                {t(l, 'form.add')}
              </button>
            </Form>
          </div>
        </>
      ) : null}
    </Layout>
  );
}

export function MemberPage(props: {
  ctx: PageContext;
  organisation: { id: string; name: string };
  member: { id: string; name: string; email: string; nationalId: string | null; nationalName: string | null; roles: Role[] };
  errors?: Errors;
  values?: Record<string, string>;
  saved?: boolean;
  /** The purpose of the set-password link just sent, when one was. */
  linkSent?: string;
}): VNode {
  const l = props.ctx.lang;
  const m = props.member;
  const errors = props.errors ?? {};
  const v = props.values ?? { nationalId: m.nationalId ?? '', nationalName: m.nationalName ?? '' };
  const membersUrl = `/admin/organisations/${props.organisation.id}/members`;
  return (
    <Layout
      ctx={props.ctx}
      title={`${t(l, 'member.title')} · ${m.name}`}
      crumbs={[
        { href: '/admin', label: t(l, 'nav.backoffice') },
        { href: `/admin/organisations/${props.organisation.id}`, label: props.organisation.name },
        { href: membersUrl, label: t(l, 'members.title') },
        { label: m.name },
      ]}
    >
      <h1>{m.name}</h1>
      <p>
        {m.email} · {t(l, 'member.roles')}: {m.roles.map((r) => t(l, `role.${r}`)).join(', ')}
      </p>
      <h2 class="h4">{t(l, 'member.title')}</h2>
      {props.saved ? (
        <div class="alert alert-success" role="status">
          {t(l, 'member.saved')}
        </div>
      ) : null}
      <p>{t(l, 'member.intro')}</p>
      <ErrorSummary
        errors={errors}
        title={t(l, 'form.errors')}
        labels={{ nationalId: t(l, 'member.nationalId'), nationalName: t(l, 'member.nationalName') }}
      />
      {errors._ ? (
        <div class="alert alert-danger" role="alert">
          {errors._}
        </div>
      ) : null}
      <div class="col-12 col-md-8 col-lg-6 px-0">
        <Form action={`${membersUrl}/${m.id}`} csrf={props.ctx.csrf}>
          <TextField
            name="nationalId"
            label={t(l, 'member.nationalId')}
            value={v.nationalId}
            error={errors.nationalId}
            hint={t(l, 'member.nationalId.hint')}
            maxLength={40}
            autocomplete="off"
          />
          <TextField
            name="nationalName"
            label={t(l, 'member.nationalName')}
            value={v.nationalName}
            error={errors.nationalName}
            hint={t(l, 'member.nationalName.hint')}
            maxLength={120}
            autocomplete="off"
          />
          <button type="submit" class="btn btn-primary">
            {t(l, 'form.save')}
          </button>
        </Form>
      </div>
      <h2 class="h4 mt-5">{t(l, 'member.access')}</h2>
      {props.linkSent === 'invite' || props.linkSent === 'reset' ? (
        <div class="alert alert-success" role="status">
          {t(l, `member.link.sent.${props.linkSent}`, { email: m.email })}
        </div>
      ) : null}
      <p>{t(l, 'member.link.intro')}</p>
      <Form action={`${membersUrl}/${m.id}/password-link`} csrf={props.ctx.csrf}>
        <button type="submit" class="btn btn-outline-primary">
          {t(l, 'member.link.send')}
        </button>
      </Form>
      <p class="mt-4">
        <a href={membersUrl}>{t(l, 'members.title')}</a>
      </p>
    </Layout>
  );
}
