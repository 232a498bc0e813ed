import type { VNode } from 'preact';
import { t } from '../../core/i18n.js';
import { FieldList } from '../../web/components/field-list.js';
import { type FormPageProps, formPage } from '../../web/components/form-page.js';
import { FormBlock } from '../../web/components/form-section.js';
import { Layout } from '../../web/layout.js';

/**
 * "Gestisci la prenotazione": the code and the phone or e-mail. After a failed try the error summary
 * (the shared one: it takes the focus, and the page's title starts with "Errore:") says what failed.
 */
export function ManagePage(props: FormPageProps & { values: { code: string; contact: string } }): VNode {
  const { l, e: errors } = formPage(props);
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
