import type { VNode } from 'preact';
import { type Lang, t } from '../../../../core/i18n.js';
import { DataTable } from '../../../../web/components/data-table.js';
import { SubmitButton } from '../../../../web/components/form-page.js';
import { ButtonForm } from '../../../../web/components/form-section.js';
import { staffCrumbs } from '../../../../web/components/staff-crumbs.js';
import { TitledPage } from '../../../../web/components/titled-page.js';
import { Form, Notice, SelectField } from '../../../../web/forms.js';
import type { PageContext } from '../../../../web/layout.js';
import { PROBLEMS, type ReportFilterInput, STATUSES } from '../schemas.js';
import type { LocalityCount, Report } from '../service.js';
import { ConnectivityHead, MapBox, type MapPoint } from './map.js';
import { CountsTable } from './public.js';

const day = (iso: string, l: Lang) => new Date(iso).toLocaleDateString(l === 'en' ? 'en-GB' : 'it-IT', { timeZone: 'Europe/Rome' });

/** Where a report is, in words: comune, frazione, street; the point when that is all there is. */
export function placeText(r: Report, l: Lang): string {
  const words = [r.localityName, r.hamlet, r.street].filter(Boolean).join(', ');
  if (words) return words;
  return r.lat !== null && r.lon !== null ? `${r.lat.toFixed(5)}, ${r.lon.toFixed(5)}` : t(l, 'connectivity.counts.unplaced');
}

function Actions(props: { r: Report; open: Report[]; csrf?: string; back: string; l: Lang }): VNode | null {
  const { r, l } = props;
  if (r.status !== 'open') return null;
  // Duplicates are reports of one place: the choice is among the open reports of the same comune,
  // which also keeps the page from growing with the square of the reports.
  const others = props.open.filter((o) => o.id !== r.id && o.locality === r.locality);
  return (
    <>
      <ButtonForm
        action={`/admin/connectivity-reports/${r.id}/risolvi`}
        csrf={props.csrf}
        hidden={{ back: props.back }}
        label={t(l, 'connectivity.staff.resolve')}
        class="btn btn-outline-primary btn-sm mb-2"
      >
        <span class="visually-hidden"> – {placeText(r, l)}</span>
      </ButtonForm>
      {others.length > 0 ? (
        <Form action={`/admin/connectivity-reports/${r.id}/unisci`} csrf={props.csrf}>
          <input type="hidden" name="back" value={props.back} />
          <SelectField
            name="into"
            idPrefix={`${r.id}-`}
            label={t(l, 'connectivity.staff.merge')}
            placeholder={t(l, 'connectivity.staff.merge.placeholder')}
            options={others.map((o) => ({ value: o.id, label: `${placeText(o, l)} (${day(o.createdAt, l)})` }))}
          />
          <SubmitButton label={t(l, 'connectivity.staff.merge.button')} class="btn btn-outline-secondary btn-sm" />
        </Form>
      ) : null}
    </>
  );
}

/** One filter of the list: one of `choices` (words under `connectivity.<name>.<choice>`), or all of them. */
function FilterSelect(props: { l: Lang; name: string; label: string; value?: string; choices: readonly string[] }): VNode {
  const { l, name } = props;
  return (
    <SelectField
      name={name}
      label={props.label}
      value={props.value ?? ''}
      placeholder={t(l, 'connectivity.staff.filter.all')}
      options={props.choices.map((c) => ({ value: c, label: t(l, `connectivity.${name}.${c}`) }))}
    />
  );
}

/** Staff's page: counts by locality, filters, exports, the map (when configured) and the list. */
export function StaffPage(props: {
  ctx: PageContext;
  organisation: { id: string; name: string };
  counts: LocalityCount[];
  reports: Report[];
  open: Report[];
  contacts: Map<string, string>;
  filter: ReportFilterInput;
  tiles: { url: string; attribution: string } | null;
  bounds: readonly number[] | null;
  notice?: string;
}): VNode {
  const l = props.ctx.lang;
  const o = props.organisation;
  const title = t(l, 'connectivity.staff.title');
  const base = `/admin/organisations/${o.id}/connettivita`;
  const query = new URLSearchParams(Object.entries(props.filter).filter((e) => !!e[1]) as [string, string][]).toString();
  const back = query ? `${base}?${query}` : base;
  const api = `/api/v1/organisations/${o.id}/connectivity-reports?${query ? `${query}&` : ''}format=`;
  const points: MapPoint[] = props.reports
    .filter((r) => r.lat !== null && r.lon !== null)
    .map((r) => ({
      lat: r.lat!,
      lon: r.lon!,
      outside: r.outside,
      label: `${t(l, `connectivity.problem.${r.problem}`)} – ${placeText(r, l)}`,
    }));
  return (
    <TitledPage
      ctx={props.ctx}
      heading={title}
      title={`${title} · ${o.name}`}
      crumbs={staffCrumbs(l, o, { label: title })}
      head={<ConnectivityHead map={!!props.tiles} />}
    >
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <p>
        <a href={`/connettivita/${o.id}`}>{t(l, 'connectivity.staff.public')}</a>
      </p>
      <h2>{t(l, 'connectivity.counts.title')}</h2>
      <CountsTable ctx={props.ctx} counts={props.counts} />
      <h2>{t(l, 'connectivity.staff.list')}</h2>
      <Form action={base} method="get" class="mb-3">
        <FilterSelect l={l} name="status" label={t(l, 'connectivity.staff.filter.status')} value={props.filter.status} choices={STATUSES} />
        <FilterSelect l={l} name="problem" label={t(l, 'connectivity.field.problem')} value={props.filter.problem} choices={PROBLEMS} />
        <SubmitButton label={t(l, 'connectivity.staff.filter')} class="btn btn-secondary" />
      </Form>
      <p>
        {t(l, 'connectivity.staff.export')}: <a href={`${api}csv`}>{t(l, 'connectivity.staff.export.csv')}</a> ·{' '}
        <a href={`${api}geojson`}>{t(l, 'connectivity.staff.export.geojson')}</a>
      </p>
      {props.tiles ? (
        <>
          <h3 class="h5">{t(l, 'connectivity.staff.map')}</h3>
          <p class="form-text">{t(l, 'connectivity.staff.map.hint')}</p>
          <MapBox tiles={props.tiles} bounds={props.bounds} label={t(l, 'connectivity.staff.map')} points={points} />
        </>
      ) : null}
      <DataTable
        caption={t(l, 'connectivity.staff.caption')}
        none={t(l, 'connectivity.staff.none')}
        columns={['when', 'where', 'problem', 'building', 'status', 'actions'].map((c) => t(l, `connectivity.staff.col.${c}`))}
      >
        {props.reports.map((r) => (
          <tr>
            <td>{day(r.createdAt, l)}</td>
            <td>
              {placeText(r, l)}
              {r.outside ? <strong class="d-block">{t(l, 'connectivity.staff.outside')}</strong> : null}
            </td>
            <td>
              {t(l, `connectivity.problem.${r.problem}`)}
              <span class="d-block">{r.operator === 'other' ? r.operatorOther : t(l, `connectivity.operator.${r.operator}`)}</span>
            </td>
            <td>
              {t(l, `connectivity.building.${r.building}`)}
              {r.schoolName ? <span class="d-block">{r.schoolName}</span> : null}
              {props.contacts.get(r.id) ? <span class="d-block">{props.contacts.get(r.id)}</span> : null}
            </td>
            <td>{t(l, `connectivity.status.${r.status}`)}</td>
            <td>
              <Actions r={r} open={props.open} csrf={props.ctx.csrf} back={back} l={l} />
            </td>
          </tr>
        ))}
      </DataTable>
    </TitledPage>
  );
}
