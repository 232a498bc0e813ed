import type { ComponentChildren, VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { formatRome } from '../../../core/time.js';
import { DataTable } from '../../../web/components/data-table.js';
import { type FormPageProps, formPage, SubmitButton } from '../../../web/components/form-page.js';
import { FormSection } from '../../../web/components/form-section.js';
import { staffCrumbs } from '../../../web/components/staff-crumbs.js';
import { CsrfField, type Errors, type FormBody, formText, Notice, SelectField, TextArea, TextField } from '../../../web/forms.js';
import { Layout, type PageContext } from '../../../web/layout.js';
import { AUDIENCES, type StaffEventRow } from '../../events/service.js';
import type { Programme } from '../service.js';
import type { PlanItem } from './service.js';
import type { UsersTarget } from './users.js';
import { UsersTargets } from './users-views.js';
import { expectedWords } from './views.js';

export type PlanNotice = 'added' | 'linked' | 'removed' | 'edited';

/** The organisation's events a course can become, newest first: "title · date". */
function eventOptions(l: Lang, events: StaffEventRow[]) {
  return events.map((e) => ({ value: e.id, label: `${e.title} · ${formatRome(e.start, l, 'd/MM/yyyy HH:mm')}` }));
}

function LinkForm(props: { l: Lang; ctx: PageContext; programmeId: string; item: PlanItem; events: StaffEventRow[] }): VNode {
  const { l, item } = props;
  const id = `f-plan-${item.id}-event`;
  return (
    <form method="post" action={`/admin/programmes/${props.programmeId}/piano`} class="ponte-inline-form" noValidate>
      <CsrfField token={props.ctx.csrf} />
      <input type="hidden" name="action" value="link" />
      <input type="hidden" name="item" value={item.id} />
      <label class="visually-hidden" for={id}>
        {`${t(l, 'programme.plan.event')}: ${item.title}`}
      </label>
      <select class="form-select mb-2" id={id} name="eventId">
        <option value="">{t(l, 'programme.plan.event.none')}</option>
        {eventOptions(l, props.events).map((o) => (
          <option value={o.value} selected={o.value === item.eventId}>
            {o.label}
          </option>
        ))}
      </select>
      <SubmitButton label={t(l, 'programme.plan.link')} class="btn btn-outline-primary btn-sm" />
    </form>
  );
}

function RemoveForm(props: { l: Lang; ctx: PageContext; programmeId: string; item: PlanItem }): VNode {
  return (
    <form method="post" action={`/admin/programmes/${props.programmeId}/piano`} noValidate>
      <CsrfField token={props.ctx.csrf} />
      <input type="hidden" name="action" value="remove" />
      <input type="hidden" name="item" value={props.item.id} />
      <button
        type="submit"
        class="btn btn-outline-danger btn-sm"
        aria-label={`${t(props.l, 'programme.plan.remove')}: ${props.item.title}`}
      >
        {t(props.l, 'programme.plan.remove')}
      </button>
    </form>
  );
}

/** The fields of a course; the edit page leaves out the event (the table's own form links it). */
function PlanItemFields(props: { l: Lang; values: FormBody; errors: Errors; events?: StaffEventRow[] }): VNode {
  const { l, values: v, errors: e } = props;
  const field = (name: string) => ({ name, value: formText(v, name), error: e[name] });
  return (
    <>
      <TextField {...field('title')} label={t(l, 'programme.plan.item')} required maxLength={200} />
      <SelectField
        {...field('audience')}
        label={t(l, 'programme.plan.audience')}
        required
        placeholder={t(l, 'programme.plan.audience.choose')}
        options={AUDIENCES.map((a) => ({ value: a, label: t(l, `audience.${a}`) }))}
      />
      <TextArea {...field('description')} label={t(l, 'programme.plan.description')} maxLength={1000} />
      <TextField
        {...field('expected')}
        label={t(l, 'programme.plan.expected')}
        hint={t(l, 'programme.plan.expected.hint')}
        maxLength={80}
      />
      <TextField
        {...field('expectedMonth')}
        label={t(l, 'programme.plan.expectedMonth')}
        hint={t(l, 'programme.plan.expectedMonth.hint')}
        maxLength={7}
        inputMode="numeric"
      />
      {props.events ? (
        <SelectField
          {...field('eventId')}
          label={t(l, 'programme.plan.event')}
          hint={t(l, 'programme.plan.event.hint')}
          placeholder={t(l, 'programme.plan.event.none')}
          options={eventOptions(l, props.events)}
        />
      ) : null}
    </>
  );
}

const ERROR_LABELS: Record<string, string> = {
  title: 'programme.plan.item',
  audience: 'programme.plan.audience',
  description: 'programme.plan.description',
  expected: 'programme.plan.expected',
  expectedMonth: 'programme.plan.expectedMonth',
  eventId: 'programme.plan.event',
};

/** The plan form's field labels, for its error summary. */
const errorLabels = (l: Lang): Record<string, string> => Object.fromEntries(Object.entries(ERROR_LABELS).map(([k, key]) => [k, t(l, key)]));

/**
 * A course's form under its heading: the plan page's, which adds one (with the event it may
 * become; the children go before the fields), and the edit page's.
 */
export function PlanItemForm(props: {
  ctx: PageContext;
  id: string;
  heading: string;
  action: string;
  submit: string;
  errors: Errors;
  values: FormBody;
  events?: StaffEventRow[];
  children?: ComponentChildren;
}): VNode {
  const l = props.ctx.lang;
  return (
    <FormSection
      id={props.id}
      heading={props.heading}
      ctx={props.ctx}
      errors={props.errors}
      labels={errorLabels(l)}
      action={props.action}
      submit={props.submit}
    >
      {props.children}
      <PlanItemFields l={l} values={props.values} errors={props.errors} events={props.events} />
    </FormSection>
  );
}

/** Staff's page of a programme's plan: the courses with their link to an event, and a form to add one. */
export function PlanAdminPage(
  props: FormPageProps & {
    programme: Programme;
    plan: PlanItem[];
    events: StaffEventRow[];
    canEdit: boolean;
    users?: UsersTarget[];
    notice?: PlanNotice;
  },
): VNode {
  const { l, e: errors } = formPage(props);
  const p = props.programme;
  return (
    <Layout
      ctx={props.ctx}
      title={`${t(l, 'programme.plan.title')} · ${p.name}`}
      crumbs={staffCrumbs(
        l,
        p.organisation,
        { href: `/admin/organisations/${p.organisation.id}/programmes`, label: t(l, 'programmes.title') },
        { href: `/admin/programmes/${p.id}`, label: p.name },
        { label: t(l, 'programme.plan.title') },
      )}
    >
      <h1>{`${t(l, 'programme.plan.title')} · ${p.name}`}</h1>
      {props.notice ? <Notice kind="success">{t(l, `programme.plan.${props.notice}`)}</Notice> : null}
      <p>
        <a href={`/programmi/${p.id}`}>{t(l, 'programme.plan.public')}</a>
      </p>
      <UsersTargets l={l} targets={props.users ?? []} />
      <DataTable
        caption={t(l, 'programme.plan.title')}
        none={t(l, 'programme.plan.none')}
        columns={[
          t(l, 'programme.plan.item'),
          t(l, 'programme.plan.audience'),
          t(l, 'programme.plan.when'),
          props.canEdit && t(l, 'programme.plan.event'),
          props.canEdit && t(l, 'programme.plan.remove'),
        ]}
      >
        {props.plan.map((item) => (
          <tr>
            <td data-label={t(l, 'programme.plan.item')}>
              {item.title}
              {props.canEdit ? (
                <>
                  <br />
                  <a href={`/admin/programmes/${p.id}/piano/${item.id}`} aria-label={`${t(l, 'programme.plan.edit')}: ${item.title}`}>
                    {t(l, 'programme.plan.edit')}
                  </a>
                </>
              ) : null}
            </td>
            <td data-label={t(l, 'programme.plan.audience')}>{t(l, `audience.${item.audience}`)}</td>
            <td data-label={t(l, 'programme.plan.when')}>
              {item.events.length > 0 ? item.events.map((e) => formatRome(e.start, l, 'd/MM/yyyy')).join(', ') : expectedWords(item, l)}
            </td>
            {props.canEdit ? (
              <td data-label={t(l, 'programme.plan.event')}>
                <LinkForm l={l} ctx={props.ctx} programmeId={p.id} item={item} events={props.events} />
              </td>
            ) : null}
            {props.canEdit ? (
              <td data-label={t(l, 'programme.plan.remove')}>
                <RemoveForm l={l} ctx={props.ctx} programmeId={p.id} item={item} />
              </td>
            ) : null}
          </tr>
        ))}
      </DataTable>
      {props.canEdit ? (
        <PlanItemForm
          ctx={props.ctx}
          id="add-plan-item"
          heading={t(l, 'programme.plan.add')}
          action={`/admin/programmes/${p.id}/piano`}
          submit={t(l, 'programme.plan.add')}
          errors={errors}
          values={props.values ?? {}}
          events={props.events}
        >
          <input type="hidden" name="action" value="add" />
        </PlanItemForm>
      ) : null}
    </Layout>
  );
}
