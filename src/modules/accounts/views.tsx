import type { VNode } from 'preact';
import { t } from '../../core/i18n.js';
import type { Role } from '../../core/roles.js';
import { ChoiceFieldset } from '../../web/components/choice-inputs.js';
import { DataTable } from '../../web/components/data-table.js';
import { FieldList, type FieldSpec } from '../../web/components/field-list.js';
import { type FormPageProps, formPage, SubmitButton } from '../../web/components/form-page.js';
import { ButtonForm, FormBlock } from '../../web/components/form-section.js';
import { staffCrumbs } from '../../web/components/staff-crumbs.js';
import { NarrowPage } from '../../web/components/titled-page.js';
import { CheckboxField, type Errors, Form, FormProblem, Notice, TextField } from '../../web/forms.js';
import { Layout, type PageContext } from '../../web/layout.js';
import { contactOf } from './contact.js';

/** The e-mail (or mobile number) one signs in with, as the sign-in and the forgotten-password forms ask it. */
export function SignInField(props: { label: string; value?: string; error?: string }): VNode {
  return (
    <TextField
      name="email"
      type="text"
      label={props.label}
      value={props.value}
      required
      autocomplete="username"
      maxLength={254}
      error={props.error}
    />
  );
}

/** A new password and its confirmation, as the account page and the set-password link ask them. */
export function NewPasswordFields(props: {
  labels: { password: string; hint: string; confirm: string };
  errors: Errors;
  maxLength?: number;
}): VNode {
  const { labels, errors } = props;
  return (
    <FieldList
      values={undefined}
      errors={errors}
      label={(name) => (name === 'password' ? labels.password : labels.confirm)}
      fields={[
        { name: 'password', type: 'password', required: true, autocomplete: 'new-password', hint: labels.hint, maxLength: props.maxLength },
        { name: 'confirm', type: 'password', required: true, autocomplete: 'new-password', maxLength: props.maxLength },
      ]}
    />
  );
}

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
    <NarrowPage ctx={props.ctx} heading={t(l, 'login.title')}>
      <p>{t(l, 'login.intro')}</p>
      <FormProblem errors={props.error ? { _: props.error } : undefined} />
      <Form action="/login" csrf={props.ctx.csrf}>
        <input type="hidden" name="next" value={props.next ?? ''} />
        <SignInField label={t(l, 'login.email')} value={props.email} />
        <TextField
          name="password"
          type="password"
          label={t(l, 'login.password')}
          required
          autocomplete="current-password"
          maxLength={200}
        />
        <SubmitButton label={t(l, 'login.submit')} />
      </Form>
      <p class="mt-3">
        <a href="/password/forgot">{t(l, 'login.forgot')}</a>
      </p>
      {props.after}
    </NarrowPage>
  );
}

export function AccountPage(
  props: FormPageProps & {
    /** The e-mail, or the mobile number of an account that signs in by phone. */
    email: string;
    roles: { role: Role; organisation: string }[];
    done?: boolean;
    tokensRevoked?: boolean;
  },
): VNode {
  const { l, e: errors } = formPage(props);
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
      {props.done ? <Notice kind="success">{t(l, props.tokensRevoked ? 'account.changedTokens' : 'account.changed')}</Notice> : null}
      <FormBlock
        ctx={props.ctx}
        errors={errors}
        labels={{ current: t(l, 'account.current'), password: t(l, 'account.new'), confirm: t(l, 'account.confirm') }}
        action="/account/password"
        submit={t(l, 'form.save')}
      >
        <TextField
          name="current"
          type="password"
          label={t(l, 'account.current')}
          required
          autocomplete="current-password"
          error={errors.current}
        />
        <NewPasswordFields
          labels={{ password: t(l, 'account.new'), hint: t(l, 'account.hint'), confirm: t(l, 'account.confirm') }}
          errors={errors}
        />
        <CheckboxField name="revokeTokens" label={t(l, 'account.revokeTokens')} hint={t(l, 'account.revokeTokens.hint')} />
      </FormBlock>
    </Layout>
  );
}

/** A person's name, e-mail and role, as the members' form and the identity provider's invitations ask them. */
export function personFields(l: PageContext['lang'], roles: readonly string[], prefix = ''): FieldSpec[] {
  return [
    { name: `${prefix}name`, label: t(l, 'members.name'), required: true, maxLength: 200 },
    { name: `${prefix}email`, label: t(l, 'members.email'), type: 'email', required: true, maxLength: 254 },
    {
      name: `${prefix}role`,
      label: t(l, 'members.role'),
      kind: 'select',
      required: true,
      options: roles.map((r) => ({ value: r, label: t(l, `role.${r}`) })),
    },
  ];
}

export function MembersPage(
  props: FormPageProps & {
    organisation: { id: string; name: string };
    members: {
      userId: string;
      name: string;
      email: string | null;
      phone: string | null;
      role: string;
      nationalId: string | null;
      nationalName: string | null;
    }[];
    roles: Role[];
    canAdd: boolean;
    created?: { email: string; password?: string };
  },
): VNode {
  const { l, v, e: errors } = formPage(props);
  return (
    <Layout
      ctx={props.ctx}
      title={`${t(l, 'members.title')} · ${props.organisation.name}`}
      crumbs={staffCrumbs(l, props.organisation, { label: t(l, 'members.title') })}
    >
      <h1>{t(l, 'members.title')}</h1>
      {props.canAdd ? (
        <p>
          <a href={`/admin/organisations/${props.organisation.id}/sign-in`}>{t(l, 'oidc.link')}</a>
        </p>
      ) : null}
      {props.created ? (
        <Notice kind="success">
          {props.created.password
            ? t(l, 'members.created', { email: props.created.email, password: props.created.password })
            : t(l, 'members.invited', { email: props.created.email })}
        </Notice>
      ) : null}
      <DataTable
        caption={t(l, 'members.title')}
        none={t(l, 'members.none')}
        columns={[
          t(l, 'members.name'),
          t(l, 'members.contact'),
          t(l, 'members.role'),
          t(l, 'members.nationalId'),
          t(l, 'members.nationalName'),
          props.canAdd && { label: t(l, 'members.national.edit'), hidden: true },
        ]}
      >
        {props.members.map((m) => (
          <tr>
            <td>{m.name}</td>
            <td>{contactOf(m)}</td>
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
      </DataTable>
      {props.canAdd ? (
        <>
          <h2 class="h4">{t(l, 'members.add')}</h2>
          <FormBlock
            ctx={props.ctx}
            errors={errors}
            labels={{ name: t(l, 'members.name'), email: t(l, 'members.email'), role: t(l, 'members.role') }}
            action={`/admin/organisations/${props.organisation.id}/members`}
            submit={t(l, 'form.add')}
          >
            <FieldList
              values={{ role: 'staff', ...v }}
              errors={errors}
              label={(name) => t(l, `members.${name}`)}
              fields={personFields(l, props.roles)}
            />
            <ChoiceFieldset
              legend={t(l, 'members.credentials')}
              type="radio"
              name="credentials"
              idPrefix="f-credentials-"
              checked={(way) => (v.credentials ?? 'link') === way}
              choices={(['link', 'password'] as const).map((way) => ({ value: way, label: t(l, `members.credentials.${way}`) }))}
            />
          </FormBlock>
        </>
      ) : null}
    </Layout>
  );
}

export function MemberPage(
  props: FormPageProps & {
    organisation: { id: string; name: string };
    member: {
      id: string;
      name: string;
      email: string | null;
      phone: string | null;
      nationalId: string | null;
      nationalName: string | null;
      roles: Role[];
    };
    saved?: boolean;
    /** The purpose of the set-password link just sent, when one was. */
    linkSent?: string;
  },
): VNode {
  const m = props.member;
  const { l, v, e: errors } = formPage(props, { nationalId: m.nationalId ?? '', nationalName: m.nationalName ?? '' });
  const membersUrl = `/admin/organisations/${props.organisation.id}/members`;
  return (
    <Layout
      ctx={props.ctx}
      title={`${t(l, 'member.title')} · ${m.name}`}
      crumbs={staffCrumbs(l, props.organisation, { href: membersUrl, label: t(l, 'members.title') }, { label: m.name })}
    >
      <h1>{m.name}</h1>
      <p>
        {contactOf(m)} · {t(l, 'member.roles')}: {m.roles.map((r) => t(l, `role.${r}`)).join(', ')}
      </p>
      <h2 class="h4">{t(l, 'member.title')}</h2>
      {props.saved ? <Notice kind="success">{t(l, 'member.saved')}</Notice> : null}
      <p>{t(l, 'member.intro')}</p>
      <FormBlock
        ctx={props.ctx}
        errors={errors}
        labels={{ nationalId: t(l, 'member.nationalId'), nationalName: t(l, 'member.nationalName') }}
        action={`${membersUrl}/${m.id}`}
        submit={t(l, 'form.save')}
      >
        <FieldList
          values={v}
          errors={errors}
          label={(name) => t(l, `member.${name}`)}
          fields={[
            { name: 'nationalId', hint: t(l, 'member.nationalId.hint'), maxLength: 40, autocomplete: 'off' },
            { name: 'nationalName', hint: t(l, 'member.nationalName.hint'), maxLength: 120, autocomplete: 'off' },
          ]}
        />
      </FormBlock>
      <h2 class="h4 mt-5">{t(l, 'member.access')}</h2>
      {props.linkSent === 'invite' || props.linkSent === 'reset' ? (
        <Notice kind="success">{t(l, `member.link.sent.${props.linkSent}`, { email: contactOf(m) })}</Notice>
      ) : null}
      <p>{t(l, 'member.link.intro')}</p>
      <ButtonForm
        action={`${membersUrl}/${m.id}/password-link`}
        csrf={props.ctx.csrf}
        label={t(l, 'member.link.send')}
        class="btn btn-outline-primary"
      />
      <p class="mt-4">
        <a href={membersUrl}>{t(l, 'members.title')}</a>
      </p>
    </Layout>
  );
}
