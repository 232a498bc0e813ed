import type { VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { CheckboxGroup, FieldList } from '../../../web/components/field-list.js';
import { type FormPageProps, formPage, SubmitButton } from '../../../web/components/form-page.js';
import { RecordCards } from '../../../web/components/record-cards.js';
import { staffCrumbs } from '../../../web/components/staff-crumbs.js';
import { TitledPage } from '../../../web/components/titled-page.js';
import { ErrorSummary, type Errors, Form, type FormBody, Notice } from '../../../web/forms.js';
import { ACTION_STATUSES } from './schemas.js';
import type { ActionView } from './service.js';

const one = (v: FormBody[string] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
type Process = { id: string; title: string };
type Choice = { value: string; label: string };
const statusOptions = (l: Lang): Choice[] => ACTION_STATUSES.map((s) => ({ value: s, label: t(l, `participation.agenda.status.${s}`) }));

function labels(l: Lang): Record<string, string> {
  const w = (k: string) => t(l, `participation.staff.agenda.field.${k}`);
  return Object.fromEntries(
    ['title', 'description', 'owner', 'deadline', 'status', 'progress', 'proposals', 'meetings', 'day', 'body'].map((k) => [k, w(k)]),
  );
}

/** The fields of an action, for the new one and for changing one. */
function ActionFields(props: { l: Lang; v: FormBody; errors: Errors; proposals: Choice[]; meetings: Choice[] }): VNode {
  const { l, v, errors } = props;
  const f = labels(l);
  return (
    <>
      <FieldList
        values={{ ...v, status: one(v.status) || 'planned', progress: one(v.progress) || '0' }}
        errors={errors}
        label={(name) => f[name]}
        fields={[
          { name: 'title', required: true, maxLength: 200 },
          { name: 'description', kind: 'area', rows: 3, maxLength: 5000 },
          { name: 'owner', required: true, maxLength: 200 },
          { name: 'deadline', maxLength: 10, inputMode: 'numeric' },
          { name: 'status', kind: 'select', options: statusOptions(l) },
          { name: 'progress', inputMode: 'numeric', maxLength: 3 },
        ]}
      />
      {(['proposals', 'meetings'] as const).map((name) => (
        <CheckboxGroup
          name={name}
          legend={f[name]}
          options={props[name]}
          values={v}
          errors={errors}
          empty={t(l, name === 'proposals' ? 'participation.staff.agenda.noProposals' : 'participation.staff.agenda.noMeetings')}
        />
      ))}
    </>
  );
}

/** Staff's agenda of a process: its actions, and the form that adds one. */
export function StaffAgendaPage(
  props: FormPageProps & {
    process: Process;
    actions: ActionView[];
    proposals: Choice[];
    meetings: Choice[];
  },
): VNode {
  const { l, e: errors } = formPage(props);
  const w = (k: string) => t(l, `participation.staff.agenda.${k}`);
  return (
    <TitledPage
      ctx={props.ctx}
      heading={w('title')}
      title={`${w('title')} · ${props.process.title}`}
      crumbs={staffCrumbs(l, null, { label: props.process.title })}
    >
      <p>
        {props.process.title} · <a href={`/partecipa/processi/${props.process.id}/agenda`}>{w('public')}</a>
      </p>
      <RecordCards
        none={t(l, 'participation.agenda.none')}
        cards={props.actions.map((a) => ({
          title: a.title,
          href: `/admin/actions/${a.id}`,
          body: (
            <>
              <p class="mb-0">
                {t(l, `participation.agenda.status.${a.status}`)} · {t(l, 'participation.agenda.progress', { n: a.progress })}
              </p>
            </>
          ),
        }))}
      />
      <h2>{w('new')}</h2>
      <ErrorSummary errors={errors} title={t(l, 'participation.polls.errors')} labels={labels(l)} />
      <Form action={`/admin/processes/${props.process.id}/agenda`} csrf={props.ctx.csrf}>
        <ActionFields l={l} v={props.values ?? {}} errors={errors} proposals={props.proposals} meetings={props.meetings} />
        <SubmitButton label={w('add')} />
      </Form>
    </TitledPage>
  );
}

/** One action for staff: change it, and add a dated update. */
export function StaffActionPage(
  props: FormPageProps & {
    process: Process;
    action: ActionView;
    proposals: Choice[];
    meetings: Choice[];
    updateValues?: FormBody;
    updateErrors?: Errors;
    saved?: boolean;
  },
): VNode {
  const { l, e: errors } = formPage(props);
  const a = props.action;
  const w = (k: string) => t(l, `participation.staff.agenda.${k}`);
  const uErrors = props.updateErrors ?? {};
  const uv = props.updateValues ?? {};
  const v: FormBody = props.values ?? {
    title: a.title,
    description: a.description ?? '',
    owner: a.owner,
    deadline: a.deadline ?? '',
    status: a.status,
    progress: String(a.progress),
    proposals: a.proposals.map((p) => p.id),
    meetings: a.meetings.map((m) => m.id),
  };
  const f = labels(l);
  return (
    <TitledPage
      ctx={props.ctx}
      heading={a.title}
      crumbs={staffCrumbs(l, null, { href: `/admin/processes/${props.process.id}/agenda`, label: props.process.title }, { label: a.title })}
    >
      {props.saved ? <Notice kind="success">{w('saved')}</Notice> : null}
      <ErrorSummary errors={errors} title={t(l, 'participation.polls.errors')} labels={f} />
      <Form action={`/admin/actions/${a.id}`} csrf={props.ctx.csrf}>
        <ActionFields l={l} v={v} errors={errors} proposals={props.proposals} meetings={props.meetings} />
        <SubmitButton label={w('save')} />
      </Form>
      <h2 class="mt-5">{w('newUpdate')}</h2>
      <ErrorSummary errors={uErrors} title={t(l, 'participation.polls.errors')} labels={f} idPrefix="u-" />
      <Form action={`/admin/actions/${a.id}/aggiornamenti`} csrf={props.ctx.csrf}>
        <FieldList
          values={uv}
          errors={uErrors}
          label={(name) => f[name]}
          fields={[
            { name: 'day', idPrefix: 'u-', maxLength: 10, inputMode: 'numeric' },
            { name: 'body', kind: 'area', idPrefix: 'u-', rows: 4, maxLength: 5000, required: true },
            { name: 'progress', idPrefix: 'u-', inputMode: 'numeric', maxLength: 3 },
            { name: 'status', kind: 'select', idPrefix: 'u-', placeholder: w('keep'), options: statusOptions(l) },
          ]}
        />
        <SubmitButton label={w('update')} />
      </Form>
      {a.updates.length > 0 ? (
        <>
          <h2 class="mt-5">{t(l, 'participation.agenda.updates')}</h2>
          <ol class="list-unstyled">
            {a.updates.map((u) => (
              <li class="mb-2">
                <strong>{u.day}</strong> · {u.body}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </TitledPage>
  );
}
