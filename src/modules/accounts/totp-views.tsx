import type { VNode } from 'preact';
import { t } from '../../core/i18n.js';
import { ButtonLink } from '../../web/components/action-links.js';
import { type FormPageProps, formPage, SubmitButton } from '../../web/components/form-page.js';
import { ButtonForm, FormBlock } from '../../web/components/form-section.js';
import { NarrowPage } from '../../web/components/titled-page.js';
import { CheckboxField, type Errors, Form, FormProblem, Notice, TextField } from '../../web/forms.js';
import { Layout, type PageContext } from '../../web/layout.js';
import type { Enrolment, TotpStatus } from './totp.js';

/** A message, shown only when there is one. */
function Alert(props: { kind: 'danger' | 'success' | 'info'; text?: string }): VNode | null {
  return props.text ? <Notice kind={props.kind}>{props.text}</Notice> : null;
}

/** The form that asks for the app's code: the set-up's last step, turning it off, the sign-in's second step. */
function CodeForm(props: { ctx: PageContext; errors: Errors; action: string; submit: string; submitClass?: string; width?: false }): VNode {
  const l = props.ctx.lang;
  return (
    <FormBlock
      ctx={props.ctx}
      errors={props.errors}
      labels={{ code: t(l, 'totp.code') }}
      action={props.action}
      submit={props.submit}
      submitClass={props.submitClass}
      width={props.width}
    >
      <TextField
        name="code"
        label={t(l, 'totp.code')}
        hint={t(l, 'totp.code.hint')}
        required
        inputMode="numeric"
        autocomplete="one-time-code"
        maxLength={7}
        error={props.errors.code}
      />
    </FormBlock>
  );
}

function RecoveryField(props: { l: PageContext['lang']; error?: string }): VNode {
  return (
    <TextField
      name="recovery"
      label={t(props.l, 'totp.recovery')}
      hint={t(props.l, 'totp.recovery.hint')}
      required
      autocomplete="off"
      maxLength={40}
      error={props.error}
    />
  );
}

/** The QR code, the key as text and the form of the first code: the set-up's two steps. */
function EnrolmentSteps(props: { ctx: PageContext; enrolment: Enrolment; action: string; errors: Errors }): VNode {
  const l = props.ctx.lang;
  return (
    <>
      <h2 class="h4">{t(l, 'totp.scan')}</h2>
      <img src={props.enrolment.qrDataUrl} alt={t(l, 'totp.qrAlt')} width={246} height={246} class="d-block mb-3 mw-100 h-auto" />
      <p class="mb-1">{t(l, 'totp.manual')}</p>
      <p>
        <code class="fs-5 text-break" id="totp-secret">
          {props.enrolment.secret}
        </code>
      </p>
      <h2 class="h4">{t(l, 'totp.confirmTitle')}</h2>
      <CodeForm ctx={props.ctx} errors={props.errors} action={props.action} submit={t(l, 'totp.confirm')} />
    </>
  );
}

export function TwoFactorPage(
  props: FormPageProps & {
    status: TotpStatus;
    enrolment: Enrolment | null;
    isPlatformAdmin: boolean;
    adminsMustUseTotp: boolean;
    message?: { kind: 'danger' | 'success'; text: string };
  },
): VNode {
  const { l, e: errors } = formPage(props);
  return (
    <Layout
      ctx={props.ctx}
      title={t(l, 'totp.title')}
      crumbs={[{ href: '/account', label: t(l, 'account.title') }, { label: t(l, 'totp.title') }]}
    >
      <h1>{t(l, 'totp.title')}</h1>
      <p>{t(l, 'totp.intro')}</p>
      <Alert kind={props.message?.kind ?? 'info'} text={props.message?.text} />
      {props.status.enabled ? (
        <>
          <p class="fw-bold">{t(l, 'totp.on')}</p>
          <p>{t(l, 'totp.recoveryLeft', { n: props.status.recoveryLeft })}</p>
          <h2 class="h4">{t(l, 'totp.disableTitle')}</h2>
          <p>{t(l, 'totp.disableIntro')}</p>
          <CodeForm
            ctx={props.ctx}
            errors={errors}
            action="/account/2fa/disable"
            submit={t(l, 'totp.disable')}
            submitClass="btn btn-outline-danger"
          />
        </>
      ) : props.enrolment ? (
        <EnrolmentSteps ctx={props.ctx} enrolment={props.enrolment} action="/account/2fa/confirm" errors={errors} />
      ) : (
        <>
          <p class="fw-bold">{t(l, 'totp.off')}</p>
          <ButtonForm action="/account/2fa/start" csrf={props.ctx.csrf} label={t(l, 'totp.start')} />
        </>
      )}
      {props.isPlatformAdmin ? (
        <>
          <h2 class="h4 mt-5">{t(l, 'totp.policyTitle')}</h2>
          <Form action="/account/2fa/policy" csrf={props.ctx.csrf}>
            <CheckboxField name="required" label={t(l, 'totp.policy')} hint={t(l, 'totp.policy.hint')} checked={props.adminsMustUseTotp} />
            <SubmitButton label={t(l, 'form.save')} class="btn btn-outline-primary" />
          </Form>
        </>
      ) : null}
    </Layout>
  );
}

/** The recovery codes, shown once right after the set-up; `next` is where to go on. */
export function RecoveryCodesPage(props: { ctx: PageContext; codes: string[]; next: { href: string; label: string } }): VNode {
  const l = props.ctx.lang;
  return (
    <Layout ctx={props.ctx} title={t(l, 'totp.codesTitle')}>
      <h1>{t(l, 'totp.codesTitle')}</h1>
      <Notice kind="success">{t(l, 'totp.codesIntro')}</Notice>
      <h2 class="h4">{t(l, 'totp.codesList')}</h2>
      <ol class="ponte-recovery-codes">
        {props.codes.map((c) => (
          <li>
            <code class="fs-5">{c}</code>
          </li>
        ))}
      </ol>
      <ButtonLink href={props.next.href} label={props.next.label} />
    </Layout>
  );
}

/**
 * The sign-in's second step: the app's code, or a recovery code (a second form further down). When
 * the platform requires a second factor the admin has not set up, the set-up takes its place.
 */
export function SecondStepPage(
  props: FormPageProps & {
    enrol?: { enrolment: Enrolment | null };
    error?: string;
    /** No sign-in is waiting (expired, or none started): only the way back to the password. */
    expired?: boolean;
  },
): VNode {
  const { l, e: errors } = formPage(props);
  return (
    <NarrowPage ctx={props.ctx} heading={t(l, 'login2.title')}>
      <FormProblem errors={props.error ? { _: props.error } : undefined} />
      {props.expired ? (
        <ButtonLink href="/login" label={t(l, 'login.submit')} />
      ) : props.enrol ? (
        <>
          <p>{t(l, 'totp.required')}</p>
          {props.enrol.enrolment ? (
            <EnrolmentSteps ctx={props.ctx} enrolment={props.enrol.enrolment} action="/login/2fa/confirm" errors={errors} />
          ) : (
            <ButtonForm action="/login/2fa/start" csrf={props.ctx.csrf} label={t(l, 'totp.start')} />
          )}
        </>
      ) : (
        <>
          <p>{t(l, 'login2.intro')}</p>
          <CodeForm ctx={props.ctx} errors={errors} action="/login/2fa" submit={t(l, 'login2.submit')} width={false} />
          <h2 class="h5 mt-5">{t(l, 'login2.useRecovery')}</h2>
          <Form action="/login/2fa" csrf={props.ctx.csrf}>
            <RecoveryField l={l} error={errors.recovery} />
            <SubmitButton label={t(l, 'login2.recoverySubmit')} class="btn btn-outline-primary" />
          </Form>
        </>
      )}
    </NarrowPage>
  );
}
