import type { VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { formatRome } from '../../../core/time.js';
import { boundFields } from '../../../web/components/bound-fields.js';
import { CheckboxGroup } from '../../../web/components/field-list.js';
import { type FormPageProps, formPage, SubmitButton } from '../../../web/components/form-page.js';
import { labelsOf } from '../../../web/components/labels.js';
import { RecordCards } from '../../../web/components/record-cards.js';
import { staffCrumbs } from '../../../web/components/staff-crumbs.js';
import { TitledPage } from '../../../web/components/titled-page.js';
import { ErrorSummary, type Errors, Form, type FormBody, Notice, SelectField, TextArea, TextField } from '../../../web/forms.js';
import type { PageContext } from '../../../web/layout.js';
import type { ProposalRef } from './process-link.js';
import type { MeetingView, PollView } from './service.js';
import { PollResults } from './views.js';

const one = (v: FormBody[string] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
type Process = { id: string; title: string };
const crumbs = (l: Lang, p: Process, title?: string) =>
  title
    ? staffCrumbs(l, null, { href: `/admin/processes/${p.id}/incontri`, label: p.title }, { label: title })
    : staffCrumbs(l, null, { label: p.title });

/** Staff's meetings of a process, and the form that links an event of the catalogue as a new one. */
export function StaffMeetingsPage(
  props: FormPageProps & {
    process: Process;
    meetings: MeetingView[];
    events: { id: string; title: string; start: string }[];
  },
): VNode {
  const { l, e: errors, v } = formPage(props);
  const w = (k: string, vars?: Record<string, string | number>) => t(l, `participation.staff.${k}`, vars);
  const title = w('meetings.title');
  return (
    <TitledPage ctx={props.ctx} heading={title} title={`${title} · ${props.process.title}`} crumbs={crumbs(l, props.process)}>
      <p>{props.process.title}</p>
      <RecordCards
        none={t(l, 'participation.meetings.none')}
        cards={props.meetings.map((m) => ({
          title: m.event.title,
          href: `/admin/meetings/${m.id}`,
          body: (
            <>
              <p class="mb-0">
                {formatRome(m.event.start, l)} · {m.published ? w('meeting.published.short') : w('meeting.unpublished')}
              </p>
            </>
          ),
        }))}
      />
      <h2>{w('meetings.link')}</h2>
      <ErrorSummary
        errors={errors}
        title={t(l, 'participation.polls.errors')}
        labels={{ event: w('meetings.event'), agenda: t(l, 'participation.meetings.agenda') }}
      />
      <Form action={`/admin/processes/${props.process.id}/incontri`} csrf={props.ctx.csrf}>
        <SelectField
          name="event"
          label={w('meetings.event')}
          value={one(v.event)}
          error={errors.event}
          required
          placeholder={w('meetings.event.none')}
          options={props.events.map((e) => ({ value: e.id, label: `${e.title} · ${formatRome(e.start, l)}` }))}
        />
        <TextArea
          name="agenda"
          label={t(l, 'participation.meetings.agenda')}
          value={one(v.agenda)}
          error={errors.agenda}
          rows={6}
          maxLength={20000}
        />
        <SubmitButton label={w('meetings.link')} />
      </Form>
    </TitledPage>
  );
}

/** One meeting for staff: agenda, minutes, decisions and linked proposals; publishing; live polls. */
export function StaffMeetingPage(
  props: FormPageProps & {
    process: Process;
    meeting: MeetingView;
    proposals: ProposalRef[];
    pollValues?: FormBody;
    pollErrors?: Errors;
    notice?: string;
    baseUrl: string;
  },
): VNode {
  const { l, e: errors } = formPage(props);
  const m = props.meeting;
  const w = (k: string, vars?: Record<string, string | number>) => t(l, `participation.staff.${k}`, vars);
  const pollErrors = props.pollErrors ?? {};
  const v: FormBody = props.values ?? {
    agenda: m.agenda ?? '',
    minutes: m.minutes ?? '',
    decisions: m.decisions ?? '',
    proposals: m.proposals.map((p) => p.id),
  };
  const pv = props.pollValues ?? {};
  const label = (name: string) => t(l, `participation.meetings.${name}`);
  const f = boundFields({ values: v, errors, label });
  const pf = boundFields({ values: pv, errors: pollErrors, label: (n) => w(`poll.${n}`) });
  const title = w('meeting.title', { title: m.event.title });
  return (
    <TitledPage ctx={props.ctx} heading={title} crumbs={crumbs(l, props.process, m.event.title)}>
      <p>{formatRome(m.event.start, l)}</p>
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <p>
        {m.published && m.publishedAt
          ? w('meeting.published', { date: formatRome(m.publishedAt, l), n: m.attendance ?? 0 })
          : w('meeting.unpublished')}
      </p>
      <ErrorSummary
        errors={errors}
        title={t(l, 'participation.polls.errors')}
        labels={labelsOf(label, 'agenda', 'minutes', 'decisions', 'proposals')}
      />
      <Form action={`/admin/meetings/${m.id}`} csrf={props.ctx.csrf}>
        <f.Area name="agenda" rows={5} maxLength={20000} />
        <f.Area name="minutes" rows={8} maxLength={50000} />
        <f.Area name="decisions" rows={4} maxLength={20000} />
        <CheckboxGroup
          name="proposals"
          legend={label('proposals')}
          options={props.proposals.map((p) => ({ value: p.id, label: p.title }))}
          values={v}
          errors={errors}
          empty={w('meeting.proposals.none')}
        />
        <div class="d-flex flex-wrap gap-2">
          <SubmitButton label={w('meeting.save')} name="step" value="save" />
          <SubmitButton label={w('meeting.publish')} class="btn btn-outline-primary" name="step" value="publish" />
        </div>
      </Form>

      <h2 class="mt-5">{t(l, 'participation.meetings.polls')}</h2>
      {m.polls.map((p) => (
        <StaffPoll poll={p} ctx={props.ctx} baseUrl={props.baseUrl} />
      ))}
      <h3>{w('poll.new')}</h3>
      <ErrorSummary
        errors={pollErrors}
        title={t(l, 'participation.polls.errors')}
        idPrefix="poll-"
        labels={{ question: w('poll.question'), options: w('poll.options') }}
      />
      <Form action={`/admin/meetings/${m.id}/sondaggi`} csrf={props.ctx.csrf}>
        <pf.Text name="question" idPrefix="poll-" required maxLength={300} />
        <pf.Area name="options" idPrefix="poll-" rows={4} maxLength={1200} />
        <SubmitButton label={w('poll.open')} />
      </Form>
    </TitledPage>
  );
}

/** A poll on the staff's meeting page: its address and results, the hands counted, the close button. */
function StaffPoll(props: { poll: PollView; ctx: PageContext; baseUrl: string }): VNode {
  const l = props.ctx.lang;
  const p = props.poll;
  const w = (k: string, vars?: Record<string, string | number>) => t(l, `participation.staff.${k}`, vars);
  return (
    <section class="ponte-card mb-4">
      <p class="mb-1">
        {w(`poll.status.${p.status}`)} · {w('poll.address', { url: `${props.baseUrl}${p.url}` })}
      </p>
      <PollResults poll={p} lang={l} headingLevel={3} />
      {p.status === 'open' ? (
        <>
          <Form action={`/admin/polls/${p.id}/mani`} csrf={props.ctx.csrf}>
            <fieldset class="mb-3">
              <legend class="fs-6">{w('poll.hands')}</legend>
              {p.options.map((o) => (
                <TextField
                  name={`hands.${o.id}`}
                  idPrefix={`p${p.id.slice(-6)}-`}
                  label={o.label}
                  type="number"
                  min={0}
                  inputMode="numeric"
                  value={o.hands}
                />
              ))}
            </fieldset>
            <SubmitButton label={w('poll.hands.save')} class="btn btn-outline-primary" />
          </Form>
          <Form action={`/admin/polls/${p.id}/chiudi`} csrf={props.ctx.csrf} class="mt-2">
            <SubmitButton label={w('poll.close')} class="btn btn-outline-danger" />
          </Form>
        </>
      ) : null}
    </section>
  );
}
