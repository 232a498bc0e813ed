import type { VNode } from 'preact';
import { t } from '../../core/i18n.js';
import { ErrorSummary, type Errors, Form, TextField } from '../../web/forms.js';
import { Layout, type PageContext } from '../../web/layout.js';

/**
 * "Gestisci la prenotazione": the code and the phone or e-mail. After a failed try the error summary
 * (the shared one: it takes the focus, and the page's title starts with "Errore:") says what failed.
 */
export function ManagePage(props: { ctx: PageContext; values: { code: string; contact: string }; errors?: Errors }): VNode {
  const l = props.ctx.lang;
  const errors = props.errors ?? {};
  const title = t(l, 'bycode.title');
  return (
    <Layout ctx={props.ctx} title={title}>
      <h1>{title}</h1>
      <p class="lead">{t(l, 'bycode.lead')}</p>
      <ErrorSummary errors={errors} title={t(l, 'form.errors')} labels={{ code: t(l, 'bycode.code'), contact: t(l, 'bycode.contact') }} />
      <div class="col-12 col-md-8 col-lg-6 px-0">
        <Form action="/gestisci" csrf={props.ctx.csrf}>
          <TextField
            name="code"
            label={t(l, 'bycode.code')}
            value={props.values.code}
            hint={t(l, 'bycode.code.hint')}
            error={errors.code}
            required
            maxLength={40}
            autocomplete="off"
          />
          <TextField
            name="contact"
            label={t(l, 'bycode.contact')}
            value={props.values.contact}
            hint={t(l, 'bycode.contact.hint')}
            error={errors.contact}
            required
            maxLength={254}
            autocomplete="tel"
          />
          <button type="submit" class="btn btn-primary">
            {t(l, 'bycode.submit')}
          </button>
        </Form>
      </div>
    </Layout>
  );
}
