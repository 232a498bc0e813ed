import type { ComponentChildren, VNode } from 'preact';
import { addMessages, t } from '../../core/i18n.js';
import { ErrorSummary, type Errors, Form, TextField } from '../../web/forms.js';
import { Layout, type PageContext } from '../../web/layout.js';

addMessages({
  it: {
    'forgot.title': 'Password dimenticata',
    'forgot.intro':
      "Scrivi l'indirizzo e-mail con cui accedi all'area riservata: se corrisponde a un account, ti mandiamo un link per scegliere una nuova password.",
    'forgot.email': 'Indirizzo e-mail',
    'forgot.submit': 'Mandami il link',
    'forgot.sent':
      "Richiesta ricevuta. Se l'indirizzo corrisponde a un account, tra pochi minuti riceverai un'e-mail con un link per scegliere una nuova password. Il link vale 30 minuti e una sola volta. Se non arriva, controlla la posta indesiderata o chiedi all'amministratore della tua organizzazione.",
    'forgot.back': "Torna all'accesso",
    'reset.title': 'Scegli una nuova password',
    'reset.titleInvite': 'Scegli la tua password',
    'reset.for': 'Account: {email}',
    'reset.password': 'Nuova password',
    'reset.confirm': 'Ripeti la nuova password',
    'reset.hint':
      'Almeno 10 caratteri. Non usare il tuo indirizzo e-mail, caratteri ripetuti o in sequenza, né password comuni: tre o quattro parole che non stiano insieme sono facili da ricordare e difficili da indovinare.',
    'reset.submit': 'Salva la password',
    'reset.after': 'Dopo il salvataggio, tutte le sessioni aperte con questo account vengono chiuse.',
    'reset.done.title': 'Password salvata',
    'reset.done':
      'La nuova password è salvata e tutte le sessioni aperte con il tuo account sono state chiuse. Ora puoi accedere con la nuova password.',
    'reset.gone.title': 'Link non valido',
    'reset.gone': 'Questo link non è valido: è già stato usato oppure è scaduto (un link per reimpostare la password vale 30 minuti).',
    'reset.gone.again': 'Chiedi un nuovo link',
  },
  en: {
    'forgot.title': 'Forgotten password',
    'forgot.intro':
      'Enter the e-mail address you sign in to the staff area with: if it belongs to an account, we will send you a link to choose a new password.',
    'forgot.email': 'E-mail address',
    'forgot.submit': 'Send me the link',
    'forgot.sent':
      'Request received. If the address belongs to an account, you will receive an e-mail with a link to choose a new password in a few minutes. The link works once, for 30 minutes. If it does not arrive, check your spam folder or ask your organisation administrator.',
    'forgot.back': 'Back to sign-in',
    'reset.title': 'Choose a new password',
    'reset.titleInvite': 'Choose your password',
    'reset.for': 'Account: {email}',
    'reset.password': 'New password',
    'reset.confirm': 'Repeat the new password',
    'reset.hint':
      'At least 10 characters. Do not use your e-mail address, repeated or sequential characters, or common passwords: three or four unrelated words are easy to remember and hard to guess.',
    'reset.submit': 'Save the password',
    'reset.after': 'Once it is saved, every open session of this account is closed.',
    'reset.done.title': 'Password saved',
    'reset.done': 'Your new password is saved and every open session of your account was closed. You can now sign in with it.',
    'reset.gone.title': 'Link not valid',
    'reset.gone': 'This link is not valid: it has already been used or it has expired (a password reset link works for 30 minutes).',
    'reset.gone.again': 'Ask for a new link',
  },
});

function Narrow(props: { children: ComponentChildren }): VNode {
  return (
    <div class="row">
      <div class="col-12 col-md-8 col-lg-6">{props.children}</div>
    </div>
  );
}

export function ForgotPage(props: { ctx: PageContext; email?: string; errors?: Errors; sent?: boolean }): VNode {
  const l = props.ctx.lang;
  const errors = props.errors ?? {};
  return (
    <Layout ctx={props.ctx} title={t(l, 'forgot.title')}>
      <Narrow>
        <h1>{t(l, 'forgot.title')}</h1>
        {props.sent ? (
          <div class="alert alert-success" role="status">
            {t(l, 'forgot.sent')}
          </div>
        ) : (
          <>
            <p>{t(l, 'forgot.intro')}</p>
            <ErrorSummary errors={errors} title={t(l, 'form.errors')} labels={{ email: t(l, 'forgot.email') }} />
            <Form action="/password/forgot" csrf={props.ctx.csrf}>
              <TextField
                name="email"
                type="email"
                label={t(l, 'forgot.email')}
                value={props.email}
                required
                autocomplete="username"
                maxLength={254}
                error={errors.email}
              />
              <button type="submit" class="btn btn-primary">
                {t(l, 'forgot.submit')}
              </button>
            </Form>
          </>
        )}
        <p class="mt-4">
          <a href="/login">{t(l, 'forgot.back')}</a>
        </p>
      </Narrow>
    </Layout>
  );
}

export function NewPasswordPage(props: { ctx: PageContext; action: string; email: string; invitation: boolean; errors?: Errors }): VNode {
  const l = props.ctx.lang;
  const errors = props.errors ?? {};
  const title = t(l, props.invitation ? 'reset.titleInvite' : 'reset.title');
  return (
    <Layout ctx={props.ctx} title={title}>
      <Narrow>
        <h1>{title}</h1>
        <p>{t(l, 'reset.for', { email: props.email })}</p>
        <ErrorSummary
          errors={errors}
          title={t(l, 'form.errors')}
          labels={{ password: t(l, 'reset.password'), confirm: t(l, 'reset.confirm') }}
        />
        <Form action={props.action} csrf={props.ctx.csrf}>
          <TextField
            name="password"
            type="password"
            label={t(l, 'reset.password')}
            required
            autocomplete="new-password"
            hint={t(l, 'reset.hint')}
            error={errors.password}
            maxLength={200}
          />
          <TextField
            name="confirm"
            type="password"
            label={t(l, 'reset.confirm')}
            required
            autocomplete="new-password"
            error={errors.confirm}
            maxLength={200}
          />
          <p>{t(l, 'reset.after')}</p>
          <button type="submit" class="btn btn-primary">
            {t(l, 'reset.submit')}
          </button>
        </Form>
      </Narrow>
    </Layout>
  );
}

export function PasswordSavedPage(props: { ctx: PageContext }): VNode {
  const l = props.ctx.lang;
  return (
    <Layout ctx={props.ctx} title={t(l, 'reset.done.title')}>
      <Narrow>
        <h1>{t(l, 'reset.done.title')}</h1>
        <div class="alert alert-success" role="status">
          {t(l, 'reset.done')}
        </div>
        <p>
          <a class="btn btn-primary" href="/login">
            {t(l, 'login.submit')}
          </a>
        </p>
      </Narrow>
    </Layout>
  );
}

export function LinkGonePage(props: { ctx: PageContext }): VNode {
  const l = props.ctx.lang;
  return (
    <Layout ctx={props.ctx} title={t(l, 'reset.gone.title')}>
      <Narrow>
        <h1>{t(l, 'reset.gone.title')}</h1>
        <p>{t(l, 'reset.gone')}</p>
        <p>
          <a href="/password/forgot">{t(l, 'reset.gone.again')}</a>
        </p>
      </Narrow>
    </Layout>
  );
}
