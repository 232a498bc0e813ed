import type { ComponentChildren, VNode } from 'preact';
import { type Lang, t } from '../../core/i18n.js';
import { CheckboxGroup, FieldList } from '../../web/components/field-list.js';
import { type FormPageProps, formPage, SubmitButton } from '../../web/components/form-page.js';
import { ButtonForm, FormBlock } from '../../web/components/form-section.js';
import { labelsOf } from '../../web/components/labels.js';
import { Section } from '../../web/components/section.js';
import { staffCrumbs } from '../../web/components/staff-crumbs.js';
import { TitledPage } from '../../web/components/titled-page.js';
import { Form, type FormBody, Notice, SelectField, TextField } from '../../web/forms.js';
import type { PageContext } from '../../web/layout.js';
import { AGE_BANDS, DAY_PARTS, SKILLS, WEEKDAYS } from './schemas.js';
import type { MyShifts, PendingApplication } from './service.js';
import type { TrainingView } from './training.js';
import { TrainingList } from './views-training.js';

const when = (iso: string, l: Lang) =>
  new Date(iso).toLocaleString(l === 'en' ? 'en-GB' : 'it-IT', { timeZone: 'Europe/Rome', dateStyle: 'full', timeStyle: 'short' });
const until = (iso: string, l: Lang) =>
  new Date(iso).toLocaleTimeString(l === 'en' ? 'en-GB' : 'it-IT', { timeZone: 'Europe/Rome', timeStyle: 'short' });
const _one = (v: FormBody[string]) => (Array.isArray(v) ? v[0] : v) ?? '';

/** The fields of the application form whose errors the summary names. */
const FIELDS = [
  'name',
  'email',
  'phone',
  'sms',
  'municipality',
  'ageBand',
  'guardianName',
  'guardianConsent',
  'school',
  'languages',
  'codeOfConduct',
];

/** The public application form, with its errors when a submit was refused. */
export function ApplyPage(
  props: FormPageProps & {
    organisation: { id: string; name: string };
  },
): VNode {
  const { l, e: errors } = formPage(props);
  const v = props.values ?? {};
  const label = (k: string) => t(l, `volunteers.apply.${k}`);
  const fieldLabel = (k: string) => label(k === 'guardianName' ? 'guardian' : k);
  const title = label('title');
  return (
    <TitledPage
      ctx={props.ctx}
      heading={title}
      title={`${title} · ${props.organisation.name}`}
      crumbs={[{ href: '/', label: t(l, 'nav.home') }, { label: title }]}
    >
      <p class="lead">{label('lead')}</p>
      <p>{props.organisation.name}</p>
      <FormBlock
        ctx={props.ctx}
        errors={errors}
        title={label('errors')}
        labels={labelsOf(fieldLabel, ...FIELDS)}
        action={`/volontariato/${props.organisation.id}`}
        submit={label('send')}
        width={false}
      >
        <FieldList
          values={v}
          errors={errors}
          label={fieldLabel}
          fields={[{ name: 'name', required: true, autocomplete: 'name', maxLength: 120 }]}
        />
        <p id="h-contact" class="form-text">
          {label('contact.hint')}
        </p>
        <FieldList
          values={v}
          errors={errors}
          label={fieldLabel}
          fields={[
            { name: 'email', type: 'email', describedBy: 'h-contact', autocomplete: 'email', maxLength: 254 },
            { name: 'phone', type: 'tel', describedBy: 'h-contact', autocomplete: 'tel', maxLength: 30 },
            { name: 'sms', kind: 'checkbox' },
            {
              name: 'municipality',
              hint: label('municipality.hint'),
              required: true,
              autocomplete: 'address-level2',
              maxLength: 100,
            },
            {
              name: 'ageBand',
              kind: 'select',
              required: true,
              placeholder: label('ageBand.none'),
              options: AGE_BANDS.map((b) => ({ value: b, label: t(l, `volunteers.age.${b}`) })),
            },
            { name: 'guardianName', maxLength: 120 },
            { name: 'guardianConsent', kind: 'checkbox' },
            { name: 'school', maxLength: 200 },
          ]}
        />
        <CheckboxGroup
          name="skills"
          legend={label('skills')}
          values={v}
          errors={errors}
          options={SKILLS.map((s) => ({ value: s, label: t(l, `volunteers.skill.${s}`) }))}
        />
        <FieldList values={v} errors={errors} label={fieldLabel} fields={[{ name: 'languages', maxLength: 200 }]} />
        <CheckboxGroup
          name="availability"
          legend={label('availability')}
          values={v}
          errors={errors}
          options={WEEKDAYS.flatMap((d) =>
            DAY_PARTS.map((p) => ({ value: `${d}:${p}`, label: `${t(l, `volunteers.day.${d}`)}, ${t(l, `volunteers.part.${p}`)}` })),
          )}
        />
        <FieldList values={v} errors={errors} label={fieldLabel} fields={[{ name: 'codeOfConduct', kind: 'checkbox' }]} />
      </FormBlock>
    </TitledPage>
  );
}

export function AppliedPage(props: { ctx: PageContext; organisation: { name: string } }): VNode {
  const l = props.ctx.lang;
  return (
    <TitledPage ctx={props.ctx} heading={t(l, 'volunteers.apply.done.title')}>
      <Notice kind="success">{t(l, 'volunteers.apply.done', { org: props.organisation.name })}</Notice>
    </TitledPage>
  );
}

/** Staff's list of pending applications, each with approve and decline. */
export function ApplicationsPage(props: {
  ctx: PageContext;
  organisation: { id: string; name: string };
  rows: PendingApplication[];
  notice?: 'approved' | 'declined';
  error?: string;
}): VNode {
  const l = props.ctx.lang;
  const o = props.organisation;
  const title = t(l, 'volunteers.admin.title');
  return (
    <TitledPage ctx={props.ctx} heading={title} title={`${title} · ${o.name}`} crumbs={staffCrumbs(l, o, { label: title })}>
      {props.notice ? <Notice kind="success">{t(l, `volunteers.admin.${props.notice}`)}</Notice> : null}
      {props.error ? <Notice kind="danger">{props.error}</Notice> : null}
      {props.rows.length === 0 ? <p>{t(l, 'volunteers.admin.none')}</p> : null}
      <ul class="list-unstyled">
        {props.rows.map((r) => (
          <li class="ponte-card mb-3">
            <h2 class="h5 mb-1">{r.name}</h2>
            <p class="mb-1">{[r.email, r.phone].filter(Boolean).join(' · ')}</p>
            <p class="mb-1">
              {t(l, 'volunteers.admin.col.municipality')}: {r.municipality} · {t(l, 'volunteers.admin.col.age')}:{' '}
              {t(l, `volunteers.age.${r.ageBand}`)}
              {r.guardian ? ` · ${t(l, 'volunteers.admin.guardian', { name: r.guardian })}` : ''}
            </p>
            <p class="mb-2">
              {t(l, 'volunteers.admin.col.skills')}: {r.skills.map((s) => t(l, `volunteers.skill.${s}`)).join(', ') || '—'}
            </p>
            <Form action={`/admin/volunteer-applications/${r.id}/approva`} csrf={props.ctx.csrf} class="d-inline">
              <button type="submit" class="btn btn-primary btn-sm me-2">
                {t(l, 'volunteers.admin.approve')}
                <span class="visually-hidden"> – {r.name}</span>
              </button>
            </Form>
            <Form action={`/admin/volunteer-applications/${r.id}/rifiuta`} csrf={props.ctx.csrf} class="mt-2">
              <TextField name="message" idPrefix={`${r.id}-`} label={t(l, 'volunteers.admin.message')} maxLength={1000} />
              <button type="submit" class="btn btn-outline-danger btn-sm">
                {t(l, 'volunteers.admin.decline')}
                <span class="visually-hidden"> – {r.name}</span>
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </TitledPage>
  );
}

/** "I miei turni": the volunteer's shifts, and the open ones to sign up for. */
/** The messages staff sent the volunteer, newest first: where an SMS cut short points for the whole text. */
function MessagesReceived(props: { l: Lang; messages: MyShifts['messages'] }): VNode {
  const l = props.l;
  return (
    <Section id="messaggi" heading={t(l, 'volunteers.mine.messages')} headingClass="">
      <ul class="list-unstyled">
        {props.messages.map((m) => (
          <li class="ponte-card mb-3">
            <h3 class="h5 mb-1">{m.subject}</h3>
            <p class="mb-2 text-muted">{t(l, 'volunteers.mine.messageSent', { when: when(m.sentAt, l) })}</p>
            {m.body.split(/\n\s*\n/).map((para) => (
              <p class="mb-2">{para}</p>
            ))}
          </li>
        ))}
      </ul>
    </Section>
  );
}

/** An experienced volunteer signs up for an open shift together with a trainee they accompany (two places). */
function PairForm(props: {
  l: Lang;
  csrf?: string;
  shift: { id: string; title: string };
  trainees: { id: string; name: string }[];
}): VNode {
  const l = props.l;
  return (
    <Form action={`/turni/${props.shift.id}/coppia`} csrf={props.csrf}>
      <SelectField
        name="trainee"
        idPrefix={`s${props.shift.id}-`}
        label={t(l, 'volunteers.mine.pair.label')}
        options={props.trainees.map((p) => ({ value: p.id, label: p.name }))}
      />
      <button type="submit" class="btn btn-outline-primary btn-sm">
        {t(l, 'volunteers.mine.pair.submit')}
        <span class="visually-hidden"> – {props.shift.title}</span>
      </button>
    </Form>
  );
}

/** A heading and its shifts as cards (title, then start and end), each ending with what `more` adds; "none" when there are none. */
/** A volunteer's button on one shift (sign up, withdraw), posted to `/turni/<id>/<step>` and named by the shift for screen readers. */
function ShiftButton(props: { shift: { id: string; title: string }; step: string; csrf?: string; label: string; class: string }): VNode {
  return (
    <ButtonForm action={`/turni/${props.shift.id}/${props.step}`} csrf={props.csrf} label={props.label} class={`btn ${props.class} btn-sm`}>
      <span class="visually-hidden"> – {props.shift.title}</span>
    </ButtonForm>
  );
}

function ShiftCards<S extends { id: string; title: string; start: string; end: string }>(props: {
  l: Lang;
  heading: string;
  shifts: S[];
  /** The classes of the times' paragraph. */
  timesClass: string;
  more: (shift: S) => ComponentChildren;
}): VNode {
  const { l } = props;
  return (
    <>
      <h2>{props.heading}</h2>
      {props.shifts.length === 0 ? <p>{t(l, 'volunteers.mine.none')}</p> : null}
      <ul class="list-unstyled">
        {props.shifts.map((x) => (
          <li class="ponte-card mb-3">
            <h3 class="h5 mb-1">{x.title}</h3>
            <p class={props.timesClass}>
              {when(x.start, l)} – {until(x.end, l)}
            </p>
            {props.more(x)}
          </li>
        ))}
      </ul>
    </>
  );
}

export function MyShiftsPage(props: {
  ctx: PageContext;
  shifts: MyShifts;
  notice?: string;
  error?: string;
  /** The caller's volunteer records, one certificate link each. */
  certificates?: { volunteerId: string; organisation: string }[];
  /** The private address of the caller's calendar of shifts. */
  feedUrl?: string;
  /** Whether the caller is in affiancamento, and the courses they did. */
  training?: { trainee: boolean; trainings: TrainingView[] };
  /** By organisation: the trainees an experienced caller can sign up together with. */
  trainees?: Record<string, { id: string; name: string }[]>;
}): VNode {
  const l = props.ctx.lang;
  const title = t(l, 'volunteers.mine.title');
  const s = props.shifts;
  return (
    <TitledPage ctx={props.ctx} heading={title}>
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      {props.error ? <Notice kind="danger">{props.error}</Notice> : null}
      {props.training?.trainee ? (
        <Notice kind="info">
          <strong>{t(l, 'volunteers.trainee.badge')}</strong>: {t(l, 'volunteers.trainee.mine')}
        </Notice>
      ) : null}
      {s.messages.length > 0 ? <MessagesReceived l={l} messages={s.messages} /> : null}
      <ShiftCards
        l={l}
        heading={t(l, 'volunteers.mine.signedUp')}
        shifts={s.signedUp}
        timesClass="mb-2"
        more={(x) => (
          <>
            {x.status === 'confirmed' ? null : <p class="mb-2 fw-semibold">{t(l, `volunteers.status.${x.status}`)}</p>}
            <ShiftButton
              shift={x}
              step="ritiro"
              csrf={props.ctx.csrf}
              label={t(l, 'volunteers.mine.withdraw')}
              class="btn-outline-primary"
            />
          </>
        )}
      />
      <ShiftCards
        l={l}
        heading={t(l, 'volunteers.mine.open')}
        shifts={s.open}
        timesClass="mb-1"
        more={(x) => (
          <>
            <p class="mb-2">{t(l, 'volunteers.mine.places', { taken: x.taken, needed: x.needed })}</p>
            {s.pairing[x.id] ? <p class="mb-2 fw-semibold">{t(l, `volunteers.pairing.${s.pairing[x.id]}`)}</p> : null}
            {s.pairing[x.id] === 'without' ? null : (
              <ShiftButton shift={x} step="iscrizione" csrf={props.ctx.csrf} label={t(l, 'volunteers.mine.signUp')} class="btn-primary" />
            )}
            {x.needed - x.taken >= 2 && props.trainees?.[x.organisation]?.length ? (
              <PairForm l={l} csrf={props.ctx.csrf} shift={x} trainees={props.trainees[x.organisation]} />
            ) : null}
          </>
        )}
      />
      {props.certificates && props.certificates.length > 0 ? (
        <>
          <h2>{t(l, 'volunteers.certificate.heading')}</h2>
          <p>{t(l, 'volunteers.certificate.lead')}</p>
          <ul>
            {props.certificates.map((c) => (
              <li>
                <a href={`/turni/attestato.pdf?volontario=${c.volunteerId}`}>
                  {t(l, 'volunteers.certificate.link', { organisation: c.organisation })}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {props.training && props.training.trainings.length > 0 ? (
        <>
          <h2>{t(l, 'volunteers.training.heading')}</h2>
          <TrainingList l={l} trainings={props.training.trainings} />
        </>
      ) : null}
      {props.feedUrl ? (
        <>
          <h2>{t(l, 'volunteers.feed.heading')}</h2>
          <p>{t(l, 'volunteers.feed.lead')}</p>
          <p>
            {t(l, 'volunteers.feed.label')}:{' '}
            <a href={props.feedUrl} class="text-break">
              {props.feedUrl}
            </a>
          </p>
          <Form action="/turni/calendario/nuovo" csrf={props.ctx.csrf}>
            <SubmitButton label={t(l, 'volunteers.feed.renew')} class="btn btn-outline-primary btn-sm" />
          </Form>
        </>
      ) : null}
    </TitledPage>
  );
}
