import type { ComponentChildren, VNode } from 'preact';
import { t } from '../../core/i18n.js';
import { ErrorSummary, type Errors, Form, Notice, TextField } from '../../web/forms.js';
import { Layout, type PageContext } from '../../web/layout.js';

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
          <Notice kind="success">{t(l, 'forgot.sent')}</Notice>
        ) : (
          <>
            <p>{t(l, 'forgot.intro')}</p>
            <ErrorSummary errors={errors} title={t(l, 'form.errors')} labels={{ email: t(l, 'forgot.email') }} />
            <Form action="/password/forgot" csrf={props.ctx.csrf}>
              <TextField
                name="email"
                type="text"
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
        <Notice kind="success">{t(l, 'reset.done')}</Notice>
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
