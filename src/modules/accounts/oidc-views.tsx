import type { VNode } from 'preact';
import { t } from '../../core/i18n.js';
import type { Role } from '../../core/roles.js';
import { DataTable } from '../../web/components/data-table.js';
import { FieldList } from '../../web/components/field-list.js';
import { type FormPageProps, formPage } from '../../web/components/form-page.js';
import { ButtonForm, FormBlock } from '../../web/components/form-section.js';
import { staffCrumbs } from '../../web/components/staff-crumbs.js';
import { type Errors, type FormBody, Notice } from '../../web/forms.js';
import { Layout, type PageContext } from '../../web/layout.js';
import type { ProviderView } from './oidc.js';
import { personFields } from './views.js';

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

export function OidcSettingsPage(
  props: FormPageProps & {
    organisation: { id: string; name: string };
    provider: ProviderView | null;
    redirectUri: string;
    signInUrl: string;
    invitations: { email: string; name: string; role: string }[];
    roles: Role[];
    inviteErrors?: Errors;
    inviteValues?: Record<string, string>;
    message?: string;
  },
): VNode {
  const base = `/admin/organisations/${props.organisation.id}/sign-in`;
  const p = props.provider;
  const {
    l,
    v,
    e: errors,
  } = formPage(props, {
    label: p?.label ?? '',
    issuer: p?.issuer ?? '',
    clientId: p?.clientId ?? '',
    enabled: p && !p.enabled ? '' : '1',
    emailsVerified: p?.emailsVerified ? '1' : '',
  });
  return (
    <Layout
      ctx={props.ctx}
      title={`${t(l, 'oidc.title')} · ${props.organisation.name}`}
      crumbs={staffCrumbs(
        l,
        props.organisation,
        { href: `/admin/organisations/${props.organisation.id}/members`, label: t(l, 'members.title') },
        { label: t(l, 'oidc.title') },
      )}
    >
      <h1>{t(l, 'oidc.title')}</h1>
      {props.message ? <Notice kind="success">{props.message}</Notice> : null}
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
      <ProviderForm l={l} csrf={props.ctx.csrf} action={base} known={p !== null} errors={errors} values={v} />
      <Invitations l={l} csrf={props.ctx.csrf} action={`${base}/invitations/remove`} invitations={props.invitations} />
      <InviteForm
        l={l}
        csrf={props.ctx.csrf}
        action={`${base}/invitations`}
        roles={props.roles}
        errors={props.inviteErrors ?? {}}
        values={props.inviteValues ?? {}}
      />
    </Layout>
  );
}

type FormProps = { l: PageContext['lang']; csrf?: string; action: string };

/** The provider's settings: issuer, client id and secret (kept when left empty), on or off. */
function ProviderForm(props: FormProps & { known: boolean; errors: Errors; values: FormBody }): VNode {
  const { l, errors, values: v } = props;
  return (
    <FormBlock
      lang={l}
      errors={errors}
      labels={{
        label: t(l, 'oidc.label'),
        issuer: t(l, 'oidc.issuer'),
        clientId: t(l, 'oidc.clientId'),
        clientSecret: t(l, 'oidc.clientSecret'),
      }}
      action={props.action}
      csrf={props.csrf}
      submit={t(l, 'form.save')}
    >
      <FieldList
        values={v}
        errors={errors}
        label={(name) => t(l, `oidc.${name}`)}
        fields={[
          { name: 'label', hint: t(l, 'oidc.label.hint'), required: true, maxLength: 80 },
          // Text rather than type="url": a wrong address sent back with its error must stay valid HTML.
          { name: 'issuer', inputMode: 'url', hint: t(l, 'oidc.issuer.hint'), required: true, maxLength: 500, autocomplete: 'off' },
          { name: 'clientId', required: true, maxLength: 200, autocomplete: 'off' },
          {
            name: 'clientSecret',
            type: 'password',
            hint: t(l, props.known ? 'oidc.clientSecret.hint.kept' : 'oidc.clientSecret.hint.new'),
            required: !props.known,
            maxLength: 500,
            autocomplete: 'new-password',
          },
          { name: 'emailsVerified', kind: 'checkbox', hint: t(l, 'oidc.emailsVerified.hint') },
          { name: 'enabled', kind: 'checkbox' },
        ]}
      />
    </FormBlock>
  );
}

/** The people invited to sign in with the provider, each with a button to withdraw the invitation. */
function Invitations(props: FormProps & { invitations: { email: string; name: string; role: string }[] }): VNode {
  const { l } = props;
  return (
    <>
      <h2 class="h4 mt-5">{t(l, 'oidc.invitations')}</h2>
      <p>{t(l, 'oidc.invitations.intro')}</p>
      <DataTable
        caption={t(l, 'oidc.invitations')}
        none={t(l, 'oidc.invitations.none')}
        columns={[t(l, 'members.name'), t(l, 'members.email'), t(l, 'members.role'), { label: t(l, 'oidc.remove'), hidden: true }]}
      >
        {props.invitations.map((i) => (
          <tr>
            <td>{i.name}</td>
            <td>{i.email}</td>
            <td>{t(l, `role.${i.role}`)}</td>
            <td>
              <ButtonForm
                action={props.action}
                csrf={props.csrf}
                hidden={{ email: i.email }}
                label={t(l, 'oidc.remove')}
                class="btn btn-sm btn-outline-danger"
              >
                <span class="visually-hidden"> {t(l, 'oidc.removeOf', { email: i.email })}</span>
              </ButtonForm>
            </td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}

/** The same fields under the names of the invitation form (`invite-name`, …). */
const prefixed = (fields: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(fields).map(([k, m]) => [`invite-${k}`, m]));

/** Invites a person by name, e-mail and role: their first sign-in through the provider makes the account. */
function InviteForm(props: FormProps & { roles: Role[]; errors: Errors; values: Record<string, string> }): VNode {
  const { l, errors: ie, values: iv } = props;
  return (
    <FormBlock
      lang={l}
      errors={prefixed(ie)}
      labels={{ 'invite-name': t(l, 'members.name'), 'invite-email': t(l, 'members.email'), 'invite-role': t(l, 'members.role') }}
      action={props.action}
      csrf={props.csrf}
      submit={t(l, 'oidc.invite')}
    >
      <FieldList
        values={prefixed({ role: 'staff', ...iv })}
        errors={prefixed(ie)}
        label={(name) => name}
        fields={personFields(l, props.roles, 'invite-')}
      />
    </FormBlock>
  );
}
