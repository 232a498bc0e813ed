import type { ComponentChildren, VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { formatDate } from '../../../core/time.js';
import { DataTable } from '../../../web/components/data-table.js';
import { FieldList } from '../../../web/components/field-list.js';
import { SubmitButton } from '../../../web/components/form-page.js';
import { staffCrumbs } from '../../../web/components/staff-crumbs.js';
import { ErrorSummary, type Errors } from '../../../web/forms.js';
import { Layout, type PageContext } from '../../../web/layout.js';
import type { Programme } from '../service.js';
import type { CoverageRow, Period, ProgrammeReport } from './service.js';

const crumbs = (l: Lang, p: Programme, here: string) =>
  staffCrumbs(l, p.organisation, { href: `/admin/programmes/${p.id}`, label: p.name }, { label: here });

const periodWords = (l: Lang, period: Period) =>
  t(l, 'programme.plan.period', { start: formatDate(period.from, l), end: formatDate(period.to, l) });

/** The period form: a GET form, so it works without JavaScript and the address can be shared. */
function PeriodForm(props: { l: Lang; action: string; values: { from?: string; to?: string }; errors: Errors }): VNode {
  const { l, values: v, errors: e } = props;
  return (
    <form method="get" action={props.action} class="ponte-noprint mb-4" noValidate>
      <fieldset>
        <legend class="h5">{t(l, 'programme.coverage.period')}</legend>
        <FieldList
          values={v}
          errors={e}
          label={(name) => t(l, `programme.coverage.${name}`)}
          fields={['from', 'to'].map((name) => ({ name, hint: t(l, 'programme.coverage.date.hint'), maxLength: 10 }))}
        />
        <SubmitButton label={t(l, 'programme.coverage.show')} />
      </fieldset>
    </form>
  );
}

/**
 * The top of the coverage and report pages: their title, the programme and the period shown, the
 * page's lead, and the period form (`/admin/programmes/<id>/<path>`) with its errors; then the page's own content.
 */
function PeriodPage(props: {
  ctx: PageContext;
  programme: Programme;
  /** The page's words: `programme.<name>.title` and `programme.<name>.lead`. */
  name: 'coverage' | 'report';
  path: string;
  period: Period | null;
  values: { from?: string; to?: string };
  errors: Errors;
  children: ComponentChildren;
}): VNode {
  const l = props.ctx.lang;
  const p = props.programme;
  const title = t(l, `programme.${props.name}.title`);
  return (
    <Layout ctx={props.ctx} title={title} crumbs={crumbs(l, p, title)}>
      <h1>{title}</h1>
      <p>
        <strong>{p.name}</strong>
        {props.period ? ` · ${periodWords(l, props.period)}` : ''}
      </p>
      <p>{t(l, `programme.${props.name}.lead`)}</p>
      <ErrorSummary errors={props.errors} title={t(l, 'programme.coverage.error.period')} />
      <PeriodForm l={l} action={`/admin/programmes/${p.id}/${props.path}`} values={props.values} errors={props.errors} />
      {props.children}
    </Layout>
  );
}

export interface CoveragePageProps {
  ctx: PageContext;
  programme: Programme;
  /** Null when the period asked was refused: the page shows the form with its errors. */
  period: Period | null;
  municipalities: CoverageRow[];
  values: { from?: string; to?: string };
  errors: Errors;
}

function CoverageSummary(props: { l: Lang; rows: CoverageRow[] }): VNode {
  const { l, rows } = props;
  const uncovered = rows.filter((r) => !r.covered);
  return (
    <div class="mb-3">
      <p class="lead">{t(l, 'programme.coverage.summary', { covered: rows.length - uncovered.length, total: rows.length })}</p>
      <p>
        {uncovered.length > 0
          ? t(l, 'programme.coverage.uncovered', { names: uncovered.map((r) => r.name).join(', ') })
          : t(l, 'programme.coverage.allCovered')}
      </p>
    </div>
  );
}

const Status = (props: { l: Lang; row: CoverageRow }) =>
  props.row.covered ? (
    <span>{t(props.l, 'programme.coverage.covered')}</span>
  ) : (
    <span class="ponte-uncovered-label">
      <span aria-hidden="true">⚠ </span>
      {t(props.l, 'programme.coverage.notCovered')}
    </span>
  );

export function CoveragePage(props: CoveragePageProps): VNode {
  const l = props.ctx.lang;
  const p = props.programme;
  const rows = props.municipalities;
  return (
    <PeriodPage {...props} name="coverage" path="copertura" period={props.period}>
      {props.period && rows.length === 0 ? <p>{t(l, 'programme.coverage.none')}</p> : null}
      {props.period && rows.length > 0 ? (
        <>
          <CoverageSummary l={l} rows={rows} />
          <h2 class="h4">{t(l, 'programme.coverage.list')}</h2>
          <ul class="ponte-coverage-list">
            {rows.map((r) => (
              <li class={r.covered ? undefined : 'ponte-uncovered'}>
                <strong>{r.name}</strong>: <Status l={l} row={r} /> · {t(l, 'programme.coverage.initiatives')} {r.initiatives} ·{' '}
                {t(l, 'programme.coverage.people')} {r.people}
              </li>
            ))}
          </ul>
          <DataTable
            caption={t(l, 'programme.coverage.title')}
            columns={[
              t(l, 'programme.coverage.municipality'),
              { label: t(l, 'programme.coverage.initiatives'), class: 'text-end' },
              { label: t(l, 'programme.coverage.people'), class: 'text-end' },
              { label: t(l, 'programme.coverage.volunteers'), class: 'text-end' },
              t(l, 'programme.coverage.status'),
            ]}
          >
            {rows.map((r) => (
              <tr class={r.covered ? undefined : 'ponte-uncovered'}>
                <th scope="row">{r.name}</th>
                <td class="text-end">{r.initiatives}</td>
                <td class="text-end">{r.people}</td>
                <td class="text-end">{r.volunteers}</td>
                <td>
                  <Status l={l} row={r} />
                </td>
              </tr>
            ))}
          </DataTable>
          <p class="small">{t(l, 'programme.coverage.volunteers.note')}</p>
          <p class="ponte-noprint">
            <a href={`/admin/programmes/${p.id}/rapporto${queryOf(props.period)}`}>{t(l, 'programme.coverage.report')}</a>
          </p>
        </>
      ) : null}
    </PeriodPage>
  );
}

export const queryOf = (period: Period) => `?from=${period.from}&to=${period.to}`;

const PLACE_COLUMNS = [
  ['events', 'programme.report.events'],
  ['sessions', 'programme.report.sessions'],
  ['booked', 'programme.report.booked'],
  ['checkedIn', 'programme.report.checkedIn'],
  ['walkIns', 'programme.report.walkIns'],
  ['deskDays', 'programme.report.deskDays'],
  ['appointmentsServed', 'programme.report.served'],
  ['facilitationServices', 'programme.report.services'],
  ['facilitationDays', 'programme.report.facilitationDays'],
  ['citizens', 'programme.report.citizens'],
  ['volunteers', 'programme.report.volunteers'],
] as const;
const AUDIENCE_COLUMNS = PLACE_COLUMNS.slice(0, 5);

/** The report's columns, for the page and the CSV: [figure, word key]. */
export { AUDIENCE_COLUMNS, PLACE_COLUMNS };

export function audienceLabel(l: Lang, audience: string): string {
  if (audience === 'all' || audience === 'several') return t(l, `programme.report.audience.${audience}`);
  return t(l, `audience.${audience}`);
}

export interface ReportPageProps {
  ctx: PageContext;
  programme: Programme;
  report: ProgrammeReport | null;
  values: { from?: string; to?: string };
  errors: Errors;
}

function ReportTables(props: { l: Lang; report: ProgrammeReport }): VNode {
  const { l, report } = props;
  const num = (c: readonly [string, string]) => ({ label: t(l, c[1]), class: 'text-end' });
  return (
    <>
      <h2 class="h4 mt-4">{t(l, 'programme.report.byPlace')}</h2>
      <DataTable caption={t(l, 'programme.report.byPlace')} columns={[t(l, 'programme.coverage.municipality'), ...PLACE_COLUMNS.map(num)]}>
        {[
          ...report.places.map((r) => (
            <tr>
              <th scope="row">{r.name}</th>
              {PLACE_COLUMNS.map(([k]) => (
                <td class="text-end">{r[k]}</td>
              ))}
            </tr>
          )),
          <tr class="fw-bold">
            <th scope="row">{t(l, 'programme.report.total')}</th>
            {PLACE_COLUMNS.map(([k]) => (
              <td class="text-end">{report.placesTotal[k]}</td>
            ))}
          </tr>,
        ]}
      </DataTable>
      <h2 class="h4 mt-4">{t(l, 'programme.report.byAudience')}</h2>
      <DataTable caption={t(l, 'programme.report.byAudience')} columns={[t(l, 'programme.report.audience'), ...AUDIENCE_COLUMNS.map(num)]}>
        {[
          ...report.audiences.map((r) => (
            <tr>
              <th scope="row">{audienceLabel(l, r.audience)}</th>
              {AUDIENCE_COLUMNS.map(([k]) => (
                <td class="text-end">{r[k as keyof typeof r]}</td>
              ))}
            </tr>
          )),
          <tr class="fw-bold">
            <th scope="row">{t(l, 'programme.report.total')}</th>
            {AUDIENCE_COLUMNS.map(([k]) => (
              <td class="text-end">{report.audiencesTotal[k as keyof typeof report.audiencesTotal]}</td>
            ))}
          </tr>,
        ]}
      </DataTable>
      <p class="small">{t(l, 'programme.report.notes')}</p>
    </>
  );
}

export function ReportPage(props: ReportPageProps): VNode {
  const l = props.ctx.lang;
  const p = props.programme;
  const report = props.report;
  return (
    <PeriodPage {...props} name="report" path="rapporto" period={report?.period ?? null}>
      {report ? (
        <>
          <p class="ponte-noprint">
            <a href={`/admin/programmes/${p.id}/rapporto.csv${queryOf(report.period)}`}>{t(l, 'programme.report.csv')}</a>
            {' · '}
            <a href={`/admin/programmes/${p.id}/copertura${queryOf(report.period)}`}>{t(l, 'programme.coverage.link')}</a>
          </p>
          <p class="ponte-noprint small">{t(l, 'programme.report.print')}</p>
          <ReportTables l={l} report={report} />
        </>
      ) : null}
    </PeriodPage>
  );
}
