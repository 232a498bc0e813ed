import type { ComponentChildren, VNode } from 'preact';
import { type Lang, t } from '../../core/i18n.js';
import { formatDate } from '../../core/time.js';
import { ActionLinks, ButtonLink } from '../../web/components/action-links.js';
import { type Card, CardList } from '../../web/components/card-list.js';
import { CheckboxGroup, FieldList } from '../../web/components/field-list.js';
import { type FormPageProps, formPage } from '../../web/components/form-page.js';
import { ButtonForm, FormBlock, FormSection } from '../../web/components/form-section.js';
import { OrgListPage } from '../../web/components/org-list-page.js';
import { staffCrumbs } from '../../web/components/staff-crumbs.js';
import { type Errors, type FormBody, Notice } from '../../web/forms.js';
import { Layout, type PageContext } from '../../web/layout.js';
import { ORGANISATION_TYPES } from './schemas.js';
import type { Agreement, Organisation, Venue } from './service.js';

/**
 * The back-office sections of an organisation, in the order its page lists them, each with who
 * sees it: everyone who may open the organisation, its staff, or those who may edit it (the
 * partners' proposals are everyone's; the other modules' sections are the staff's).
 */
const SECTIONS: readonly (readonly [path: string, key: string, who: 'all' | 'staff' | 'edit'])[] = [
  ['venues', 'venues.title', 'all'],
  ['agreements', 'agreements.title', 'all'],
  ['programmes', 'programmes.title', 'all'],
  ['partnerships', 'partnerships.title', 'staff'],
  ['events', 'sev.title', 'staff'],
  ['members', 'members.title', 'staff'],
  ['desks', 'desks.admin.desks', 'all'],
  ['servizi', 'org.guides', 'staff'],
  ['competenze', 'skills.admin.title', 'staff'],
  ['volontari', 'org.link.volunteers', 'staff'],
  ['turni', 'org.link.shifts', 'staff'],
  ['proposte', 'org.link.proposals', 'all'],
  ['da-avvisare', 'org.link.callbacks', 'staff'],
  ['partecipazione', 'org.link.participation', 'staff'],
  ['questionari', 'org.link.surveys', 'staff'],
  ['connettivita', 'org.link.connectivity', 'staff'],
  ['webhooks', 'webhooks.title', 'edit'],
  ['widget', 'widget.title', 'edit'],
];

/** Links to the sections of an organisation this person may open, as buttons. */
function SectionLinks({ orgId, l, isStaff, canEdit }: { orgId: string; l: Lang; isStaff: boolean; canEdit: boolean }) {
  const shown = SECTIONS.filter(([, , who]) => who === 'all' || (who === 'staff' ? isStaff : canEdit));
  const href = (path: string) => `/admin/organisations/${orgId}/${path}`;
  return <ActionLinks links={shown.map(([path, key]) => ({ href: href(path), label: t(l, key), class: 'btn btn-outline-primary' }))} />;
}

/** Field names to their labels' message keys, so the error summary names each field. */
const ORG_LABELS: Record<string, string> = {
  name: 'org.name',
  type: 'org.type',
  municipality: 'org.municipality',
  memberMunicipalities: 'org.members',
  description: 'org.description',
  website: 'org.website',
  email: 'org.email',
  phone: 'org.phone',
  ipaCode: 'org.ipaCode',
};
const VENUE_LABELS: Record<string, string> = {
  name: 'venue.name',
  address: 'venue.address',
  municipality: 'venue.municipality',
  capacity: 'venue.capacity',
  latitude: 'venue.latitude',
  longitude: 'venue.longitude',
  stepFree: 'venue.stepFree',
  accessibility: 'venue.accessibility',
  openingNotes: 'venue.openingNotes',
  nationalId: 'venue.nationalId',
  nationalName: 'venue.nationalName',
  postalCode: 'venue.postalCode',
};
const AGREEMENT_LABELS: Record<string, string> = {
  title: 'agreement.title',
  partners: 'agreement.partners',
  start: 'agreement.start',
  end: 'agreement.end',
  commitments: 'agreement.commitments',
  documentUrl: 'agreement.documentUrl',
};
const labels = (l: PageContext['lang'], keys: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(keys).map(([field, key]) => [field, t(l, key)]));

/**
 * The two kinds of record an organisation lists on a page of its own and changes on another: the
 * list at /admin/organisations/<id>/<path>, each record at /admin/<path>/<record id>.
 */
const RECORD_KINDS = {
  venue: { path: 'venues', title: 'venues.title', none: 'venues.none', add: 'venues.add', delete: 'venue.delete', labels: VENUE_LABELS },
  agreement: {
    path: 'agreements',
    title: 'agreements.title',
    none: 'agreements.none',
    add: 'agreements.add',
    delete: 'agreement.delete',
    labels: AGREEMENT_LABELS,
  },
} as const;
type RecordKind = keyof typeof RECORD_KINDS;

/** The list of an organisation's venues or agreements: cards that open the record for those who may edit, and the form that adds one. */
/** What a page listing one kind of an organisation's records receives, besides its records. */
type OrgRecordsProps = FormPageProps & { organisation: Organisation; canEdit: boolean };

function OrgRecordsPage<R extends { id: string }>(
  props: OrgRecordsProps & {
    kind: RecordKind;
    records: R[];
    lead?: string;
    card: (record: R) => Omit<Card, 'href'>;
    fields: ComponentChildren;
  },
): VNode {
  const { l, e: errors } = formPage(props);
  const kind = RECORD_KINDS[props.kind];
  return (
    <OrgListPage
      ctx={props.ctx}
      organisation={props.organisation}
      title={t(l, kind.title)}
      lead={props.lead}
      none={props.records.length === 0 ? t(l, kind.none) : undefined}
      cards={props.records.map((r) => ({ ...props.card(r), href: props.canEdit ? `/admin/${kind.path}/${r.id}` : undefined }))}
      add={
        props.canEdit && {
          id: `add-${props.kind}`,
          heading: t(l, kind.add),
          path: kind.path,
          errors,
          labels: labels(l, kind.labels),
          fields: props.fields,
        }
      }
    />
  );
}

/**
 * The page that changes a venue or an agreement, below the list in the crumbs: what `top` shows,
 * then its errors, its fields, Save, and apart below it the button that deletes it.
 */
function OrgRecordEditPage(
  props: FormPageProps & {
    kind: RecordKind;
    organisation: Organisation;
    record: { id: string; name: string };
    top: ComponentChildren;
    children: ComponentChildren;
  },
): VNode {
  const { l, e: errors } = formPage(props);
  const kind = RECORD_KINDS[props.kind];
  const action = `/admin/${kind.path}/${props.record.id}`;
  return (
    <Layout
      ctx={props.ctx}
      title={props.record.name}
      crumbs={staffCrumbs(
        l,
        props.organisation,
        { href: `/admin/organisations/${props.organisation.id}/${kind.path}`, label: t(l, kind.title) },
        { label: props.record.name },
      )}
    >
      {props.top}
      <FormBlock
        ctx={props.ctx}
        errors={errors}
        labels={labels(l, kind.labels)}
        action={action}
        submit={t(l, 'form.save')}
        after={
          <ButtonForm
            action={`${action}/delete`}
            csrf={props.ctx.csrf}
            label={t(l, kind.delete)}
            class="btn btn-outline-danger"
            formClass="mt-4"
          />
        }
      >
        {props.children}
      </FormBlock>
    </Layout>
  );
}

export function AdminHomePage(props: {
  ctx: PageContext;
  organisations: Organisation[];
  isPlatformAdmin: boolean;
  /** Whether the user records facilitation services: their own list is then linked first. */
  recordsServices?: boolean;
}): VNode {
  const l = props.ctx.lang;
  return (
    <Layout ctx={props.ctx} title={t(l, 'admin.title')}>
      <h1>{t(l, 'admin.title')}</h1>
      {props.recordsServices ? <ButtonLink href="/admin/facilitazioni" label={t(l, 'admin.myServices')} /> : null}
      <h2 class="h4">{t(l, 'admin.orgs')}</h2>
      <CardList
        none={t(l, 'admin.none')}
        cards={props.organisations.map((o) => ({
          name: o.name,
          href: `/admin/organisations/${o.id}`,
          body: (
            <span class="d-block">
              {t(l, `type.${o.type}`)}
              {o.municipality ? ` · ${o.municipality.name} (${o.municipality.provinceCode})` : ''}
            </span>
          ),
        }))}
      />
      {props.isPlatformAdmin ? <ButtonLink href="/admin/organisations/new" label={t(l, 'admin.newOrg')} /> : null}
    </Layout>
  );
}

function OrganisationFields(props: { l: PageContext['lang']; values: FormBody; errors: Errors; withDetails: boolean }): VNode {
  const { l } = props;
  const details = props.withDetails;
  return (
    <FieldList
      values={{ type: 'comune', ...props.values }}
      errors={props.errors}
      label={(name) => t(l, ORG_LABELS[name])}
      fields={[
        { name: 'name', required: true, maxLength: 200 },
        {
          name: 'type',
          kind: 'select',
          required: true,
          options: ORGANISATION_TYPES.map((x) => ({ value: x, label: t(l, `type.${x}`) })),
        },
        { name: 'municipality', required: true, hint: t(l, 'org.municipality.hint'), maxLength: 100 },
        { name: 'ipaCode', hint: t(l, 'org.ipaCode.hint'), maxLength: 20, autocomplete: 'off' },
        details && { name: 'memberMunicipalities', kind: 'area', hint: t(l, 'org.members.hint'), rows: 4 },
        details && { name: 'description', kind: 'area', maxLength: 4000 },
        details && { name: 'website', type: 'url', maxLength: 500 },
        details && { name: 'email', type: 'email', maxLength: 254 },
        details && { name: 'phone', type: 'tel', maxLength: 30, hint: t(l, 'org.phone.hint') },
      ]}
    />
  );
}

export function NewOrganisationPage(props: FormPageProps): VNode {
  const { l, v, e: errors } = formPage(props);
  return (
    <Layout ctx={props.ctx} title={t(l, 'admin.newOrg')} crumbs={staffCrumbs(l, null, { label: t(l, 'admin.newOrg') })}>
      <h1>{t(l, 'admin.newOrg')}</h1>
      <FormBlock ctx={props.ctx} errors={errors} labels={labels(l, ORG_LABELS)} action="/admin/organisations" submit={t(l, 'org.create')}>
        <OrganisationFields l={l} values={v} errors={errors} withDetails={false} />
      </FormBlock>
    </Layout>
  );
}

const municipalityLabel = (m: { name: string; provinceCode: string } | null) => (m ? `${m.name} (${m.provinceCode})` : '');

export function OrganisationPage(
  props: FormPageProps & {
    organisation: Organisation;
    canEdit: boolean;
    /** Staff and administrators: events, members, service guides and skills are theirs alone. */
    isStaff: boolean;
    /** Partnership requests waiting for this organisation's answer (shown to its admins). */
    pendingPartnerships?: number;
    saved?: boolean;
  },
): VNode {
  const o = props.organisation;
  const {
    l,
    v: values,
    e: errors,
  } = formPage(props, {
    name: o.name,
    type: o.type,
    municipality: municipalityLabel(o.municipality),
    memberMunicipalities: o.memberMunicipalities.map(municipalityLabel).join('\n'),
    description: o.description ?? '',
    website: o.website ?? '',
    email: o.email ?? '',
    phone: o.phone ?? '',
    ipaCode: o.ipaCode ?? '',
  });
  return (
    <Layout ctx={props.ctx} title={o.name} crumbs={staffCrumbs(l, o)}>
      <h1>{o.name}</h1>
      <p class="lead">
        {t(l, `type.${o.type}`)}
        {o.municipality ? ` · ${municipalityLabel(o.municipality)}` : ''}
      </p>
      {props.saved ? <Notice kind="success">{t(l, 'org.saved')}</Notice> : null}
      {props.pendingPartnerships ? (
        <Notice kind="warning">
          {t(l, 'partnerships.pendingNotice')} {props.pendingPartnerships}.{' '}
          <a href={`/admin/organisations/${o.id}/partnerships`}>{t(l, 'partnerships.incoming')}</a>
        </Notice>
      ) : null}
      <h2 class="h4">{t(l, 'org.sections')}</h2>
      <SectionLinks orgId={o.id} l={l} isStaff={!!props.isStaff} canEdit={props.canEdit} />
      <h2 class="h4 mt-4">{t(l, 'org.members')}</h2>
      {o.memberMunicipalities.length === 0 ? (
        <p>{t(l, 'org.members.none')}</p>
      ) : (
        <ul>
          {o.memberMunicipalities.map((m) => (
            <li>{municipalityLabel(m)}</li>
          ))}
        </ul>
      )}
      {props.canEdit ? (
        <FormSection
          heading={t(l, 'org.edit')}
          ctx={props.ctx}
          errors={errors}
          labels={labels(l, ORG_LABELS)}
          action={`/admin/organisations/${o.id}`}
          submit={t(l, 'form.save')}
        >
          <OrganisationFields l={l} values={values} errors={errors} withDetails />
        </FormSection>
      ) : null}
    </Layout>
  );
}

type FormValues = Record<string, string | string[] | undefined>;

function VenueFields(props: { l: PageContext['lang']; values: FormValues; errors: Errors }): VNode {
  const { l } = props;
  return (
    <FieldList
      values={props.values}
      errors={props.errors}
      label={(name) => t(l, VENUE_LABELS[name])}
      fields={[
        { name: 'name', required: true, maxLength: 200 },
        { name: 'address', required: true, maxLength: 300, autocomplete: 'address-line1' },
        { name: 'municipality', required: true, hint: t(l, 'org.municipality.hint'), maxLength: 100 },
        { name: 'capacity', inputMode: 'numeric', maxLength: 6 },
        { name: 'stepFree', kind: 'checkbox' },
        { name: 'accessibility', kind: 'area', hint: t(l, 'venue.accessibility.hint'), maxLength: 2000 },
        { name: 'openingNotes', kind: 'area', maxLength: 2000 },
        { name: 'latitude', inputMode: 'decimal', hint: t(l, 'venue.coords.hint'), maxLength: 20 },
        { name: 'longitude', inputMode: 'decimal', maxLength: 20 },
        { name: 'postalCode', inputMode: 'numeric', maxLength: 5, autocomplete: 'postal-code' },
        { name: 'nationalId', inputMode: 'numeric', hint: t(l, 'venue.nationalId.hint'), maxLength: 12 },
        { name: 'nationalName', hint: t(l, 'venue.nationalName.hint'), maxLength: 200 },
      ]}
    />
  );
}

export function VenuesPage(props: OrgRecordsProps & { venues: Venue[] }): VNode {
  const { l, v: values, e: errors } = formPage(props);
  return (
    <OrgRecordsPage
      {...props}
      kind="venue"
      records={props.venues}
      card={(v) => ({
        name: v.name,
        body: (
          <>
            <span class="d-block">
              {v.address}, {municipalityLabel(v.municipality)}
            </span>
            <span class="d-block">
              {v.stepFree ? t(l, 'venue.stepFree.yes') : t(l, 'venue.stepFree.no')}
              {v.capacity ? ` · ${v.capacity} ${t(l, 'venue.seats')}` : ''}
            </span>
            <a href={v.mapUrl}>
              {t(l, 'venue.map')}
              <span class="visually-hidden">: {v.name}</span>
            </a>
          </>
        ),
      })}
      fields={<VenueFields l={l} values={values} errors={errors} />}
    />
  );
}

export function VenueEditPage(
  props: FormPageProps & {
    organisation: Organisation;
    venue: Venue;
    notice?: string;
  },
): VNode {
  const { l, e: errors } = formPage(props);
  const v = props.venue;
  const values: FormValues = props.values ?? {
    name: v.name,
    address: v.address,
    municipality: municipalityLabel(v.municipality),
    capacity: v.capacity?.toString() ?? '',
    latitude: v.latitude?.toString() ?? '',
    longitude: v.longitude?.toString() ?? '',
    stepFree: v.stepFree ? '1' : '',
    accessibility: v.accessibility ?? '',
    openingNotes: v.openingNotes ?? '',
    nationalId: v.nationalId ?? '',
    // Only a name set apart from the venue's own: an empty field follows the venue's name.
    nationalName: v.nationalName !== v.name ? v.nationalName : '',
    postalCode: v.postalCode ?? '',
  };
  return (
    <OrgRecordEditPage
      {...props}
      kind="venue"
      record={v}
      top={
        <>
          <h1>{v.name}</h1>
          {props.notice ? <Notice kind="success">{t(l, props.notice === 'created' ? 'venue.created' : 'venue.saved')}</Notice> : null}
          <p>
            <a href={v.mapUrl}>{t(l, 'venue.map')}</a>
          </p>
          <h2 class="h4">{t(l, 'venues.edit')}</h2>
        </>
      }
    >
      <VenueFields l={l} values={values} errors={errors} />
    </OrgRecordEditPage>
  );
}

function AgreementFields(props: {
  l: PageContext['lang'];
  values: FormValues;
  errors: Errors;
  partnerChoices: { id: string; name: string }[];
}): VNode {
  const { l, values, errors } = props;
  const label = (name: string) => t(l, AGREEMENT_LABELS[name]);
  return (
    <>
      <FieldList values={values} errors={errors} label={label} fields={[{ name: 'title', required: true, maxLength: 300 }]} />
      <CheckboxGroup
        name="partners"
        legend={label('partners')}
        values={values}
        errors={errors}
        options={props.partnerChoices.map((p) => ({ value: p.id, label: p.name }))}
      />
      <FieldList
        values={values}
        errors={errors}
        label={label}
        fields={[
          { name: 'start', type: 'date', required: true, hint: t(l, 'agreement.dates.hint') },
          { name: 'end', type: 'date' },
          { name: 'commitments', kind: 'area', rows: 5, maxLength: 8000 },
          { name: 'documentUrl', type: 'url', maxLength: 500 },
        ]}
      />
    </>
  );
}

export function AgreementsPage(
  props: OrgRecordsProps & { agreements: Agreement[]; partnerChoices: { id: string; name: string }[] },
): VNode {
  const { l, v: values, e: errors } = formPage(props);
  return (
    <OrgRecordsPage
      {...props}
      kind="agreement"
      records={props.agreements}
      lead={t(l, 'agreements.consent')}
      card={(a) => ({
        name: a.title,
        body: (
          <>
            <span class="d-block">
              {t(l, 'agreement.from')} {formatDate(a.start, l)}
              {a.end ? ` ${t(l, 'agreement.to')} ${formatDate(a.end, l)}` : ''}
            </span>
            {a.partners.length > 0 ? <span class="d-block">{a.partners.map((p) => p.name).join(', ')}</span> : null}
            {a.commitments ? <p class="mb-0 mt-2">{a.commitments}</p> : null}
            {a.documentUrl ? <a href={a.documentUrl}>{t(l, 'agreement.documentUrl')}</a> : null}
          </>
        ),
      })}
      fields={<AgreementFields l={l} values={values} errors={errors} partnerChoices={props.partnerChoices} />}
    />
  );
}

export function AgreementEditPage(
  props: FormPageProps & {
    organisation: Organisation;
    agreement: Agreement;
    partnerChoices: { id: string; name: string }[];
  },
): VNode {
  const { l, e: errors } = formPage(props);
  const a = props.agreement;
  const values: FormValues = props.values ?? {
    title: a.title,
    partners: a.partners.map((p) => p.id),
    start: a.start,
    end: a.end ?? '',
    commitments: a.commitments ?? '',
    documentUrl: a.documentUrl ?? '',
  };
  return (
    <OrgRecordEditPage {...props} kind="agreement" record={{ id: a.id, name: a.title }} top={<h1>{t(l, 'agreement.edit')}</h1>}>
      <AgreementFields l={l} values={values} errors={errors} partnerChoices={props.partnerChoices} />
    </OrgRecordEditPage>
  );
}
