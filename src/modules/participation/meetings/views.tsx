import type { ComponentChildren, VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { formatRome } from '../../../core/time.js';
import { type FormPageProps, formPage, SubmitButton } from '../../../web/components/form-page.js';
import { TextLines } from '../../../web/components/text-lines.js';
import { TitledPage } from '../../../web/components/titled-page.js';
import { ErrorSummary, Form, Notice } from '../../../web/forms.js';
import { contentLang, type PageContext } from '../../../web/layout.js';
import type { MeetingView, PollView } from './service.js';

/** Text written by staff, as paragraphs at blank lines and lines kept (never as markup). */
export function Paragraphs(props: { text: string | null; lang: Lang }): VNode | null {
  if (!props.text) return null;
  return (
    <div lang={contentLang(props.lang)}>
      {props.text
        .split(/\n\s*\n/)
        .filter((p) => p.trim())
        .map((p) => (
          <p>
            <TextLines text={p.trim()} />
          </p>
        ))}
    </div>
  );
}

const pct = (n: number, total: number) => (total > 0 ? Math.round((n * 100) / total) : 0);

/** A poll's results: each option with its count as text, and a bar beside it for the eye. */
export function PollResults(props: { poll: PollView; lang: Lang; headingLevel?: 2 | 3 | 4 }): VNode {
  const l = props.lang;
  const { poll } = props;
  const H = `h${props.headingLevel ?? 3}` as 'h3';
  return (
    <section class="mb-4">
      <H lang={contentLang(l)}>{poll.question}</H>
      <ul class="list-unstyled">
        {poll.options.map((o) => (
          <li class="mb-2">
            <span lang={contentLang(l)}>{o.label}</span>
            {': '}
            {t(l, 'participation.polls.votes', { n: o.total, total: poll.total, pct: pct(o.total, poll.total) })}
            <progress class="d-block w-100" max={Math.max(1, poll.total)} value={o.total} aria-hidden="true" />
          </li>
        ))}
      </ul>
      <p>{t(l, 'participation.polls.total', { n: poll.total })}</p>
    </section>
  );
}

const day = (iso: string, l: Lang) => formatRome(iso, l);

/** A public page of one part of a process (its meetings, its agenda): the part's title over the process's, and a lead. */
export function ProcessPartPage(props: {
  ctx: PageContext;
  process: { title: string; page: string };
  title: string;
  lead: string;
  children: ComponentChildren;
}): VNode {
  const l = props.ctx.lang;
  const { process, title } = props;
  return (
    <TitledPage
      ctx={props.ctx}
      heading={
        <>
          {title}
          <span class="d-block fs-5" lang={contentLang(l)}>
            {process.title}
          </span>
        </>
      }
      title={`${title} · ${process.title}`}
      crumbs={[{ href: '/', label: t(l, 'nav.home') }, { href: process.page, label: process.title }, { label: title }]}
    >
      <p class="lead">{props.lead}</p>
      {props.children}
    </TitledPage>
  );
}

/** The public page of a process's meetings: each with its agenda, and its minutes once published. */
export function MeetingsPage(props: {
  ctx: PageContext;
  process: { id: string; title: string; page: string };
  meetings: MeetingView[];
  proposalPage: (id: string) => string;
}): VNode {
  const l = props.ctx.lang;
  const title = t(l, 'participation.meetings.title');
  return (
    <ProcessPartPage ctx={props.ctx} process={props.process} title={title} lead={t(l, 'participation.meetings.lead')}>
      {props.meetings.length === 0 ? <p>{t(l, 'participation.meetings.none')}</p> : null}
      {props.meetings.map((m) => (
        <article class="mb-5" id={`incontro-${m.id}`}>
          <h2 lang={contentLang(l)}>{m.event.title}</h2>
          <p>
            {day(m.event.start, l)}
            {m.event.page ? (
              <>
                {' · '}
                <a href={m.event.page}>{t(l, 'participation.meetings.event')}</a>
              </>
            ) : null}
          </p>
          {m.agenda ? (
            <>
              <h3>{t(l, 'participation.meetings.agenda')}</h3>
              <Paragraphs text={m.agenda} lang={l} />
            </>
          ) : null}
          <h3>{t(l, 'participation.meetings.minutes')}</h3>
          {m.published ? (
            <>
              {m.attendance !== null ? <p>{t(l, 'participation.meetings.attendance', { n: m.attendance })}</p> : null}
              <Paragraphs text={m.minutes} lang={l} />
              {m.decisions ? (
                <>
                  <h4>{t(l, 'participation.meetings.decisions')}</h4>
                  <Paragraphs text={m.decisions} lang={l} />
                </>
              ) : null}
              {m.proposals.length > 0 ? (
                <>
                  <h4>{t(l, 'participation.meetings.proposals')}</h4>
                  <ul>
                    {m.proposals.map((p) => (
                      <li lang={contentLang(l)}>
                        <a href={props.proposalPage(p.id)}>{p.title}</a>
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
              {m.polls.length > 0 ? (
                <>
                  <h4>{t(l, 'participation.meetings.polls')}</h4>
                  {m.polls.map((p) => (
                    <PollResults poll={p} lang={l} headingLevel={4} />
                  ))}
                </>
              ) : null}
            </>
          ) : (
            <p>{t(l, 'participation.meetings.minutes.later')}</p>
          )}
        </article>
      ))}
      <p>
        <a href={props.process.page}>{t(l, 'participation.meetings.back')}</a>
      </p>
    </ProcessPartPage>
  );
}

/**
 * The poll at its short address: the question with its answers as radio buttons (a plain form),
 * or the results once this phone has answered or the poll is closed. Results refresh by
 * themselves only when asked to (a link), since an unasked reload disturbs screen readers.
 */
export function PollPage(
  props: FormPageProps & {
    poll: PollView;
    answered: boolean;
    auto: boolean;
    thanks?: boolean;
  },
): VNode {
  const { l, e: errors } = formPage(props);
  const { poll } = props;
  const title = t(l, 'participation.polls.title');
  const open = poll.status === 'open';
  const showForm = open && !props.answered;
  return (
    <TitledPage
      ctx={props.ctx}
      heading={title}
      head={open && props.auto && !showForm ? <meta http-equiv="refresh" content="10" /> : undefined}
    >
      {props.thanks ? <Notice kind="success">{t(l, 'participation.polls.thanks')}</Notice> : null}
      {!showForm && errors._ ? <Notice kind="warning">{errors._}</Notice> : null}
      {showForm ? (
        <>
          <p class="lead">{t(l, 'participation.polls.lead')}</p>
          <ErrorSummary errors={errors} title={t(l, 'participation.polls.errors')} labels={{ option: poll.question }} />
          <Form action={poll.url} csrf={props.ctx.csrf}>
            <fieldset class="mb-3" aria-describedby={errors.option ? 'e-option' : undefined}>
              <legend class="fs-4" lang={contentLang(l)}>
                {poll.question}
              </legend>
              {errors.option ? (
                <div id="e-option" class="ponte-field-error">
                  {errors.option}
                </div>
              ) : null}
              {poll.options.map((o, i) => (
                <div class="form-check">
                  <input class="form-check-input" type="radio" name="option" id={`f-option${i === 0 ? '' : `-${i}`}`} value={o.id} />
                  <label class="form-check-label" for={`f-option${i === 0 ? '' : `-${i}`}`} lang={contentLang(l)}>
                    {o.label}
                  </label>
                </div>
              ))}
            </fieldset>
            <SubmitButton label={t(l, 'participation.polls.send')} />
          </Form>
        </>
      ) : (
        <>
          <h2>{t(l, 'participation.polls.results')}</h2>
          <p>{open ? t(l, 'participation.polls.openNote') : t(l, 'participation.polls.closedNote')}</p>
          <PollResults poll={poll} lang={l} headingLevel={3} />
          {open ? (
            <p>
              <a href={props.auto ? poll.url : `${poll.url}?aggiorna=1`}>{t(l, 'participation.polls.refresh')}</a>
            </p>
          ) : null}
        </>
      )}
    </TitledPage>
  );
}
