import type { VNode } from 'preact';
import { addMessages, t } from '../../core/i18n.js';
import { formatDate } from '../../core/time.js';
import { CheckboxField, CsrfField, ErrorSummary, type Errors, Form, TextField } from '../../web/forms.js';
import { Layout, type PageContext } from '../../web/layout.js';
import type { Programme } from '../programmes/service.js';
import type { FixKind, NationalSummary } from './national-export.js';
import { Notice, n, STYLES } from './views.js';

addMessages({
  it: {
    'nx.pending': 'Da inviare: {pending} servizi mai inviati o corretti dopo l’ultimo invio ({corrections} correzioni).',
    'nx.pendingOnly': 'Solo i servizi ancora da inviare',
    'nx.pendingOnly.hint': 'Quelli mai inviati e quelli corretti dopo l’ultimo invio: la piattaforma tiene ciò che ha già ricevuto.',
    'nx.reasons': 'Motivi, come li scrive la piattaforma nazionale',
    'nx.reason': 'Motivo',
    'nx.fix': 'Dove correggere',
    'nx.fix.record': 'Correggi il servizio',
    'nx.fix.facilitator': 'Identità nazionale del facilitatore',
    'nx.fix.venue': 'Identità nazionale della sede',
    'nx.fix.programme': 'Date del programma',
    'nx.facilitator': 'Facilitatore',
    'nx.download.xlsx': 'Scarica il file Excel per il Servizio Civile Digitale',
    'nx.download.hint':
      'Il file contiene solo i servizi che la piattaforma accetta, al massimo 9.000 per file (oltre, ricevi un archivio zip con più file numerati). Contiene codici fiscali e nomi: l’esportazione è registrata. Ogni esportazione diventa un invio numerato.',
    'nx.batches': 'Invii alla piattaforma nazionale',
    'nx.batch.number': 'Invio',
    'nx.batch.when': 'Preparato il',
    'nx.batch.rows': 'Servizi',
    'nx.batch.corrections': 'di cui correzioni',
    'nx.batch.files': 'File',
    'nx.batch.uploaded': 'Caricato',
    'nx.batch.notUploaded': 'Non ancora caricato',
    'nx.batch.mark': 'Segna come caricato',
    'nx.batch.outcome': 'Esito della piattaforma (file, facoltativo)',
    'nx.batch.outcomeLink': 'esito',
    'nx.batch.none': 'Nessun invio finora.',
    'nx.batch.saved': 'Invio segnato come caricato.',
  },
  en: {
    'nx.pending': 'To send: {pending} services never sent or corrected since the last batch ({corrections} corrections).',
    'nx.pendingOnly': 'Only services still to send',
    'nx.pendingOnly.hint': 'Those never sent and those corrected since: the platform keeps what it already received.',
    'nx.reasons': 'Reasons, as the national platform words them',
    'nx.reason': 'Reason',
    'nx.fix': 'Where to fix it',
    'nx.fix.record': 'Correct the service',
    'nx.fix.facilitator': 'Facilitator’s national identity',
    'nx.fix.venue': 'Venue’s national identity',
    'nx.fix.programme': 'Programme dates',
    'nx.facilitator': 'Facilitator',
    'nx.download.xlsx': 'Download the Excel file for the Servizio Civile Digitale',
    'nx.download.hint':
      'The file holds only the services the platform accepts, at most 9,000 a file (beyond that you get a zip of numbered files). It contains codici fiscali and names: the export is logged. Each export becomes a numbered batch.',
    'nx.batches': 'Batches sent to the national platform',
    'nx.batch.number': 'Batch',
    'nx.batch.when': 'Prepared on',
    'nx.batch.rows': 'Services',
    'nx.batch.corrections': 'of which corrections',
    'nx.batch.files': 'Files',
    'nx.batch.uploaded': 'Uploaded',
    'nx.batch.notUploaded': 'Not uploaded yet',
    'nx.batch.mark': 'Mark as uploaded',
    'nx.batch.outcome': 'The platform’s outcome (file, optional)',
    'nx.batch.outcomeLink': 'outcome',
    'nx.batch.none': 'No batches yet.',
    'nx.batch.saved': 'Batch marked as uploaded.',
  },
});

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
    <Layout
      ctx={props.ctx}
      title={t(l, 'export.title', { name: p.name })}
      head={STYLES}
      crumbs={[
        { href: '/admin', label: t(l, 'nav.backoffice') },
        { href: `/admin/programmes/${p.id}`, label: p.name },
        { href: `/admin/programmes/${p.id}/cruscotto`, label: 'Cruscotto' },
        { label: t(l, 'dash.export') },
      ]}
    >
      <h1>{t(l, 'export.title', { name: p.name })}</h1>
      {props.saved ? <Notice kind="success">{t(l, 'nx.batch.saved')}</Notice> : null}
      <ErrorSummary errors={props.errors} title={t(l, 'form.errors')} labels={{ from: t(l, 'dash.from'), to: t(l, 'dash.to') }} />
      {props.toSend ? <p>{t(l, 'nx.pending', { pending: n(props.toSend.pending), corrections: n(props.toSend.corrections) })}</p> : null}
      <Form action={`/admin/programmes/${p.id}/export`} method="get" class="ponte-filters mb-4">
        <TextField name="from" type="date" label={t(l, 'dash.from')} value={props.from} error={props.errors.from} />
        <TextField name="to" type="date" label={t(l, 'dash.to')} value={props.to} error={props.errors.to} />
        <CheckboxField name="pending" label={t(l, 'nx.pendingOnly')} hint={t(l, 'nx.pendingOnly.hint')} checked={props.pending} />
        <button type="submit" class="btn btn-outline-primary">
          {t(l, 'export.check')}
        </button>
      </Form>
      {pc ? (
        <>
          <Notice kind={pc.rejected > 0 ? 'info' : 'success'}>
            {t(l, 'export.summary', { total: n(pc.total), valid: n(pc.valid), rejected: n(pc.rejected) })}
          </Notice>
          {pc.rejected > 0 ? (
            <section aria-labelledby="issues-h" class="mb-4">
              <h2 id="issues-h" class="h4">
                {t(l, 'export.issues')}
              </h2>
              <h3 class="h6">{t(l, 'nx.reasons')}</h3>
              <ul>
                {Object.entries(pc.byReason).map(([reason, count]) => (
                  <li>
                    {reason} ({n(count)})
                  </li>
                ))}
              </ul>
              {pc.issues.length < pc.rejected ? <p>{t(l, 'export.issues.more', { n: pc.issues.length })}</p> : null}
              <div class="table-responsive">
                <table class="table table-sm">
                  <caption class="visually-hidden">{t(l, 'export.issues')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t(l, 'fac.date')}</th>
                      <th scope="col">{t(l, 'fac.venue')}</th>
                      <th scope="col">{t(l, 'nx.facilitator')}</th>
                      <th scope="col">{t(l, 'nx.reason')}</th>
                      <th scope="col">{t(l, 'nx.fix')}</th>
                    </tr>
                  </thead>
                  <tbody>
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
                  </tbody>
                </table>
              </div>
            </section>
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
          <Form action={`/admin/programmes/${p.id}/export`} csrf={props.ctx.csrf} class="mb-2">
            {period}
            <input type="hidden" name="format" value="csv" />
            <button type="submit" class="btn btn-outline-primary">
              {t(l, 'export.csv')}
            </button>
          </Form>
          <Form action={`/admin/programmes/${p.id}/export`} csrf={props.ctx.csrf}>
            {period}
            <input type="hidden" name="format" value="opendata" />
            <button type="submit" class="btn btn-outline-primary">
              {t(l, 'export.opendata')}
            </button>
          </Form>
        </>
      ) : null}
      <Batches {...props} />
    </Layout>
  );
}

function Batches(props: ExportPageProps): VNode {
  const l = props.ctx.lang;
  const p = props.programme;
  return (
    <section aria-labelledby="batches-h" class="mt-5">
      <h2 id="batches-h" class="h4">
        {t(l, 'nx.batches')}
      </h2>
      {props.batches.length === 0 ? (
        <p>{t(l, 'nx.batch.none')}</p>
      ) : (
        <div class="table-responsive">
          <table class="table table-sm">
            <caption class="visually-hidden">{t(l, 'nx.batches')}</caption>
            <thead>
              <tr>
                <th scope="col">{t(l, 'nx.batch.number')}</th>
                <th scope="col">{t(l, 'nx.batch.when')}</th>
                <th scope="col">{t(l, 'nx.batch.rows')}</th>
                <th scope="col">{t(l, 'nx.batch.corrections')}</th>
                <th scope="col">{t(l, 'nx.batch.files')}</th>
                <th scope="col">{t(l, 'nx.batch.uploaded')}</th>
              </tr>
            </thead>
            <tbody>
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
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
