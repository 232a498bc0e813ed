import type { VNode } from 'preact';
import { t } from '../../core/i18n.js';
import { ButtonLink } from '../../web/components/action-links.js';
import { type FormPageProps, formPage } from '../../web/components/form-page.js';
import { FormBlock } from '../../web/components/form-section.js';
import { NarrowPage } from '../../web/components/titled-page.js';
import { Notice } from '../../web/forms.js';
import type { PageContext } from '../../web/layout.js';
import { NewPasswordFields, SignInField } from './views.js';

export function ForgotPage(props: FormPageProps & { email?: string; sent?: boolean }): VNode {
  const { l, e: errors } = formPage(props);
  return (
    <NarrowPage ctx={props.ctx} heading={t(l, 'forgot.title')}>
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
    </NarrowPage>
  );
}

export function NewPasswordPage(props: FormPageProps & { action: string; email: string; invitation: boolean }): VNode {
  const { l, e: errors } = formPage(props);
  const title = t(l, props.invitation ? 'reset.titleInvite' : 'reset.title');
  return (
    <NarrowPage ctx={props.ctx} heading={title}>
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
    </NarrowPage>
  );
}

export function PasswordSavedPage(props: { ctx: PageContext }): VNode {
  const l = props.ctx.lang;
  return (
    <NarrowPage ctx={props.ctx} heading={t(l, 'reset.done.title')}>
      <Notice kind="success">{t(l, 'reset.done')}</Notice>
      <ButtonLink href="/login" label={t(l, 'login.submit')} />
    </NarrowPage>
  );
}

export function LinkGonePage(props: { ctx: PageContext }): VNode {
  const l = props.ctx.lang;
  return (
    <NarrowPage ctx={props.ctx} heading={t(l, 'reset.gone.title')}>
      <p>{t(l, 'reset.gone')}</p>
      <p>
        <a href="/password/forgot">{t(l, 'reset.gone.again')}</a>
      </p>
    </NarrowPage>
  );
}
