import type { VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { CheckboxGroup } from '../../../web/components/field-list.js';
import { type FormPageProps, formPage, SubmitButton } from '../../../web/components/form-page.js';
import { staffCrumbs } from '../../../web/components/staff-crumbs.js';
import { TitledPage } from '../../../web/components/titled-page.js';
import { ErrorSummary, type Errors, Form, type FormBody, Notice, SelectField, TextArea, TextField } from '../../../web/forms.js';
import { ACTION_STATUSES } from './schemas.js';
import type { ActionView } from './service.js';

const one = (v: FormBody[string] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
type Process = { id: string; title: string };
type Choice = { value: string; label: string };

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
      <TextField name="title" label={f.title} value={one(v.title)} error={errors.title} required maxLength={200} />
      <TextArea name="description" label={f.description} value={one(v.description)} error={errors.description} rows={3} maxLength={5000} />
      <TextField name="owner" label={f.owner} value={one(v.owner)} error={errors.owner} required maxLength={200} />
      <TextField name="deadline" label={f.deadline} value={one(v.deadline)} error={errors.deadline} maxLength={10} inputMode="numeric" />
      <SelectField
        name="status"
        label={f.status}
        value={one(v.status) || 'planned'}
        error={errors.status}
        options={ACTION_STATUSES.map((s) => ({ value: s, label: t(l, `participation.agenda.status.${s}`) }))}
      />
      <TextField
        name="progress"
        label={f.progress}
        value={one(v.progress) || '0'}
        error={errors.progress}
        inputMode="numeric"
        maxLength={3}
      />
      <CheckboxGroup
        name="proposals"
        legend={f.proposals}
        options={props.proposals}
        values={v}
        errors={errors}
        empty={t(l, 'participation.staff.agenda.noProposals')}
      />
      <CheckboxGroup
        name="meetings"
        legend={f.meetings}
        options={props.meetings}
        values={v}
        errors={errors}
        empty={t(l, 'participation.staff.agenda.noMeetings')}
      />
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
      {props.actions.length === 0 ? <p>{t(l, 'participation.agenda.none')}</p> : null}
      <ul class="list-unstyled">
        {props.actions.map((a) => (
          <li class="ponte-card mb-3">
            <h2 class="h5 mb-1">
              <a href={`/admin/actions/${a.id}`}>{a.title}</a>
            </h2>
            <p class="mb-0">
              {t(l, `participation.agenda.status.${a.status}`)} · {t(l, 'participation.agenda.progress', { n: a.progress })}
            </p>
          </li>
        ))}
      </ul>
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
        <TextField name="day" idPrefix="u-" label={f.day} value={one(uv.day)} error={uErrors.day} maxLength={10} inputMode="numeric" />
        <TextArea name="body" idPrefix="u-" label={f.body} value={one(uv.body)} error={uErrors.body} rows={4} maxLength={5000} required />
        <TextField
          name="progress"
          idPrefix="u-"
          label={f.progress}
          value={one(uv.progress)}
          error={uErrors.progress}
          inputMode="numeric"
          maxLength={3}
        />
        <SelectField
          name="status"
          idPrefix="u-"
          label={f.status}
          value={one(uv.status)}
          error={uErrors.status}
          placeholder={w('keep')}
          options={ACTION_STATUSES.map((s) => ({ value: s, label: t(l, `participation.agenda.status.${s}`) }))}
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
