import type { VNode } from 'preact';
import { type Lang, t } from '../../core/i18n.js';
import { formatRome } from '../../core/time.js';
import { type FormPageProps, formPage, SubmitButton } from '../../web/components/form-page.js';
import { Section } from '../../web/components/section.js';
import { staffCrumbs } from '../../web/components/staff-crumbs.js';
import { TitledPage } from '../../web/components/titled-page.js';
import { ErrorSummary, Form, type FormBody, Notice, SelectField, TextArea, TextField } from '../../web/forms.js';
import type { SentMessage } from './broadcast.js';
import { type ShiftView, SKILLS } from './schemas.js';
import type { TrainingView, VolunteerProfile } from './training.js';

type Org = { id: string; name: string };
const one = (v: FormBody[string] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
const crumbs = (l: Lang, o: Org, title: string) => staffCrumbs(l, o, { label: title });

/** The courses a volunteer did, one line each. */
export function TrainingList(props: { l: Lang; trainings: TrainingView[] }): VNode {
  const l = props.l;
  if (props.trainings.length === 0) return <p>{t(l, 'volunteers.training.none')}</p>;
  return (
    <ul>
      {props.trainings.map((c) => (
        <li>
          {t(l, 'volunteers.training.row', { title: c.title, date: c.date, hours: c.hours.toLocaleString(l === 'en' ? 'en-GB' : 'it-IT') })}
        </li>
      ))}
    </ul>
  );
}

/** Staff's page of one volunteer: comune, skills, "in affiancamento" with its switch, courses and the form to add one. */
export function VolunteerPage(
  props: FormPageProps & {
    organisation: Org;
    profile: VolunteerProfile;
    saved?: boolean;
  },
): VNode {
  const { l, e: errors } = formPage(props);
  const p = props.profile;
  const w = (k: string, vars?: Record<string, string | number>) => t(l, `volunteers.profile.${k}`, vars);
  const v = props.values ?? {};
  const title = p.name || w('title');
  return (
    <TitledPage
      ctx={props.ctx}
      heading={title}
      title={`${title} · ${props.organisation.name}`}
      crumbs={crumbs(l, props.organisation, title)}
    >
      {props.saved ? <Notice kind="success">{w('saved')}</Notice> : null}
      <dl>
        <dt>{w('municipality')}</dt>
        <dd>{p.municipality}</dd>
        <dt>{w('skills')}</dt>
        <dd>{p.skills.map((s) => t(l, `volunteers.skill.${s}`)).join(', ') || '—'}</dd>
      </dl>
      <p>{w('noShows', { n: p.noShows })}</p>
      {p.trainee ? (
        <p>
          <strong>{t(l, 'volunteers.trainee.badge')}</strong>
        </p>
      ) : null}
      <Form action={`/admin/volontari/${p.id}/affiancamento`} csrf={props.ctx.csrf}>
        <input type="hidden" name="trainee" value={p.trainee ? '0' : '1'} />
        <SubmitButton label={w(p.trainee ? 'clearTrainee' : 'setTrainee')} class="btn btn-outline-primary btn-sm" />
      </Form>
      <h2 class="mt-4">{t(l, 'volunteers.training.heading')}</h2>
      <TrainingList l={l} trainings={p.trainings} />
      <h2>{w('addOutside')}</h2>
      <ErrorSummary
        errors={errors}
        title={t(l, 'volunteers.error.training')}
        labels={{ title: w('field.title'), date: w('field.date'), hours: w('field.hours'), event: w('field.event') }}
      />
      <Form action={`/admin/volontari/${p.id}/corsi`} csrf={props.ctx.csrf}>
        <TextField name="title" label={w('field.title')} value={one(v.title)} error={errors.title} maxLength={200} />
        <TextField name="date" label={w('field.date')} value={one(v.date).slice(0, 10)} error={errors.date} maxLength={10} />
        <TextField
          name="hours"
          label={w('field.hours')}
          value={one(v.hours).slice(0, 6)}
          error={errors.hours}
          inputMode="decimal"
          maxLength={6}
        />
        <TextField
          name="event"
          label={w('field.event')}
          hint={w('addEvent')}
          value={one(v.event).slice(0, 36)}
          error={errors.event}
          maxLength={36}
        />
        <SubmitButton label={w('addOutside')} />
      </Form>
    </TitledPage>
  );
}

/** The messages sent, newest first: the text as written and how many it reached by each channel. */
function SentList(props: { l: Lang; messages: SentMessage[] }): VNode {
  const w = (k: string, vars?: Record<string, string | number>) => t(props.l, `volunteers.message.${k}`, vars);
  return (
    <Section id="inviati" heading={w('history')} headingClass="">
      <ul class="list-unstyled">
        {props.messages.map((m) => (
          <li class="ponte-card mb-3">
            <h3 class="h5 mb-1">{m.subject}</h3>
            <p class="mb-1 text-muted">
              {formatRome(m.sentAt, props.l)} · {w('sent.channels', { email: m.email, sms: m.sms })}
            </p>
            <p class="mb-0 text-break">{m.body}</p>
          </li>
        ))}
      </ul>
    </Section>
  );
}

/** Staff write to their volunteers: by role, skill or shift; after sending, how many it went to. */
export function MessagePage(
  props: FormPageProps & {
    organisation: Org;
    shifts: ShiftView[];
    sent?: number;
    /** After sending: how many went by e-mail and by SMS. */
    byChannel?: { email: number; sms: number };
    /** The latest messages sent, newest first. */
    history?: SentMessage[];
  },
): VNode {
  const { l, e: errors } = formPage(props);
  const w = (k: string, vars?: Record<string, string | number>) => t(l, `volunteers.message.${k}`, vars);
  const v = props.values ?? {};
  const o = props.organisation;
  const sent = props.sent;
  return (
    <TitledPage ctx={props.ctx} heading={w('title')} title={`${w('title')} · ${o.name}`} crumbs={crumbs(l, o, w('title'))}>
      {sent !== undefined ? (
        <Notice kind={sent > 0 ? 'success' : 'info'}>
          {sent === 0 ? w('sent.none') : sent === 1 ? w('sent.one') : w('sent', { n: sent })}
          {sent && props.byChannel ? ` ${w('sent.channels', props.byChannel)}` : null}
        </Notice>
      ) : null}
      <p>{w('lead')}</p>
      <ErrorSummary
        errors={errors}
        title={t(l, 'volunteers.error.message')}
        labels={{ subject: w('subject'), body: w('body'), shift: w('shift'), skill: w('skill'), role: w('to') }}
      />
      <Form action={`/admin/organisations/${o.id}/volontari/messaggio`} csrf={props.ctx.csrf}>
        <SelectField
          name="role"
          label={w('to')}
          value={one(v.role)}
          error={errors.role}
          options={['all', 'trainee', 'experienced'].map((r) => ({ value: r, label: w(`to.${r}`) }))}
        />
        <SelectField
          name="skill"
          label={w('skill')}
          value={one(v.skill)}
          error={errors.skill}
          options={[{ value: '', label: w('skill.any') }, ...SKILLS.map((s) => ({ value: s, label: t(l, `volunteers.skill.${s}`) }))]}
        />
        <SelectField
          name="shift"
          label={w('shift')}
          value={one(v.shift)}
          error={errors.shift}
          options={[
            { value: '', label: w('shift.any') },
            ...props.shifts.map((s) => ({ value: s.id, label: `${s.title} · ${s.start.slice(0, 10)}` })),
          ]}
        />
        <TextField name="subject" label={w('subject')} value={one(v.subject)} error={errors.subject} required maxLength={150} />
        <TextArea name="body" label={w('body')} value={one(v.body)} error={errors.body} required maxLength={2000} rows={6} />
        <SubmitButton label={w('send')} />
      </Form>
      {props.history?.length ? <SentList l={l} messages={props.history} /> : null}
    </TitledPage>
  );
}
