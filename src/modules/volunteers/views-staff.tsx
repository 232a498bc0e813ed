import type { VNode } from 'preact';
import { type Lang, t } from '../../core/i18n.js';
import { CheckboxGroup } from '../../web/components/field-list.js';
import { type FormPageProps, formPage, SubmitButton } from '../../web/components/form-page.js';
import { ButtonForm } from '../../web/components/form-section.js';
import { RecordCards } from '../../web/components/record-cards.js';
import { staffCrumbs } from '../../web/components/staff-crumbs.js';
import { TitledPage } from '../../web/components/titled-page.js';
import { ErrorSummary, type Errors, Form, type FormBody, Notice, TextField } from '../../web/forms.js';
import type { PageContext } from '../../web/layout.js';
import { type ShiftView, SKILLS } from './schemas.js';

const when = (iso: string, l: Lang) =>
  new Date(iso).toLocaleString(l === 'en' ? 'en-GB' : 'it-IT', { timeZone: 'Europe/Rome', dateStyle: 'full', timeStyle: 'short' });
export const one = (v: FormBody[string]) => (Array.isArray(v) ? v[0] : v) ?? '';
/** A typed value shown again only when its input type accepts it (a browser, and HTML, refuse the rest). */
export const shaped = (v: FormBody[string], re: RegExp) => (re.test(one(v)) ? one(v) : '');

/**
 * The end of a form that makes shifts (one shift, or shifts generated from a desk or an event): how
 * many volunteers each needs, the skills it asks for, and the submit button. `w` words the labels.
 */
export function ShiftNeedFields(props: {
  l: Lang;
  w: (key: string) => string;
  values: FormBody;
  errors: Errors;
  /** The number shown when none was typed. */
  needed?: string;
  submit: string;
}): VNode {
  const { l, w, values: v, errors } = props;
  return (
    <>
      <TextField
        name="needed"
        type="number"
        min={1}
        max={500}
        label={w('field.needed')}
        value={shaped(v.needed, /^\d{1,3}$/) || (props.needed ?? '')}
        error={errors.needed}
        required
      />
      <CheckboxGroup
        name="skills"
        legend={w('field.skills')}
        values={v}
        errors={errors}
        options={SKILLS.map((s) => ({ value: s, label: t(l, `volunteers.skill.${s}`) }))}
      />
      <SubmitButton label={props.submit} />
    </>
  );
}

type Org = { id: string; name: string };
const crumbs = (l: Lang, o: Org, title: string) => staffCrumbs(l, o, { label: title });

/** Staff's shifts: the upcoming ones with their places, and the form that publishes a new one. */
export function StaffShiftsPage(
  props: FormPageProps & {
    organisation: Org;
    shifts: ShiftView[];
    created?: boolean;
  },
): VNode {
  const { l, e: errors } = formPage(props);
  const o = props.organisation;
  const v = props.values ?? {};
  const w = (k: string) => t(l, `volunteers.staff.${k}`);
  return (
    <TitledPage ctx={props.ctx} heading={w('title')} title={`${w('title')} · ${o.name}`} crumbs={crumbs(l, o, w('title'))}>
      {props.created ? <Notice kind="success">{w('created')}</Notice> : null}
      <p>
        <a href={`/admin/organisations/${o.id}/volontari/messaggio`}>{t(l, 'volunteers.message.title')}</a>
      </p>
      <RecordCards
        none={t(l, 'volunteers.mine.none')}
        cards={props.shifts.map((s) => ({
          title: s.title,
          href: `/admin/shifts/${s.id}`,
          body: (
            <>
              <p class="mb-1">{when(s.start, l)}</p>
              <p class="mb-0">{t(l, 'volunteers.mine.places', { taken: s.taken, needed: s.needed })}</p>
            </>
          ),
        }))}
      />
      <h2>{w('new')}</h2>
      <ErrorSummary
        errors={errors}
        title={t(l, 'volunteers.apply.errors')}
        labels={{ title: w('field.title'), date: w('field.date'), from: w('field.from'), to: w('field.to'), needed: w('field.needed') }}
      />
      <Form action={`/admin/organisations/${o.id}/turni`} csrf={props.ctx.csrf}>
        <TextField name="title" label={w('field.title')} value={one(v.title)} error={errors.title} required maxLength={200} />
        <TextField
          name="date"
          type="date"
          label={w('field.date')}
          value={shaped(v.date, /^\d{4}-\d{2}-\d{2}$/)}
          error={errors.date}
          required
        />
        <TextField name="from" type="time" label={w('field.from')} value={shaped(v.from, /^\d{2}:\d{2}$/)} error={errors.from} required />
        <TextField name="to" type="time" label={w('field.to')} value={shaped(v.to, /^\d{2}:\d{2}$/)} error={errors.to} required />
        <ShiftNeedFields l={l} w={w} values={v} errors={errors} submit={w('publish')} />
      </Form>
    </TitledPage>
  );
}

export interface SignupRow {
  id: string;
  volunteerId: string;
  name: string;
  attended: boolean | null;
  status: 'confirmed' | 'pending' | 'refused';
}

/** One shift's volunteers, each marked present or absent by staff. */
export function StaffShiftPage(props: {
  ctx: PageContext;
  organisation: Org;
  shift: ShiftView;
  signups: SignupRow[];
  marked?: boolean;
}): VNode {
  const l = props.ctx.lang;
  const s = props.shift;
  const w = (k: string) => t(l, `volunteers.staff.${k}`);
  /** One of the buttons of a sign-up: `field` sent as 1 (the first button) or 0 (the second). */
  const act = (r: SignupRow, path: string, field: string, yes: boolean, label: string, classes: string) => (
    <ButtonForm
      action={`/admin/shifts/${s.id}/${path}`}
      csrf={props.ctx.csrf}
      formClass="d-inline"
      hidden={{ signup: r.id, [field]: yes ? '1' : '0' }}
      label={label}
      class={`btn btn-sm me-2 ${classes}`}
    >
      <span class="visually-hidden"> – {r.name}</span>
    </ButtonForm>
  );
  const mark = (r: SignupRow, present: boolean) =>
    act(r, 'presenze', 'present', present, w(present ? 'present' : 'absent'), present ? 'btn-primary' : 'btn-outline-primary');
  const decide = (r: SignupRow, approve: boolean) =>
    act(
      r,
      'approvazioni',
      'approve',
      approve,
      w(approve ? 'approveSignup' : 'refuseSignup'),
      approve ? 'btn-success' : 'btn-outline-danger',
    );
  return (
    <TitledPage
      ctx={props.ctx}
      heading={s.title}
      title={`${s.title} · ${props.organisation.name}`}
      crumbs={crumbs(l, props.organisation, s.title)}
    >
      <p>{when(s.start, l)}</p>
      <p>{t(l, 'volunteers.mine.places', { taken: s.taken, needed: s.needed })}</p>
      {props.marked ? <Notice kind="success">{w('marked')}</Notice> : null}
      {props.signups.length === 0 ? <p>{w('nobody')}</p> : null}
      <ul class="list-unstyled">
        {props.signups.map((r) => (
          <li class="ponte-card mb-3">
            <h2 class="h5 mb-1">{r.name}</h2>
            <p class="mb-2">{r.attended === null ? w('unmarked') : w(r.attended ? 'wasPresent' : 'wasAbsent')}</p>
            {r.status === 'confirmed' ? null : <p class="mb-2">{t(l, `volunteers.status.${r.status}`)}</p>}
            {r.status === 'pending' ? (
              <>
                {decide(r, true)}
                {decide(r, false)}
              </>
            ) : null}
            {mark(r, true)}
            {mark(r, false)}
            <a href={`/admin/volontari/${r.volunteerId}`} class="btn btn-sm btn-link">
              {t(l, 'volunteers.profile.link', { name: r.name })}
            </a>
            <a href={`/admin/volontari/${r.volunteerId}/attestato.pdf`} class="btn btn-sm btn-link">
              {t(l, 'volunteers.staff.certificate')}
              <span class="visually-hidden"> – {r.name}</span>
            </a>
          </li>
        ))}
      </ul>
    </TitledPage>
  );
}
