import type { VNode } from 'preact';
import { t } from '../../core/i18n.js';
import { ButtonLink } from '../../web/components/action-links.js';
import { FormBlock, NarrowColumn as Narrow } from '../../web/components/form-section.js';
import { type Errors, Notice } from '../../web/forms.js';
import { Layout, type PageContext } from '../../web/layout.js';
import { NewPasswordFields, SignInField } from './views.js';

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
            <FormBlock
              ctx={props.ctx}
              errors={errors}
              labels={{ email: t(l, 'forgot.email') }}
              action="/password/forgot"
              submit={t(l, 'forgot.submit')}
              width={false}
            >
              <SignInField label={t(l, 'forgot.email')} value={props.email} error={errors.email} />
            </FormBlock>
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
        <FormBlock
          ctx={props.ctx}
          errors={errors}
          labels={{ password: t(l, 'reset.password'), confirm: t(l, 'reset.confirm') }}
          action={props.action}
          submit={t(l, 'reset.submit')}
          width={false}
        >
          <NewPasswordFields
            labels={{ password: t(l, 'reset.password'), hint: t(l, 'reset.hint'), confirm: t(l, 'reset.confirm') }}
            errors={errors}
            maxLength={200}
          />
          <p>{t(l, 'reset.after')}</p>
        </FormBlock>
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
        <ButtonLink href="/login" label={t(l, 'login.submit')} />
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
