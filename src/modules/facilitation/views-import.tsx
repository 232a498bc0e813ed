import type { VNode } from 'preact';
import { t } from '../../core/i18n.js';
import { ChoiceButtons } from '../../web/components/choice-buttons.js';
import { DataTable } from '../../web/components/data-table.js';
import { Section } from '../../web/components/section.js';
import { FormProblem, Notice } from '../../web/forms.js';
import type { PageContext } from '../../web/layout.js';
import type { Programme } from '../programmes/service.js';
import type { ImportReport } from './imports.js';
import { DashboardSubPage, n } from './views.js';

// ---------------- import ----------------

export interface ImportPageProps {
  ctx: PageContext;
  programme: Programme;
  report: ImportReport | null;
  error: string | null;
}

export function ImportPage(props: ImportPageProps): VNode {
  const l = props.ctx.lang;
  const p = props.programme;
  const r = props.report;
  return (
    <DashboardSubPage ctx={props.ctx} programme={p} page="import">
      <p>{t(l, 'import.intro')}</p>
      <FormProblem errors={props.error ? { _: props.error } : undefined} />
      {r ? (
        <Section id="report-h" heading={t(l, 'import.report')} class="mb-4">
          <Notice kind={r.rejected > 0 ? 'danger' : 'success'}>
            {r.dryRun
              ? t(l, 'import.summary.dry', { rows: n(r.rows), valid: n(r.valid), rejected: n(r.rejected) })
              : r.rejected > 0
                ? t(l, 'import.summary.failed', { rows: n(r.rows), rejected: n(r.rejected) })
                : t(l, 'import.summary.done', { imported: n(r.imported) })}
          </Notice>
          {r.issues.length > 0 ? (
            <DataTable
              class="table-sm"
              caption={t(l, 'import.report')}
              columns={[t(l, 'import.row'), t(l, 'import.column'), t(l, 'import.problem')]}
            >
              {r.issues.map((i) => (
                <tr>
                  <td>{i.row}</td>
                  <td>{i.column ?? ''}</td>
                  <td>{i.message}</td>
                </tr>
              ))}
            </DataTable>
          ) : null}
        </Section>
      ) : null}
      <form method="post" action={`/admin/programmes/${p.id}/import`} encType="multipart/form-data" noValidate>
        <div class="mb-3">
          <label class="form-label" for="f-file">
            {t(l, 'import.file')}
          </label>
          <input class="form-control" type="file" id="f-file" name="file" accept=".csv,text/csv" required />
        </div>
        <input type="hidden" name="_csrf" value={props.ctx.csrf ?? ''} />
        <ChoiceButtons
          name="mode"
          choices={[
            { value: 'check', label: t(l, 'import.check'), class: 'btn btn-outline-primary me-2 mb-2' },
            { value: 'import', label: t(l, 'import.run'), class: 'btn btn-primary mb-2' },
          ]}
        />
      </form>
    </DashboardSubPage>
  );
}
