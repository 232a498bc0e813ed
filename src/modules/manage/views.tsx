import type { VNode } from 'preact';
import { t } from '../../core/i18n.js';
import { type Errors, Form, TextField } from '../../web/forms.js';
import { Layout, type PageContext } from '../../web/layout.js';

/**
 * "Gestisci la prenotazione": the code and the phone or e-mail. After a failed try the page's title
 * starts with the error, and the summary, which lists it, receives the focus without JavaScript.
 */
export function ManagePage(props: { ctx: PageContext; values: { code: string; contact: string }; errors?: Errors }): VNode {
  const l = props.ctx.lang;
  const errors = props.errors ?? {};
  const fields = (['code', 'contact'] as const).filter((f) => errors[f]);
  const failed = fields.length > 0 || !!errors._;
  const title = t(l, 'bycode.title');
  return (
    <Layout ctx={props.ctx} title={failed ? `${t(l, 'form.errors')} ${title}` : title}>
      <h1>{title}</h1>
      <p class="lead">{t(l, 'bycode.lead')}</p>
      {failed ? (
        // biome-ignore lint/a11y/noAutofocus: the summary of a failed submit takes the focus (WCAG 3.3.1), without JavaScript
        <div class="alert alert-danger" role="alert" tabIndex={-1} id="error-summary" autoFocus>
          <p class={fields.length > 0 ? 'fw-bold mb-1' : 'mb-0'}>{errors._ ?? t(l, 'form.errors')}</p>
          {fields.length > 0 ? (
            <ul class="mb-0">
              {fields.map((f) => (
                <li>
                  <a href={`#f-${f}`}>{`${t(l, `bycode.${f}`)}: ${errors[f]}`}</a>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
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
