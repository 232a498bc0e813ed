import type { VNode } from 'preact';
import { t } from '../../../core/i18n.js';
import { formatDate } from '../../../core/time.js';
import { contentLang, type PageContext } from '../../../web/layout.js';
import { Paragraphs, ProcessPartPage } from '../meetings/views.js';
import type { ActionView } from './service.js';

/** A progress bar that says its value in words too (the bar alone is not read the same by every reader). */
export function ProgressBar(props: { value: number; label: string; text: string; id: string }): VNode {
  return (
    <div class="mb-2">
      <p class="mb-1" id={props.id}>
        {props.text}
      </p>
      <progress class="d-block w-100" max={100} value={props.value} aria-label={props.label} aria-describedby={props.id} />
    </div>
  );
}

/** The public tracker of a process's agenda: overall progress, then each action with its origins and updates. */
export function AgendaPage(props: {
  ctx: PageContext;
  process: { id: string; title: string; page: string };
  actions: ActionView[];
  overall: number;
  meetingsPage: string;
  proposalPage: (id: string) => string;
}): VNode {
  const l = props.ctx.lang;
  const title = t(l, 'participation.agenda.title');
  const status = (s: string) => t(l, `participation.agenda.status.${s}`);
  return (
    <ProcessPartPage ctx={props.ctx} process={props.process} title={title} lead={t(l, 'participation.agenda.lead')}>
      {props.actions.length === 0 ? (
        <p>{t(l, 'participation.agenda.none')}</p>
      ) : (
        <ProgressBar
          id="overall"
          value={props.overall}
          label={t(l, 'participation.agenda.overall', { n: props.overall })}
          text={t(l, 'participation.agenda.overall', { n: props.overall })}
        />
      )}
      <p>
        <a href={`/partecipa/processi/${props.process.id}/agenda.csv`}>{t(l, 'participation.agenda.csv')}</a>
        {' · '}
        <a href={props.meetingsPage}>{t(l, 'participation.agenda.meetings')}</a>
      </p>
      {props.actions.map((a, i) => (
        <article class="ponte-card mb-4" id={`azione-${a.id}`}>
          <h2 class="h4" lang={contentLang(l)}>
            {a.title}
          </h2>
          <ProgressBar
            id={`p-${i}`}
            value={a.progress}
            label={t(l, 'participation.agenda.progress.label', { title: a.title })}
            text={t(l, 'participation.agenda.progress', { n: a.progress })}
          />
          <ul class="list-unstyled mb-2">
            <li>{t(l, 'participation.agenda.status', { status: status(a.status) })}</li>
            <li>{t(l, 'participation.agenda.owner', { owner: a.owner })}</li>
            {a.deadline ? <li>{t(l, 'participation.agenda.deadline', { date: formatDate(a.deadline, l) })}</li> : null}
          </ul>
          <Paragraphs text={a.description} lang={l} />
          {a.proposals.length + a.meetings.length > 0 ? (
            <>
              <h3 class="h6">{t(l, 'participation.agenda.from')}</h3>
              <ul>
                {a.proposals.map((p) => (
                  <li>
                    {t(l, 'participation.agenda.fromProposal')}{' '}
                    <a href={props.proposalPage(p.id)} lang={contentLang(l)}>
                      {p.title}
                    </a>
                  </li>
                ))}
                {a.meetings.map((m) => (
                  <li>
                    {t(l, 'participation.agenda.fromMeeting')}{' '}
                    <a href={`${props.meetingsPage}#incontro-${m.id}`} lang={contentLang(l)}>
                      {m.title}
                    </a>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {a.updates.length > 0 ? (
            <>
              <h3 class="h6">{t(l, 'participation.agenda.updates')}</h3>
              <ol class="list-unstyled">
                {a.updates.map((u) => (
                  <li class="mb-2">
                    <strong>{formatDate(u.day, l)}</strong>
                    {u.progress !== null ? ` · ${t(l, 'participation.agenda.progress', { n: u.progress })}` : ''}
                    {u.status ? ` · ${status(u.status)}` : ''}
                    <Paragraphs text={u.body} lang={l} />
                  </li>
                ))}
              </ol>
            </>
          ) : null}
        </article>
      ))}
    </ProcessPartPage>
  );
}
