import { DateTime } from 'luxon';
import type { ComponentChildren, VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { now, ZONE } from '../../../core/time.js';
import { assetUrl } from '../../../web/assets.js';
import { boundFields } from '../../../web/components/bound-fields.js';
import { SubmitButton } from '../../../web/components/form-page.js';
import { Section } from '../../../web/components/section.js';
import { ErrorSummary, type Errors, Form } from '../../../web/forms.js';
import { contentLang, Layout, type PageContext } from '../../../web/layout.js';
import type { Availability } from '../booking/bookable.js';
import type { CatalogueItem, CataloguePage, MonthView } from './catalogue.js';
import { dayLabel, romeIso, timeLabel, whenLabel } from './format.js';
import { AUDIENCES, FORMATS, TOPICS } from './vocab.js';

/** A region that scrolls sideways on small screens; it takes focus so keyboard users can scroll it. */
export function ScrollRegion(props: { label: string; class?: string; children: ComponentChildren }): VNode {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable to be scrolled by keyboard
    <div class={`table-responsive${props.class ? ` ${props.class}` : ''}`} role="region" aria-label={props.label} tabIndex={0}>
      {props.children}
    </div>
  );
}

export const EVENTS_CSS = <link rel="stylesheet" href={assetUrl('events.css')} />;

export const vocab = (l: Lang, prefix: string, codes: readonly string[]) => codes.map((c) => ({ value: c, label: t(l, `${prefix}.${c}`) }));

export function placeLine(l: Lang, item: Pick<CatalogueItem, 'venue' | 'municipality' | 'format'>): string {
  const parts: string[] = [];
  if (item.venue) parts.push(item.venue.name, item.venue.address);
  if (item.municipality) parts.push(`${item.municipality.name} (${item.municipality.provinceCode})`);
  if (item.format === 'online') return t(l, 'cat.online');
  return parts.join(', ');
}

/** The seats of an event as the public is told them: a band, never a count (booking/bookable.ts). */
export function seatsLine(l: Lang, item: { bookingRequired: boolean; availability: Availability }): string {
  if (!item.bookingRequired) return t(l, 'cat.openEntry');
  return t(l, `cat.seats.${item.availability}`);
}

export function seatsHint(l: Lang, max: number): string {
  return max === 1 ? t(l, 'book.seat.hint') : t(l, 'book.seats.hint', { n: max });
}

// ---------------- catalogue ----------------

/** The head of a catalogue page: its stylesheet and the Atom feed of the same filters, for readers that look for one. */
function catalogueHead(l: Lang, values: FilterValues): VNode {
  return (
    <>
      {EVENTS_CSS}
      <link
        rel="alternate"
        type="application/atom+xml"
        title={`${t(l, 'cat.title')} (Atom)`}
        href={`/eventi/feed.atom${catalogueQuery(values)}`}
      />
    </>
  );
}

/** A day two weeks ahead as gg/mm/aaaa, for the date hints: an example in the past reads as a mistake. */
export function exampleDay(): string {
  // Remembered for the minute: finding Rome's offset through Intl was a twentieth of a catalogue page.
  const minute = Math.floor(now().getTime() / 60_000);
  if (example.minute !== minute) {
    example.minute = minute;
    example.day = DateTime.fromJSDate(now(), { zone: ZONE }).plus({ weeks: 2 }).toFormat('dd/MM/yyyy');
  }
  return example.day;
}
const example = { minute: Number.NaN, day: '' };

export type FilterValues = Record<string, string | undefined>;

/** The query string of the catalogue with these filters (and optionally a cursor). */
export function catalogueQuery(values: FilterValues, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v && k !== 'cursor' && k !== 'lang') p.set(k, v);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
}

type Municipalities = { code: string; name: string; provinceCode: string }[];

/** The filters chosen from a list (municipality, audience, topic, format), for the list's form and the month's. */
function ChoiceFilters(props: { l: Lang; values: FilterValues; errors: Errors; municipalities: Municipalities }): VNode {
  const { l } = props;
  const f = boundFields({ values: props.values, errors: props.errors, label: (name) => t(l, `cat.${name}`) });
  const any = t(l, 'cat.any');
  return (
    <>
      <f.Select
        name="municipality"
        placeholder={any}
        options={props.municipalities.map((m) => ({ value: m.code, label: `${m.name} (${m.provinceCode})` }))}
      />
      <f.Select name="audience" placeholder={any} options={vocab(l, 'audience', AUDIENCES)} />
      <f.Select name="topic" placeholder={any} options={vocab(l, 'topic', TOPICS)} />
      <f.Select name="format" placeholder={t(l, 'cat.anyf')} options={vocab(l, 'format', FORMATS)} />
    </>
  );
}

function FilterForm(props: {
  l: Lang;
  values: FilterValues;
  errors: Errors;
  municipalities: { code: string; name: string; provinceCode: string }[];
  action: string;
}): VNode {
  const { l, values: v } = props;
  const f = boundFields({ values: v, errors: props.errors, label: (name) => t(l, `cat.${name}`) });
  return (
    <Form action={props.action} method="get" class="ponte-filters">
      <f.Text name="q" type="search" maxLength={200} />
      <div class="ponte-filter-grid">
        <ChoiceFilters l={l} values={v} errors={props.errors} municipalities={props.municipalities} />
        <f.Text name="from" type="date" hint={t(l, 'cat.dates.hint', { example: exampleDay() })} />
        <f.Text name="to" type="date" hint={t(l, 'cat.dates.hint', { example: exampleDay() })} />
      </div>
      <div class="form-check mb-3">
        <input class="form-check-input" type="checkbox" id="f-available" name="available" value="1" checked={v.available === '1'} />
        <label class="form-check-label" for="f-available">
          {t(l, 'cat.available')}
        </label>
      </div>
      <div class="ponte-actions">
        <SubmitButton label={t(l, 'cat.submit')} />
        <a href={props.action}>{t(l, 'cat.reset')}</a>
      </div>
    </Form>
  );
}

export function EventCard(props: { l: Lang; item: CatalogueItem; headingLevel?: 2 | 3 }): VNode {
  const { l, item } = props;
  const H = props.headingLevel === 2 ? 'h2' : 'h3';
  return (
    <li class="ponte-card ponte-event">
      <H class="h5 mb-2">
        <a href={item.page} lang={contentLang(l)}>
          {item.title}
        </a>
      </H>
      <dl class="ponte-event-facts">
        <dt>{t(l, 'cat.when')}</dt>
        <dd>
          <time dateTime={romeIso(item.start)}>{whenLabel(item.start, l)}</time>
        </dd>
        <dt>{t(l, 'cat.where')}</dt>
        <dd>
          {placeLine(l, item)}
          {item.format !== 'online' && item.venue?.stepFree ? ` · ${t(l, 'cat.stepFree')}` : ''}
          {/* The place of an online event already says "Online". */}
          {item.format === 'online' ? '' : ` · ${t(l, `format.${item.format}`)}`}
        </dd>
        <dt>{t(l, 'ev.seats')}</dt>
        <dd class={item.full && item.bookingRequired ? 'ponte-full' : undefined}>{seatsLine(l, item)}</dd>
        {item.audiences.length > 0 ? (
          <>
            <dt>{t(l, 'cat.for')}</dt>
            <dd>{item.audiences.map((a) => t(l, `audience.${a}`)).join(', ')}</dd>
          </>
        ) : null}
      </dl>
    </li>
  );
}

export function CataloguePageView(props: {
  ctx: PageContext;
  values: FilterValues;
  errors?: Errors;
  result: CataloguePage;
  municipalities: { code: string; name: string; provinceCode: string }[];
  feed?: { href: string; name: string };
}): VNode {
  const l = props.ctx.lang;
  const errors = props.errors ?? {};
  const v = props.values;
  return (
    <Layout
      ctx={props.ctx}
      title={t(l, 'cat.title')}
      head={catalogueHead(l, v)}
      crumbs={[{ href: '/', label: t(l, 'nav.home') }, { label: t(l, 'cat.title') }]}
    >
      <h1>{t(l, 'cat.title')}</h1>
      <p class="lead">{t(l, 'cat.lead')}</p>
      <p>
        <a href={`/eventi/mese${catalogueQuery(v, {})}`}>{t(l, 'cat.month')}</a>
      </p>
      <Section id="filters-title" heading={t(l, 'cat.filters')} class="mb-4">
        <ErrorSummary errors={errors} title={t(l, 'form.errors')} />
        <FilterForm l={l} values={v} errors={errors} municipalities={props.municipalities} action="/eventi" />
      </Section>
      <Section id="results-title" heading={t(l, 'cat.results')}>
        {props.feed ? (
          <p>
            <a href={props.feed.href}>{t(l, 'cat.feed', { name: props.feed.name })}</a>
          </p>
        ) : null}
        {props.result.items.length === 0 ? (
          <p>{t(l, 'cat.none')}</p>
        ) : (
          <ul class="list-unstyled ponte-events">
            {props.result.items.map((item) => (
              <EventCard l={l} item={item} />
            ))}
          </ul>
        )}
        {props.result.next || v.cursor ? (
          <nav aria-label={t(l, 'cat.pages')} class="ponte-actions mt-3">
            {v.cursor ? <a href={`/eventi${catalogueQuery(v)}`}>{t(l, 'cat.first')}</a> : null}
            {props.result.next ? (
              <a class="btn btn-outline-primary" href={`/eventi${catalogueQuery(v, { cursor: props.result.next })}`} rel="next">
                {t(l, 'cat.next')}
              </a>
            ) : null}
          </nav>
        ) : null}
      </Section>
    </Layout>
  );
}

// ---------------- month ----------------

function monthName(year: number, month: number, l: Lang): string {
  const s = DateTime.fromObject({ year, month, day: 1 }, { zone: ZONE }).setLocale(l).toFormat('LLLL yyyy');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The month's filters, folded away: the same choices as the list's, keeping the month shown. */
function MonthFilters(props: {
  l: Lang;
  year: number;
  month: number;
  values: FilterValues;
  errors?: Errors;
  municipalities: { code: string; name: string; provinceCode: string }[];
}): VNode {
  const { l, year, month } = props;
  return (
    <details class="mb-3">
      <summary>{t(l, 'cat.filters')}</summary>
      <ErrorSummary errors={props.errors ?? {}} title={t(l, 'form.errors')} />
      <Form action="/eventi/mese" method="get" class="ponte-filters mt-2">
        <input type="hidden" name="anno" value={String(year)} />
        <input type="hidden" name="mese" value={String(month)} />
        <div class="ponte-filter-grid">
          {/* The errors stand in the summary above; the fields are not marked. */}
          <ChoiceFilters l={l} values={props.values} errors={{}} municipalities={props.municipalities} />
        </div>
        <SubmitButton label={t(l, 'cat.submit')} />
      </Form>
    </details>
  );
}

export function MonthPageView(props: {
  ctx: PageContext;
  month: MonthView;
  values: FilterValues;
  errors?: Errors;
  municipalities: { code: string; name: string; provinceCode: string }[];
}): VNode {
  const l = props.ctx.lang;
  const { year, month, entries } = props.month;
  const name = monthName(year, month, l);
  const first = DateTime.fromObject({ year, month, day: 1 }, { zone: ZONE }).setLocale(l);
  const prev = first.minus({ months: 1 });
  const next = first.plus({ months: 1 });
  const byDay = new Map<string, typeof entries>();
  for (const e of entries) byDay.set(e.day, [...(byDay.get(e.day) ?? []), e]);
  // Weeks from Monday: leading blanks, the days, trailing blanks.
  const cells: (DateTime | null)[] = [];
  for (let i = 1; i < first.weekday; i++) cells.push(null);
  for (let d = 0; d < first.daysInMonth!; d++) cells.push(first.plus({ days: d }));
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (DateTime | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  const weekdays = Array.from({ length: 7 }, (_, i) => first.set({ weekday: (i + 1) as 1 }));
  const filters = { ...props.values, anno: undefined, mese: undefined };
  const monthHref = (dt: DateTime) => `/eventi/mese${catalogueQuery(filters, { anno: String(dt.year), mese: String(dt.month) })}`;
  const days = [...byDay.keys()].sort();
  return (
    <Layout
      ctx={props.ctx}
      title={t(l, 'month.title', { month: name })}
      head={catalogueHead(l, filters)}
      crumbs={[{ href: '/', label: t(l, 'nav.home') }, { href: '/eventi', label: t(l, 'cat.title') }, { label: name }]}
    >
      <h1>{t(l, 'month.title', { month: name })}</h1>
      <p>
        <a href={`/eventi${catalogueQuery(filters)}`}>{t(l, 'cat.list')}</a>
      </p>
      <nav aria-label={t(l, 'month.nav')} class="ponte-actions mb-3">
        <a class="btn btn-outline-primary" href={monthHref(prev)}>
          {t(l, 'month.prev')}: {monthName(prev.year, prev.month, l)}
        </a>
        <a class="btn btn-outline-primary" href={monthHref(next)}>
          {t(l, 'month.next')}: {monthName(next.year, next.month, l)}
        </a>
      </nav>
      <MonthFilters l={l} year={year} month={month} values={props.values} errors={props.errors} municipalities={props.municipalities} />
      <ScrollRegion label={t(l, 'month.table')} class="ponte-month d-none d-md-block">
        <table class="table table-bordered ponte-calendar">
          <caption>{t(l, 'month.caption', { month: name })}</caption>
          <thead>
            <tr>
              {weekdays.map((d) => (
                <th scope="col">
                  <abbr title={d.toFormat('cccc')}>{d.toFormat('ccc')}</abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((week) => (
              <tr>
                {week.map((d) => {
                  if (!d) return <td class="ponte-blank" />;
                  const list = byDay.get(d.toISODate() ?? '') ?? [];
                  return (
                    <td>
                      <span class="ponte-day">
                        <span class="visually-hidden">{d.toFormat('cccc d LLLL')}</span>
                        <span aria-hidden="true">{d.day}</span>
                      </span>
                      {list.length ? (
                        <ul class="list-unstyled mb-0">
                          {list.map((e) => (
                            <li>
                              <a href={e.event.page}>
                                {timeLabel(e.start, l)} {e.event.title}
                              </a>
                            </li>
                          ))}
                        </ul>
                      ) : null}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <Section id="month-list" heading={t(l, 'month.list')}>
        {days.length === 0 ? <p>{t(l, 'month.none')}</p> : null}
        {days.map((day) => (
          <div class="mb-3">
            <h3 class="h6 mb-1">{dayLabel(byDay.get(day)![0].start, l)}</h3>
            <ul class="mb-0">
              {byDay.get(day)!.map((e) => (
                <li>
                  <time dateTime={romeIso(e.start)}>{timeLabel(e.start, l)}</time> <a href={e.event.page}>{e.event.title}</a>
                  {e.sessions > 1 ? ` (${t(l, 'month.session', { n: e.session, of: e.sessions })})` : ''} · {placeLine(l, e.event)} ·{' '}
                  {seatsLine(l, e.event)}
                </li>
              ))}
            </ul>
          </div>
        ))}
      </Section>
    </Layout>
  );
}

// ---------------- event page ----------------
