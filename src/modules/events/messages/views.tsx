import type { VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { FieldsetNotes } from '../../../web/components/fieldset-notes.js';
import { SubmitButton } from '../../../web/components/form-page.js';
import { TextLines } from '../../../web/components/text-lines.js';
import { ErrorSummary, type Errors, Form, FormProblem, Notice, TextArea, TextField } from '../../../web/forms.js';
import type { PageContext } from '../../../web/layout.js';
import { sessionLabel, whenLabel } from '../catalogue/format.js';
import { EVENTS_CSS } from '../catalogue/views.js';
import type { EventDetail } from '../service.js';
import { EventStaffLayout } from '../staff-layout.js';
import { type AudienceSummary, BODY_MAX, type MessageView, SUBJECT_MAX } from './service.js';

const plural = (l: Lang, key: string, n: number) => (n === 1 ? t(l, `${key}.one`) : t(l, key, { n }));

export type MessageFormValues = { statuses?: string[]; subject?: string; body?: string; sms?: string };

function GroupChoice(props: { l: Lang; summary: AudienceSummary; checked: string[]; error?: string }): VNode {
  const { l, summary } = props;
  return (
    <fieldset class="mb-3 ponte-fieldset" id="f-statuses" tabIndex={-1} aria-describedby={props.error ? 'e-statuses' : 'h-statuses'}>
      <legend class="h6">{t(l, 'msg.to')}</legend>
      <FieldsetNotes name="statuses" hint={t(l, 'msg.to.hint')} error={props.error} />
      {summary.counts.map((c) => {
        const id = `f-statuses-${c.audience}`;
        const notYet = c.audience === 'no-show' && !summary.started;
        return (
          <div class="form-check">
            <input
              class="form-check-input"
              type="checkbox"
              id={id}
              name="statuses"
              value={c.audience}
              checked={props.checked.includes(c.audience)}
              aria-describedby={`${id}-n`}
            />
            <label class="form-check-label" for={id}>
              {t(l, `msg.group.${c.audience}`)}
            </label>
            <div id={`${id}-n`} class="form-text ms-0">
              {notYet ? (
                t(l, 'msg.notStarted')
              ) : (
                <>
                  <strong>{plural(l, 'msg.count', c.reachable)}</strong>
                  {c.withoutEmail > 0 ? `; ${plural(l, 'msg.noEmail', c.withoutEmail)}` : ''}
                </>
              )}
            </div>
          </div>
        );
      })}
    </fieldset>
  );
}

/** Plain text as typed: paragraphs at blank lines, line breaks kept. */
export function MultiLine(props: { text: string }): VNode {
  return (
    <>
      {props.text.split(/\n\s*\n/).map((para) => (
        <p>
          <TextLines text={para} />
        </p>
      ))}
    </>
  );
}

/** A list rather than a table: it reads well at 320 px, and each message may be opened. */
function PastMessages(props: { l: Lang; items: MessageView[] }): VNode {
  const { l } = props;
  if (props.items.length === 0) return <p>{t(l, 'msg.none')}</p>;
  return (
    <ol class="list-unstyled">
      {props.items.map((m) => (
        <li class="ponte-card mb-2">
          <h3 class="h6 mb-1">{m.subject}</h3>
          <p class="mb-1">
            {t(l, 'msg.col.when')} {whenLabel(m.createdAt, l)}. {t(l, 'msg.col.to')}:{' '}
            {m.statuses.map((s) => t(l, `msg.group.${s}`).split(' (')[0]).join(', ')}. {t(l, 'msg.col.recipients')}: {m.recipients}.
          </p>
          <details>
            <summary>{t(l, 'msg.show')}</summary>
            <MultiLine text={m.body} />
            {m.sms ? (
              <p>
                <strong>{t(l, 'msg.sms.sent')}:</strong> {m.sms}
              </p>
            ) : null}
          </details>
        </li>
      ))}
    </ol>
  );
}

export function MessagesPage(props: {
  ctx: PageContext;
  organisation: { id: string; name: string };
  event: EventDetail;
  summary: AudienceSummary;
  messages: MessageView[];
  values?: MessageFormValues;
  errors?: Errors;
  sent?: number;
}): VNode {
  const { ctx, event: ev, errors: e = {}, values: v = {} } = props;
  const l = ctx.lang;
  return (
    <EventStaffLayout ctx={ctx} organisation={props.organisation} event={ev} here={t(l, 'msg.title')} head={EVENTS_CSS}>
      <p class="lead">{ev.sessions.map((s) => sessionLabel(s.start, s.end, l)).join('; ')}</p>
      {props.sent !== undefined ? <Notice kind="success">{plural(l, 'msg.sent', props.sent)}</Notice> : null}
      <p>{t(l, 'msg.intro')}</p>
      <ErrorSummary
        errors={e}
        title={t(l, 'form.errors')}
        labels={{ statuses: t(l, 'msg.to'), subject: t(l, 'msg.subject'), body: t(l, 'msg.body'), sms: t(l, 'msg.sms') }}
      />
      <FormProblem errors={e} />
      <Form action={`/admin/events/${ev.id}/messaggi`} csrf={props.ctx.csrf} class="ponte-card">
        <GroupChoice l={l} summary={props.summary} checked={v.statuses ?? []} error={e.statuses} />
        <TextField name="subject" label={t(l, 'msg.subject')} required value={v.subject} error={e.subject} maxLength={SUBJECT_MAX} />
        <TextArea
          name="body"
          label={t(l, 'msg.body')}
          required
          rows={8}
          value={v.body}
          error={e.body}
          maxLength={BODY_MAX}
          hint={t(l, 'msg.body.hint', { n: BODY_MAX })}
        />
        {/* No maxLength: the browser would cut the text silently; the rule (one SMS) is checked on sending. */}
        <TextArea name="sms" label={t(l, 'msg.sms')} rows={3} value={v.sms} error={e.sms} hint={t(l, 'msg.sms.hint')} />
        <SubmitButton label={t(l, 'msg.send')} />
      </Form>
      <h2 class="h4 mt-4">{t(l, 'msg.past')}</h2>
      <PastMessages l={l} items={props.messages} />
    </EventStaffLayout>
  );
}
