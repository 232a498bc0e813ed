import type { VNode } from 'preact';
import { t } from '../../core/i18n.js';
import { FieldList } from '../../web/components/field-list.js';
import { FormBlock } from '../../web/components/form-section.js';
import type { Errors } from '../../web/forms.js';
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
      <FormBlock
        ctx={props.ctx}
        errors={errors}
        labels={{ code: t(l, 'bycode.code'), contact: t(l, 'bycode.contact') }}
        action="/gestisci"
        submit={t(l, 'bycode.submit')}
      >
        <FieldList
          values={props.values}
          errors={errors}
          label={(name) => t(l, `bycode.${name}`)}
          fields={[
            { name: 'code', hint: t(l, 'bycode.code.hint'), required: true, maxLength: 40, autocomplete: 'off' },
            { name: 'contact', hint: t(l, 'bycode.contact.hint'), required: true, maxLength: 254, autocomplete: 'tel' },
          ]}
        />
      </FormBlock>
    </Layout>
  );
}
