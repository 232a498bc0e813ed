import type { VNode } from 'preact';
import { addMessages, t } from '../../core/i18n.js';
import { CheckboxField, ErrorSummary, type Errors, Form, TextField } from '../../web/forms.js';
import { Layout, type PageContext } from '../../web/layout.js';
import type { Enrolment, TotpStatus } from './totp.js';

addMessages({
  it: {
    'totp.title': 'Verifica in due passaggi',
    'totp.intro':
      'Oltre alla password, all’accesso ti viene chiesto un codice di 6 cifre generato da un’app sul tuo telefono (per esempio FreeOTP, Aegis, Google Authenticator o Microsoft Authenticator). Chi scoprisse la tua password non potrebbe comunque entrare.',
    'totp.on': 'La verifica in due passaggi è attiva.',
    'totp.off': 'La verifica in due passaggi non è attiva.',
    'totp.recoveryLeft': 'Codici di recupero ancora utilizzabili: {n}.',
    'totp.start': 'Attiva la verifica in due passaggi',
    'totp.scan': '1. Inquadra il codice QR con l’app',
    'totp.qrAlt': 'Codice QR da inquadrare con l’app di autenticazione',
    'totp.manual': 'Se non puoi inquadrarlo, inserisci nell’app questa chiave:',
    'totp.confirmTitle': '2. Inserisci il codice che l’app mostra',
    'totp.code': 'Codice di 6 cifre',
    'totp.code.hint': 'Il codice cambia ogni 30 secondi.',
    'totp.confirm': 'Conferma e attiva',
    'totp.codesTitle': 'Codici di recupero',
    'totp.codesIntro':
      'La verifica in due passaggi è attiva. Conserva questi 10 codici in un luogo sicuro (stampati o in un gestore di password): se perdi il telefono, ognuno ti fa entrare una sola volta al posto del codice dell’app. Non verranno mostrati di nuovo.',
    'totp.codesList': 'I tuoi codici di recupero',
    'totp.continue': 'Continua',
    'totp.backToAccount': 'Torna al profilo',
    'totp.disableTitle': 'Disattiva la verifica in due passaggi',
    'totp.disableIntro': 'Per disattivarla inserisci un codice attuale dell’app, oppure un codice di recupero.',
    'totp.disable': 'Disattiva',
    'totp.disabled': 'La verifica in due passaggi è stata disattivata.',
    'totp.recovery': 'Codice di recupero',
    'totp.recovery.hint': 'Uno dei 10 codici ricevuti all’attivazione, per esempio abcd-efgh-ijkl-mnop. Ogni codice vale una volta.',
    'totp.policyTitle': 'Regola della piattaforma',
    'totp.policy': 'Richiedi la verifica in due passaggi a tutti gli amministratori (della piattaforma e delle organizzazioni)',
    'totp.policy.hint': 'Chi non l’ha ancora attivata dovrà farlo al prossimo accesso, prima di entrare.',
    'totp.policySaved': 'Regola salvata.',
    'totp.required': 'La piattaforma richiede la verifica in due passaggi agli amministratori: attivala ora per entrare.',
    'totp.invalid': 'Il codice non è corretto o è già stato usato. Riprova con il codice che l’app mostra ora.',
    'totp.locked': 'Troppi codici sbagliati: per sicurezza la verifica è bloccata per 15 minuti. Riprova più tardi.',
    'totp.onlyAdmins': 'La verifica in due passaggi è disponibile per gli amministratori.',
    'login2.title': 'Verifica in due passaggi',
    'login2.intro': 'Password corretta. Apri l’app di autenticazione e inserisci il codice di 6 cifre per Ponte.',
    'login2.submit': 'Verifica',
    'login2.useRecovery': 'Non hai il telefono? Usa un codice di recupero',
    'login2.recoverySubmit': 'Accedi con il codice di recupero',
    'login2.expired': 'La verifica è scaduta o non è valida: accedi di nuovo con la password.',
  },
  en: {
    'totp.title': 'Two-step verification',
    'totp.intro':
      'Besides your password, signing in asks for a 6-digit code made by an app on your phone (e.g. FreeOTP, Aegis, Google Authenticator or Microsoft Authenticator). Someone who learnt your password still could not get in.',
    'totp.on': 'Two-step verification is on.',
    'totp.off': 'Two-step verification is off.',
    'totp.recoveryLeft': 'Recovery codes left: {n}.',
    'totp.start': 'Turn on two-step verification',
    'totp.scan': '1. Scan the QR code with the app',
    'totp.qrAlt': 'QR code to scan with the authenticator app',
    'totp.manual': 'If you cannot scan it, enter this key in the app:',
    'totp.confirmTitle': '2. Enter the code the app shows',
    'totp.code': '6-digit code',
    'totp.code.hint': 'The code changes every 30 seconds.',
    'totp.confirm': 'Confirm and turn on',
    'totp.codesTitle': 'Recovery codes',
    'totp.codesIntro':
      'Two-step verification is on. Keep these 10 codes somewhere safe (printed or in a password manager): if you lose your phone, each one lets you in once instead of the app’s code. They will not be shown again.',
    'totp.codesList': 'Your recovery codes',
    'totp.continue': 'Continue',
    'totp.backToAccount': 'Back to my account',
    'totp.disableTitle': 'Turn off two-step verification',
    'totp.disableIntro': 'To turn it off, enter a current code from the app, or a recovery code.',
    'totp.disable': 'Turn off',
    'totp.disabled': 'Two-step verification was turned off.',
    'totp.recovery': 'Recovery code',
    'totp.recovery.hint': 'One of the 10 codes you got when turning it on, e.g. abcd-efgh-ijkl-mnop. Each works once.',
    'totp.policyTitle': 'Platform rule',
    'totp.policy': 'Require two-step verification of every administrator (of the platform and of organisations)',
    'totp.policy.hint': 'Those who have not turned it on must do so at their next sign-in, before getting in.',
    'totp.policySaved': 'Rule saved.',
    'totp.required': 'The platform requires two-step verification of administrators: turn it on now to get in.',
    'totp.invalid': 'The code is wrong or was already used. Try again with the code the app shows now.',
    'totp.locked': 'Too many wrong codes: verification is locked for 15 minutes. Try again later.',
    'totp.onlyAdmins': 'Two-step verification is available to administrators.',
    'login2.title': 'Two-step verification',
    'login2.intro': 'Password accepted. Open your authenticator app and enter the 6-digit code for Ponte.',
    'login2.submit': 'Verify',
    'login2.useRecovery': 'No phone at hand? Use a recovery code',
    'login2.recoverySubmit': 'Sign in with the recovery code',
    'login2.expired': 'The verification expired or is not valid: sign in again with your password.',
  },
});

function Alert(props: { kind: 'danger' | 'success' | 'info'; text?: string }): VNode | null {
  if (!props.text) return null;
  return (
    <div class={`alert alert-${props.kind}`} role={props.kind === 'danger' ? 'alert' : 'status'}>
      {props.text}
    </div>
  );
}

function CodeField(props: { l: PageContext['lang']; error?: string; name?: string }): VNode {
  return (
    <TextField
      name={props.name ?? 'code'}
      label={t(props.l, 'totp.code')}
      hint={t(props.l, 'totp.code.hint')}
      required
      inputMode="numeric"
      autocomplete="one-time-code"
      maxLength={7}
      error={props.error}
    />
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
      <ErrorSummary errors={props.errors} title={t(l, 'form.errors')} labels={{ code: t(l, 'totp.code') }} />
      <div class="col-12 col-md-8 col-lg-6 px-0">
        <Form action={props.action} csrf={props.ctx.csrf}>
          <CodeField l={l} error={props.errors.code} />
          <button type="submit" class="btn btn-primary">
            {t(l, 'totp.confirm')}
          </button>
        </Form>
      </div>
    </>
  );
}

export function TwoFactorPage(props: {
  ctx: PageContext;
  status: TotpStatus;
  enrolment: Enrolment | null;
  isPlatformAdmin: boolean;
  adminsMustUseTotp: boolean;
  errors?: Errors;
  message?: { kind: 'danger' | 'success'; text: string };
}): VNode {
  const l = props.ctx.lang;
  const errors = props.errors ?? {};
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
          <ErrorSummary errors={errors} title={t(l, 'form.errors')} labels={{ code: t(l, 'totp.code') }} />
          <div class="col-12 col-md-8 col-lg-6 px-0">
            <Form action="/account/2fa/disable" csrf={props.ctx.csrf}>
              <CodeField l={l} error={errors.code} />
              <button type="submit" class="btn btn-outline-danger">
                {t(l, 'totp.disable')}
              </button>
            </Form>
          </div>
        </>
      ) : props.enrolment ? (
        <EnrolmentSteps ctx={props.ctx} enrolment={props.enrolment} action="/account/2fa/confirm" errors={errors} />
      ) : (
        <>
          <p class="fw-bold">{t(l, 'totp.off')}</p>
          <Form action="/account/2fa/start" csrf={props.ctx.csrf}>
            <button type="submit" class="btn btn-primary">
              {t(l, 'totp.start')}
            </button>
          </Form>
        </>
      )}
      {props.isPlatformAdmin ? (
        <>
          <h2 class="h4 mt-5">{t(l, 'totp.policyTitle')}</h2>
          <Form action="/account/2fa/policy" csrf={props.ctx.csrf}>
            <CheckboxField name="required" label={t(l, 'totp.policy')} hint={t(l, 'totp.policy.hint')} checked={props.adminsMustUseTotp} />
            <button type="submit" class="btn btn-outline-primary">
              {t(l, 'form.save')}
            </button>
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
      <div class="alert alert-success" role="status">
        {t(l, 'totp.codesIntro')}
      </div>
      <h2 class="h4">{t(l, 'totp.codesList')}</h2>
      <ol class="ponte-recovery-codes">
        {props.codes.map((c) => (
          <li>
            <code class="fs-5">{c}</code>
          </li>
        ))}
      </ol>
      <p>
        <a class="btn btn-primary" href={props.next.href}>
          {props.next.label}
        </a>
      </p>
    </Layout>
  );
}

/**
 * The sign-in's second step: the app's code, or a recovery code (a second form further down). When
 * the platform requires a second factor the admin has not set up, the set-up takes its place.
 */
export function SecondStepPage(props: {
  ctx: PageContext;
  enrol?: { enrolment: Enrolment | null };
  errors?: Errors;
  error?: string;
  /** No sign-in is waiting (expired, or none started): only the way back to the password. */
  expired?: boolean;
}): VNode {
  const l = props.ctx.lang;
  const errors = props.errors ?? {};
  return (
    <Layout ctx={props.ctx} title={t(l, 'login2.title')}>
      <div class="row">
        <div class="col-12 col-md-8 col-lg-6">
          <h1>{t(l, 'login2.title')}</h1>
          <Alert kind="danger" text={props.error} />
          {props.expired ? (
            <p>
              <a class="btn btn-primary" href="/login">
                {t(l, 'login.submit')}
              </a>
            </p>
          ) : props.enrol ? (
            <>
              <p>{t(l, 'totp.required')}</p>
              {props.enrol.enrolment ? (
                <EnrolmentSteps ctx={props.ctx} enrolment={props.enrol.enrolment} action="/login/2fa/confirm" errors={errors} />
              ) : (
                <Form action="/login/2fa/start" csrf={props.ctx.csrf}>
                  <button type="submit" class="btn btn-primary">
                    {t(l, 'totp.start')}
                  </button>
                </Form>
              )}
            </>
          ) : (
            <>
              <p>{t(l, 'login2.intro')}</p>
              <Form action="/login/2fa" csrf={props.ctx.csrf}>
                <CodeField l={l} error={errors.code} />
                <button type="submit" class="btn btn-primary">
                  {t(l, 'login2.submit')}
                </button>
              </Form>
              <h2 class="h5 mt-5">{t(l, 'login2.useRecovery')}</h2>
              <Form action="/login/2fa" csrf={props.ctx.csrf}>
                <RecoveryField l={l} error={errors.recovery} />
                <button type="submit" class="btn btn-outline-primary">
                  {t(l, 'login2.recoverySubmit')}
                </button>
              </Form>
            </>
          )}
        </div>
      </div>
    </Layout>
  );
}
