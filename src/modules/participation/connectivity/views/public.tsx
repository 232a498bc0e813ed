import type { ComponentChildren, VNode } from 'preact';
import { t } from '../../../../core/i18n.js';
import { boundFields, formValue } from '../../../../web/components/bound-fields.js';
import { DataTable } from '../../../../web/components/data-table.js';
import { type FormPageProps, formPage, Honeypot, SubmitButton } from '../../../../web/components/form-page.js';
import { TitledPage } from '../../../../web/components/titled-page.js';
import { ErrorSummary, Form, Notice } from '../../../../web/forms.js';
import type { PageContext } from '../../../../web/layout.js';
import { BUILDINGS, LIMITS, OPERATORS, PROBLEMS, REPORT_FIELDS } from '../schemas.js';
import type { LocalityCount, Place } from '../service.js';
import { ConnectivityHead, MapBox } from './map.js';

interface Org {
  id: string;
  name: string;
}

/** The public counts: open reports by comune and problem, never who reported nor where exactly. */
export function CountsTable(props: { ctx: PageContext; counts: LocalityCount[] }): VNode {
  const l = props.ctx.lang;
  const num = { class: 'text-end' };
  return (
    <DataTable
      caption={t(l, 'connectivity.counts.caption')}
      columns={[
        t(l, 'connectivity.counts.locality'),
        ...PROBLEMS.map((p) => ({ label: t(l, `connectivity.problem.${p}`), ...num })),
        { label: t(l, 'connectivity.counts.total'), ...num },
      ]}
    >
      {props.counts.map((c) => (
        <tr>
          <th scope="row">{c.name ?? t(l, 'connectivity.counts.unplaced')}</th>
          {PROBLEMS.map((p) => (
            <td class="text-end">{c.byProblem[p]}</td>
          ))}
          <td class="text-end">{c.total}</td>
        </tr>
      ))}
    </DataTable>
  );
}

/** A public page of an organisation's connectivity reports, under its counts page when `under`. */
function ConnectivityPage(props: {
  ctx: PageContext;
  organisation: Org;
  heading: string;
  under?: boolean;
  head?: ComponentChildren;
  children: ComponentChildren;
}): VNode {
  const l = props.ctx.lang;
  const o = props.organisation;
  const counts = { href: `/connettivita/${o.id}`, label: t(l, 'connectivity.title') };
  return (
    <TitledPage
      ctx={props.ctx}
      heading={props.heading}
      title={`${props.heading} · ${o.name}`}
      crumbs={[{ href: '/', label: t(l, 'nav.home') }, ...(props.under ? [counts] : []), { label: props.heading }]}
      head={props.head}
    >
      {props.children}
    </TitledPage>
  );
}

export function CountsPage(props: { ctx: PageContext; organisation: Org; counts: LocalityCount[]; notice?: string }): VNode {
  const l = props.ctx.lang;
  const o = props.organisation;
  const title = t(l, 'connectivity.title');
  const any = props.counts.some((c) => c.total > 0);
  return (
    <ConnectivityPage ctx={props.ctx} organisation={o} heading={title}>
      <p class="lead">{t(l, 'connectivity.lead')}</p>
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <p>
        <a class="btn btn-primary" href={`/connettivita/${o.id}/segnala`}>
          {t(l, 'connectivity.report.cta')}
        </a>
      </p>
      <h2>{t(l, 'connectivity.counts.title')}</h2>
      <p>{o.name}</p>
      {any ? <CountsTable ctx={props.ctx} counts={props.counts} /> : <p>{t(l, 'connectivity.counts.none')}</p>}
      <p class="text-muted">{t(l, 'connectivity.counts.privacy')}</p>
    </ConnectivityPage>
  );
}

/** The citizen's form: comune and street always; the map when a tile server is configured and JavaScript runs. */
export function ReportPage(
  props: FormPageProps & {
    organisation: Org;
    places: Place[];
    tiles: { url: string; attribution: string } | null;
    bounds: readonly number[] | null;
  },
): VNode {
  const { l, e: errors } = formPage(props);
  const o = props.organisation;
  const v = (name: string) => formValue(props.values, name);
  const label = (name: string) => t(l, `connectivity.field.${name}`);
  const f = boundFields({ values: props.values, errors, label });
  const title = t(l, 'connectivity.report.title');
  const select = (name: string, options: readonly string[], prefix: string) => (
    <f.Select
      name={name}
      required
      placeholder="—"
      options={options.map((x) => ({ value: x, label: t(l, `connectivity.${prefix}.${x}`) }))}
    />
  );
  return (
    <ConnectivityPage ctx={props.ctx} organisation={o} heading={title} under head={<ConnectivityHead map={!!props.tiles} />}>
      <p class="lead">{o.name}</p>
      <ErrorSummary
        errors={errors}
        title={t(l, 'connectivity.report.error')}
        labels={Object.fromEntries(REPORT_FIELDS.map((f) => [f, label(f)]))}
      />
      <Form action={`/connettivita/${o.id}/segnala`} csrf={props.ctx.csrf}>
        <fieldset class="mb-3">
          <legend class="h4">{t(l, 'connectivity.report.where')}</legend>
          <p class="form-text">{t(l, 'connectivity.report.where.hint')}</p>
          <f.Select
            name="locality"
            placeholder={label('locality.placeholder')}
            options={props.places.map((p) => ({ value: p.code, label: p.name }))}
          />
          <f.Text name="hamlet" maxLength={LIMITS.hamlet} />
          <f.Text name="street" maxLength={LIMITS.street} autocomplete="address-line1" />
          {props.tiles ? (
            <>
              <p class="form-text">{t(l, 'connectivity.report.map.hint')}</p>
              <MapBox tiles={props.tiles} bounds={props.bounds} label={t(l, 'connectivity.report.map')} />
            </>
          ) : null}
          <input type="hidden" id="f-lat" name="lat" value={v('lat')} />
          <input type="hidden" id="f-lon" name="lon" value={v('lon')} />
          {errors.lat || errors.lon ? <p class="ponte-field-error">{errors.lat ?? errors.lon}</p> : null}
        </fieldset>
        <fieldset class="mb-3">
          <legend class="h4">{t(l, 'connectivity.report.what')}</legend>
          {select('problem', PROBLEMS, 'problem')}
          {select('operator', OPERATORS, 'operator')}
          <f.Text name="operatorOther" hint={label('operatorOther.hint')} maxLength={LIMITS.operatorOther} />
          {select('building', BUILDINGS, 'building')}
          <f.Text name="schoolName" hint={label('schoolName.hint')} maxLength={LIMITS.schoolName} />
        </fieldset>
        <fieldset class="mb-3">
          <legend class="h4">{t(l, 'connectivity.report.contact')}</legend>
          <f.Text name="email" type="email" hint={t(l, 'connectivity.report.contact.hint')} maxLength={LIMITS.email} autocomplete="email" />
        </fieldset>
        <Honeypot label={label('website')} class="ponte-hp" />
        <SubmitButton label={t(l, 'connectivity.report.send')} />
      </Form>
    </ConnectivityPage>
  );
}

export function ReportedPage(props: { ctx: PageContext; organisation: Org; flagged: boolean }): VNode {
  const l = props.ctx.lang;
  const o = props.organisation;
  const title = t(l, 'connectivity.report.done.title');
  return (
    <ConnectivityPage ctx={props.ctx} organisation={o} heading={title}>
      <Notice kind="success">{t(l, 'connectivity.report.done')}</Notice>
      {props.flagged ? <p>{t(l, 'connectivity.report.done.flagged', { organisation: o.name })}</p> : null}
      <p>
        <a href={`/connettivita/${o.id}`}>{t(l, 'connectivity.report.done.back')}</a>
      </p>
    </ConnectivityPage>
  );
}
