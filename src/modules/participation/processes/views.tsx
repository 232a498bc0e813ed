import type { VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { formatDate } from '../../../core/time.js';
import { Section } from '../../../web/components/section.js';
import { TextLines } from '../../../web/components/text-lines.js';
import { TitledPage } from '../../../web/components/titled-page.js';
import { contentLang, type PageContext } from '../../../web/layout.js';
import type { ProcessView } from './schemas.js';
import type { ProcessSectionContent } from './sections.js';

/** Public pages of processes: the list, and a process with its timeline and what one can do now. */

const day = (d: string, l: Lang) => formatDate(d, l);

/** Text as written, never as markup: paragraphs at blank lines, line breaks kept. */
export function PlainText(props: { text: string; lang?: Lang }): VNode {
  const paragraphs = props.text.split(/\n\s*\n/).filter((p) => p.trim());
  return (
    <div class="ponte-plain" lang={props.lang ? contentLang(props.lang) : undefined}>
      {paragraphs.map((p) => (
        <p>
          <TextLines text={p} />
        </p>
      ))}
    </div>
  );
}

export function ProcessListPage(props: {
  ctx: PageContext;
  processes: ProcessView[];
  organisations: Map<string, string>;
  organisation?: string;
}): VNode {
  const l = props.ctx.lang;
  const title = props.organisation
    ? t(l, 'participation.list.titleOf', { org: props.organisations.get(props.organisation) ?? '' })
    : t(l, 'participation.list.title');
  return (
    <TitledPage
      ctx={props.ctx}
      heading={title}
      crumbs={[{ href: '/', label: t(l, 'nav.home') }, { label: t(l, 'participation.list.title') }]}
    >
      <p class="lead">{t(l, 'participation.list.lead')}</p>
      {props.processes.length === 0 ? <p>{t(l, 'participation.list.none')}</p> : null}
      <ul class="list-unstyled ponte-processes">
        {props.processes.map((p) => {
          const now = p.phases.find((x) => x.current);
          return (
            <li class="mb-4">
              <h2 class="h4">
                <a href={`/partecipa/processi/${p.id}`} lang={contentLang(l)}>
                  {p.title}
                </a>
              </h2>
              <p class="mb-1">
                <a href={`/partecipa?organizzazione=${p.organisation}`}>{props.organisations.get(p.organisation)}</a>
                {' · '}
                {t(l, `participation.status.${p.status}`)}
              </p>
              {now ? <p class="mb-0">{t(l, 'participation.phase.now', { name: now.name })}</p> : null}
            </li>
          );
        })}
      </ul>
    </TitledPage>
  );
}

function Timeline(props: { process: ProcessView; lang: Lang }): VNode {
  const l = props.lang;
  return (
    <ol class="ponte-timeline">
      {props.process.phases.map((ph) => (
        <li class={ph.current ? 'ponte-timeline-current' : undefined} aria-current={ph.current ? 'step' : undefined}>
          <h3 class="h5 mb-1">
            <span lang={contentLang(l)}>{ph.name}</span>
            {ph.current ? <strong class="ms-2 badge bg-primary">{t(l, 'participation.phase.current')}</strong> : null}
          </h3>
          <p class="mb-1">{t(l, 'participation.phase.dates', { start: day(ph.start, l), end: day(ph.end, l) })}</p>
          {ph.description ? <PlainText text={ph.description} lang={l} /> : null}
        </li>
      ))}
    </ol>
  );
}

export function ProcessPage(props: {
  ctx: PageContext;
  process: ProcessView;
  organisation: string;
  municipalities: string[];
  sections: (ProcessSectionContent & { key: string })[];
}): VNode {
  const l = props.ctx.lang;
  const p = props.process;
  const links = props.sections.flatMap((s) => s.links);
  return (
    <TitledPage
      ctx={props.ctx}
      heading={p.title}
      crumbs={[{ href: '/', label: t(l, 'nav.home') }, { href: '/partecipa', label: t(l, 'participation.list.title') }, { label: p.title }]}
      headingLang={contentLang(l)}
    >
      <p>
        {props.organisation} · {t(l, `participation.status.${p.status}`)}
      </p>
      {p.description ? <PlainText text={p.description} lang={l} /> : null}
      {props.municipalities.length > 0 ? (
        <p>{t(l, 'participation.process.municipalities', { list: props.municipalities.join(', ') })}</p>
      ) : null}
      <h2>{t(l, 'participation.process.now')}</h2>
      {p.status === 'closed' ? <p>{t(l, 'participation.process.closed')}</p> : null}
      {links.length > 0 ? (
        <ul>
          {links.map((a) => (
            <li>
              <a href={a.href}>{a.label}</a>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t(l, 'participation.process.nothingNow')}</p>
      )}
      <h2>{t(l, 'participation.process.phases')}</h2>
      <Timeline process={p} lang={l} />
      {props.sections
        .filter((s) => s.body)
        .map((s) => (
          <Section id={`s-${s.key}`} heading={s.title} headingClass="">
            {s.body}
          </Section>
        ))}
    </TitledPage>
  );
}
