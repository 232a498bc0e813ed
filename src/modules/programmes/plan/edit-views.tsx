import type { VNode } from 'preact';
import { t } from '../../../core/i18n.js';
import { type FormPageProps, formPage } from '../../../web/components/form-page.js';
import { staffCrumbs } from '../../../web/components/staff-crumbs.js';
import type { FormBody } from '../../../web/forms.js';
import { Layout } from '../../../web/layout.js';
import type { Programme } from '../service.js';
import { PlanItemForm } from './admin-views.js';
import type { PlanItem } from './service.js';

/** The form's values for an item as stored: the edit page opens prefilled. */
export function itemValues(item: PlanItem): FormBody {
  return {
    title: item.title,
    audience: item.audience,
    description: item.description ?? '',
    expected: item.expected ?? '',
    expectedMonth: item.expectedMonth ?? '',
  };
}

/** Staff's page to change one course of the plan: its title, audience, description and expected period. */
export function PlanItemEditPage(
  props: FormPageProps & {
    programme: Programme;
    item: PlanItem;
  },
): VNode {
  const { l, e: errors } = formPage(props);
  const p = props.programme;
  const planUrl = `/admin/programmes/${p.id}/piano`;
  return (
    <Layout
      ctx={props.ctx}
      title={`${t(l, 'programme.plan.edit.title')} · ${props.item.title}`}
      crumbs={staffCrumbs(
        l,
        p.organisation,
        { href: `/admin/programmes/${p.id}`, label: p.name },
        { href: planUrl, label: t(l, 'programme.plan.title') },
        { label: props.item.title },
      )}
    >
      <h1>{`${t(l, 'programme.plan.edit.title')} · ${props.item.title}`}</h1>
      <PlanItemForm
        ctx={props.ctx}
        id="edit-plan-item"
        heading={t(l, 'programme.plan.edit.title')}
        action={`${planUrl}/${props.item.id}`}
        submit={t(l, 'programme.plan.edit.save')}
        errors={errors}
        values={props.values ?? itemValues(props.item)}
      />
    </Layout>
  );
}
