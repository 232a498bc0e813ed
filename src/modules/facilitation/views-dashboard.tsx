import type { ComponentChildren, VNode } from 'preact';
import { type Lang, t } from '../../core/i18n.js';
import { formatDate } from '../../core/time.js';
import { DataTable } from '../../web/components/data-table.js';
import { SubmitButton } from '../../web/components/form-page.js';
import { Section } from '../../web/components/section.js';
import { staffCrumbs } from '../../web/components/staff-crumbs.js';
import { TitledPage } from '../../web/components/titled-page.js';
import { ErrorSummary, type Errors, Form, Notice, SelectField, TextField } from '../../web/forms.js';
import type { PageContext } from '../../web/layout.js';
import type { Venue } from '../organisations/service.js';
import type { Programme } from '../programmes/service.js';
import type { BreakdownItem, Dashboard, TargetProgress } from './dashboard.js';
import { BREAKDOWNS, type Breakdown } from './schemas.js';
import type { FacilitationSettings } from './service.js';
import { BarChart, ProgressBar } from './svg.js';
import { hours, n, STYLES } from './views.js';

// ---------------- dashboard ----------------

/** The dashboard shows every breakdown, in the order of the API's list. */
const BREAKDOWN_ORDER: readonly Breakdown[] = BREAKDOWNS;

function FiguresTable(props: { id: string; caption: string; items: BreakdownItem[]; l: Lang }): VNode {
  const { l } = props;
  return (
    <div class="table-responsive">
      <table class="table table-sm" id={props.id}>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t(l, 'dash.item')}</th>
            {(['services', 'citizens', 'hours', 'satisfaction'] as const).map((k) => (
              <th scope="col" class="text-end">
                {t(l, `dash.${k}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.items.map((i) => (
            <tr>
              <th scope="row">{i.label}</th>
              <td class="text-end">{n(i.services)}</td>
              <td class="text-end">{n(i.citizens)}</td>
              <td class="text-end">{hours(i.minutes)}</td>
              <td class="text-end">{i.satisfaction === null ? '–' : `${i.satisfaction.toFixed(1).replace('.', ',')} (${i.answers})`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TargetsTable(props: { targets: TargetProgress[]; l: Lang }): VNode {
  const { l } = props;
  if (props.targets.length === 0) return <p>{t(l, 'dash.targets.none')}</p>;
  return (
    <DataTable
      caption={t(l, 'dash.targets')}
      columns={[
        t(l, 'dash.target'),
        { label: t(l, 'dash.current'), class: 'text-end' },
        { label: t(l, 'dash.projected'), class: 'text-end' },
        t(l, 'dash.status'),
      ]}
    >
      {props.targets.map((x, i) => (
        <tr>
          <th scope="row">
            {t(l, 'dash.target.line', { label: x.label, value: n(x.value), deadline: formatDate(x.deadline, l) })}
            {x.description ? <span class="d-block fw-normal">{x.description}</span> : null}
            {x.progress !== null ? (
              <ProgressBar
                id={`target-${i}`}
                label={`${t(l, 'dash.target.reached', { pct: Math.round(x.progress * 100) })}${x.projected !== null ? t(l, 'dash.target.projected', { pct: Math.round((x.projected / x.value) * 100) }) : ''}`}
                progress={x.progress}
                projected={x.projected === null ? null : x.projected / x.value}
              />
            ) : null}
          </th>
          <td class="text-end">{x.current === null ? '–' : `${n(x.current)} (${Math.round((x.progress ?? 0) * 100)}%)`}</td>
          <td class="text-end">{x.projected === null ? '–' : n(x.projected)}</td>
          <td>{t(l, `dash.status.${x.status}`)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

type DashboardQueryText = { from: string; to: string; municipality: string; venue: string };

/** The period, comune and venue the figures are filtered by. */
function DashboardFilters(props: {
  l: Lang;
  p: Programme;
  d: Dashboard;
  venues: Venue[];
  errors: Errors;
  query: DashboardQueryText;
}): VNode {
  const { l, p, d } = props;
  const municipalities = [
    ...new Map(props.venues.filter((v) => v.municipality).map((v) => [v.municipality!.code, v.municipality!.name])).entries(),
  ].sort((a, b) => a[1].localeCompare(b[1], 'it'));
  return (
    <Section id="filters-h" heading={t(l, 'dash.filters')} class="mb-4">
      <Form action={`/admin/programmes/${p.id}/cruscotto`} method="get" class="ponte-filters">
        <TextField name="from" type="date" label={t(l, 'dash.from')} value={props.query.from || d.period.from} error={props.errors.from} />
        <TextField name="to" type="date" label={t(l, 'dash.to')} value={props.query.to || d.period.to} error={props.errors.to} />
        <SelectField
          name="municipality"
          label={t(l, 'dash.municipality')}
          value={d.filters.municipality ?? ''}
          placeholder={t(l, 'dash.all')}
          options={municipalities.map(([code, name]) => ({ value: code, label: name }))}
        />
        <SelectField
          name="venue"
          label={t(l, 'dash.venue')}
          value={d.filters.venue ?? ''}
          placeholder={t(l, 'dash.all')}
          options={props.venues.map((v) => ({ value: v.id, label: v.name }))}
        />
        <SubmitButton label={t(l, 'dash.apply')} />
      </Form>
    </Section>
  );
}

/** The period's totals: services, citizens, hours, facilitators, points, satisfaction. */
function DashboardTotals(props: { l: Lang; d: Dashboard }): VNode {
  const { l, d } = props;
  const tot = d.totals;
  const satisfaction = (
    <>
      {tot.satisfaction === null ? '–' : tot.satisfaction.toFixed(1).replace('.', ',')}{' '}
      <span class="ponte-kpi-note">
        ({n(tot.answers)} {t(l, 'dash.answers')})
      </span>
    </>
  );
  const kpis: [key: string, value: ComponentChildren][] = [
    ['dash.services', n(tot.services)],
    ['dash.citizens', n(tot.citizens)],
    ['dash.hours', hours(tot.minutes)],
    ['dash.facilitators', n(tot.facilitators)],
    ['dash.points', n(tot.points)],
    ['dash.satisfaction', satisfaction],
  ];
  return (
    <Section
      id="totals-h"
      heading={t(l, 'dash.totals', { from: formatDate(d.period.from, l), to: formatDate(d.period.to, l) })}
      class="mb-4"
    >
      <dl class="ponte-kpis">
        {kpis.map(([key, value]) => (
          <div>
            <dt>{t(l, key)}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </Section>
  );
}

/** One section per breakdown: a chart, its table and the CSV link with the same filters. */
function DashboardBreakdowns(props: { l: Lang; p: Programme; d: Dashboard }): VNode {
  const { l, p, d } = props;
  const q = new URLSearchParams();
  q.set('from', d.period.from);
  q.set('to', d.period.to);
  if (d.filters.municipality) q.set('municipality', d.filters.municipality);
  if (d.filters.venue) q.set('venue', d.filters.venue);
  return (
    <>
      {BREAKDOWN_ORDER.map((by) => {
        const items = d.breakdowns[by];
        const heading = t(l, `dash.by.${by}`);
        return (
          <section aria-labelledby={`b-${by}`} class="mb-4 ponte-breakdown">
            <h2 id={`b-${by}`} class="h4">
              {heading}
            </h2>
            {items.every((i) => i.services === 0) ? (
              <p>{t(l, 'dash.none')}</p>
            ) : (
              <>
                <BarChart
                  id={`chart-${by}`}
                  title={`${t(l, 'dash.services')} ${heading.toLowerCase()}`}
                  bars={items.map((i) => ({ label: i.label, value: i.services }))}
                />
                <FiguresTable id={`table-${by}`} caption={`${t(l, 'dash.services')} ${heading.toLowerCase()}`} items={items} l={l} />
              </>
            )}
            <p>
              <a href={`/admin/programmes/${p.id}/cruscotto/${by}.csv?${q.toString()}`} download>
                {t(l, 'dash.csv')}
                <span class="visually-hidden"> ({heading.toLowerCase()})</span>
              </a>
            </p>
          </section>
        );
      })}
    </>
  );
}

/** The programme's edit window and minors. */
function DashboardSettings(props: { l: Lang; p: Programme; csrf?: string; settings: FacilitationSettings }): VNode {
  const { l, p } = props;
  return (
    <Section id="settings-h" heading={t(l, 'dash.settings')} class="mb-4">
      <Form action={`/admin/programmes/${p.id}/cruscotto/impostazioni`} csrf={props.csrf}>
        <TextField
          name="editWindowDays"
          label={t(l, 'dash.settings.window')}
          inputMode="numeric"
          maxLength={4}
          value={props.settings.editWindowOwn ? String(props.settings.editWindowDays) : ''}
          hint={t(l, 'dash.settings.window.hint', { days: props.settings.editWindowOwn ? '–' : props.settings.editWindowDays })}
        />
        <div class="form-check mb-3">
          <input
            class="form-check-input"
            type="checkbox"
            id="f-admitsMinors"
            name="admitsMinors"
            value="1"
            checked={props.settings.admitsMinors}
          />
          <label class="form-check-label" for="f-admitsMinors">
            {t(l, 'dash.settings.minors')}
          </label>
        </div>
        <SubmitButton label={t(l, 'dash.settings.save')} class="btn btn-outline-primary" />
      </Form>
    </Section>
  );
}

export function DashboardPage(props: {
  ctx: PageContext;
  programme: Programme;
  dashboard: Dashboard;
  venues: Venue[];
  settings: FacilitationSettings;
  errors: Errors;
  query: DashboardQueryText;
  settingsSaved: boolean;
}): VNode {
  const l = props.ctx.lang;
  const d = props.dashboard;
  const p = props.programme;
  return (
    <TitledPage
      ctx={props.ctx}
      heading={t(l, 'dash.title', { name: p.name })}
      crumbs={staffCrumbs(l, p.organisation, { href: `/admin/programmes/${p.id}`, label: p.name }, { label: t(l, 'dash.crumb') })}
      head={STYLES}
    >
      {props.settingsSaved ? <Notice kind="success">{t(l, 'dash.settings.saved')}</Notice> : null}
      <ErrorSummary errors={props.errors} title={t(l, 'form.errors')} labels={{ from: t(l, 'dash.from'), to: t(l, 'dash.to') }} />
      <DashboardFilters l={l} p={p} d={d} venues={props.venues} errors={props.errors} query={props.query} />
      <DashboardTotals l={l} d={d} />

      <Section id="targets-h" heading={t(l, 'dash.targets')} class="mb-4">
        <TargetsTable targets={d.targets} l={l} />
      </Section>

      <DashboardBreakdowns l={l} p={p} d={d} />

      <Section id="links-h" heading={t(l, 'dash.links')} class="mb-4">
        <ul>
          <li>
            <a href={`/admin/programmes/${p.id}/export`}>{t(l, 'dash.export')}</a>
          </li>
          <li>
            <a href={`/admin/programmes/${p.id}/import`}>{t(l, 'dash.import')}</a>
          </li>
          <li>
            <a href={`/api/v1/opendata/facilitations.csv?programme=${p.id}`}>{t(l, 'dash.opendata')}</a>
          </li>
        </ul>
      </Section>

      <DashboardSettings l={l} p={p} csrf={props.ctx.csrf} settings={props.settings} />
    </TitledPage>
  );
}
