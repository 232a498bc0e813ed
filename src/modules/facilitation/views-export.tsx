import type { VNode } from 'preact';
import { t } from '../../core/i18n.js';
import { formatDate } from '../../core/time.js';
import { DataTable } from '../../web/components/data-table.js';
import { SubmitButton } from '../../web/components/form-page.js';
import { Section } from '../../web/components/section.js';
import { CheckboxField, CsrfField, ErrorSummary, type Errors, Form, Notice, TextField } from '../../web/forms.js';
import type { PageContext } from '../../web/layout.js';
import type { Programme } from '../programmes/service.js';
import type { FixKind, NationalSummary } from './national-export.js';
import { DashboardSubPage, n } from './views.js';

export interface BatchView {
  id: string;
  number: number;
  createdAt: string;
  rows: number;
  corrections: number;
  files: number;
  uploadedAt: string | null;
  hasOutcome: boolean;
}

export interface ExportPageProps {
  ctx: PageContext;
  programme: Programme;
  from: string;
  to: string;
  pending: boolean;
  precheck: NationalSummary | null;
  toSend: { pending: number; corrections: number } | null;
  batches: BatchView[];
  saved?: boolean;
  errors: Errors;
}

/** The link that fixes one kind of refusal. */
function fixHref(kind: FixKind, id: string, programme: Programme): string {
  switch (kind) {
    case 'record':
      return `/admin/facilitazioni/${id}`;
    case 'facilitator':
      return `/admin/organisations/${programme.organisation.id}/members/${id}`;
    case 'venue':
      return `/admin/venues/${id}`;
    case 'programme':
      return `/admin/programmes/${id}`;
  }
}

export function ExportPage(props: ExportPageProps): VNode {
  const l = props.ctx.lang;
  const p = props.programme;
  const pc = props.precheck;
  const period = (
    <>
      <input type="hidden" name="from" value={props.from} />
      <input type="hidden" name="to" value={props.to} />
    </>
  );
  return (
    <DashboardSubPage ctx={props.ctx} programme={p} page="export">
      {props.saved ? <Notice kind="success">{t(l, 'nx.batch.saved')}</Notice> : null}
      <ErrorSummary errors={props.errors} title={t(l, 'form.errors')} labels={{ from: t(l, 'dash.from'), to: t(l, 'dash.to') }} />
      {props.toSend ? <p>{t(l, 'nx.pending', { pending: n(props.toSend.pending), corrections: n(props.toSend.corrections) })}</p> : null}
      <Form action={`/admin/programmes/${p.id}/export`} method="get" class="ponte-filters mb-4">
        <TextField name="from" type="date" label={t(l, 'dash.from')} value={props.from} error={props.errors.from} />
        <TextField name="to" type="date" label={t(l, 'dash.to')} value={props.to} error={props.errors.to} />
        <CheckboxField name="pending" label={t(l, 'nx.pendingOnly')} hint={t(l, 'nx.pendingOnly.hint')} checked={props.pending} />
        <SubmitButton label={t(l, 'export.check')} class="btn btn-outline-primary" />
      </Form>
      {pc ? (
        <>
          <Notice kind={pc.rejected > 0 ? 'info' : 'success'}>
            {t(l, 'export.summary', { total: n(pc.total), valid: n(pc.valid), rejected: n(pc.rejected) })}
          </Notice>
          {pc.rejected > 0 ? (
            <Section id="issues-h" heading={t(l, 'export.issues')} class="mb-4">
              <h3 class="h6">{t(l, 'nx.reasons')}</h3>
              <ul>
                {Object.entries(pc.byReason).map(([reason, count]) => (
                  <li>
                    {reason} ({n(count)})
                  </li>
                ))}
              </ul>
              {pc.issues.length < pc.rejected ? <p>{t(l, 'export.issues.more', { n: pc.issues.length })}</p> : null}
              <DataTable
                class="table-sm"
                caption={t(l, 'export.issues')}
                columns={[t(l, 'fac.date'), t(l, 'fac.venue'), t(l, 'nx.facilitator'), t(l, 'nx.reason'), t(l, 'nx.fix')]}
              >
                {pc.issues.map((i) => (
                  <tr>
                    <td>{formatDate(i.date, l)}</td>
                    <td>{i.venue}</td>
                    <td>{i.facilitator}</td>
                    <td>
                      <ul class="list-unstyled mb-0">
                        {i.reasons.map((r) => (
                          <li>{r}</li>
                        ))}
                      </ul>
                    </td>
                    <td>
                      <ul class="list-unstyled mb-0">
                        {i.fixes.map((f) => (
                          <li>
                            <a href={fixHref(f.kind, f.id, p)}>{t(l, `nx.fix.${f.kind}`)}</a>
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </DataTable>
            </Section>
          ) : null}
          <Form action={`/admin/programmes/${p.id}/export`} csrf={props.ctx.csrf} class="mb-3">
            {period}
            <input type="hidden" name="format" value="national" />
            <input type="hidden" name="pending" value={props.pending ? '1' : '0'} />
            <p class="form-text" id="h-download">
              {t(l, 'nx.download.hint')}
            </p>
            <button type="submit" class="btn btn-primary" aria-describedby="h-download">
              {t(l, p.nationalPolicy === 'SCD' ? 'nx.download.xlsx' : 'export.download')}
            </button>
          </Form>
          <h2 class="h5">{t(l, 'export.other')}</h2>
          {(['csv', 'opendata'] as const).map((format, i) => (
            <Form action={`/admin/programmes/${p.id}/export`} csrf={props.ctx.csrf} class={i === 0 ? 'mb-2' : undefined}>
              {period}
              <input type="hidden" name="format" value={format} />
              <SubmitButton label={t(l, `export.${format}`)} class="btn btn-outline-primary" />
            </Form>
          ))}
        </>
      ) : null}
      <Batches {...props} />
    </DashboardSubPage>
  );
}

function Batches(props: ExportPageProps): VNode {
  const l = props.ctx.lang;
  const p = props.programme;
  return (
    <Section id="batches-h" heading={t(l, 'nx.batches')} class="mt-5">
      <DataTable
        class="table-sm"
        caption={t(l, 'nx.batches')}
        none={t(l, 'nx.batch.none')}
        columns={['number', 'when', 'rows', 'corrections', 'files', 'uploaded'].map((c) => t(l, `nx.batch.${c}`))}
      >
        {props.batches.map((b) => (
          <tr>
            <th scope="row">{b.number}</th>
            <td>{formatDate(b.createdAt.slice(0, 10), l)}</td>
            <td>{n(b.rows)}</td>
            <td>{n(b.corrections)}</td>
            <td>{n(b.files)}</td>
            <td>
              {b.uploadedAt ? (
                <>
                  {formatDate(b.uploadedAt.slice(0, 10), l)}
                  {b.hasOutcome ? (
                    <>
                      {' '}
                      (<a href={`/admin/programmes/${p.id}/export/batches/${b.id}/esito`}>{t(l, 'nx.batch.outcomeLink')}</a>)
                    </>
                  ) : null}
                </>
              ) : (
                <form
                  method="post"
                  action={`/admin/programmes/${p.id}/export/batches/${b.id}/caricato`}
                  encType="multipart/form-data"
                  noValidate
                >
                  <CsrfField token={props.ctx.csrf} />
                  <label class="form-label small" for={`outcome-${b.number}`}>
                    {t(l, 'nx.batch.outcome')}
                  </label>
                  <input class="form-control form-control-sm mb-1" type="file" id={`outcome-${b.number}`} name="outcome" />
                  <button type="submit" class="btn btn-sm btn-outline-primary">
                    {t(l, 'nx.batch.mark')}
                    <span class="visually-hidden"> {b.number}</span>
                  </button>
                </form>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </Section>
  );
}
