import type { VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { formatRome } from '../../../core/time.js';
import { ChoiceButtons } from '../../../web/components/choice-buttons.js';
import { CheckboxGroup } from '../../../web/components/field-list.js';
import { type FormPageProps, formPage, SubmitButton } from '../../../web/components/form-page.js';
import { staffCrumbs } from '../../../web/components/staff-crumbs.js';
import { TitledPage } from '../../../web/components/titled-page.js';
import { ErrorSummary, type Errors, Form, type FormBody, Notice, SelectField, TextArea, TextField } from '../../../web/forms.js';
import { AUDIENCE_LABELS, AUDIENCES, label } from '../catalogue/vocab.js';
import type { PartnerOverview, ProposalView } from './schemas.js';

/** The back office's pages of partners' proposals: the organisation's page and one proposal's. */

export const SESSION_ROWS = [1, 2, 3] as const;

export interface ProposalChoices {
  programmes: { id: string; name: string; organisation: string }[];
  venues: { id: string; name: string; own: boolean }[];
}

const one = (v: FormBody[string]) => (Array.isArray(v) ? v[0] : v) ?? '';
const shaped = (v: FormBody[string], re: RegExp) => (re.test(one(v)) ? one(v) : '');
const when = (iso: string, l: Lang) => formatRome(iso, l);
const w = (l: Lang, k: string, vars?: Record<string, string | number>) => t(l, `events.proposals.${k}`, vars);

function labels(l: Lang): Record<string, string> {
  const out: Record<string, string> = {
    programme: w(l, 'field.programme'),
    venue: w(l, 'field.venue'),
    title: w(l, 'field.title'),
    description: w(l, 'field.description'),
    capacity: w(l, 'field.capacity'),
    comment: w(l, 'field.comment'),
    sessions: w(l, 'field.session', { n: 1 }),
  };
  for (const n of SESSION_ROWS) out[`session${n}`] = w(l, 'field.session', { n });
  return out;
}

/** The fields of a proposal (new or corrected); the programme only when it is new. */
function ProposalFields(props: { l: Lang; choices: ProposalChoices; values: FormBody; errors: Errors; withProgramme: boolean }): VNode {
  const { l, values: v, errors } = props;
  return (
    <>
      {props.withProgramme ? (
        <SelectField
          name="programme"
          label={w(l, 'field.programme')}
          value={one(v.programme)}
          placeholder={w(l, 'field.choose')}
          options={props.choices.programmes.map((p) => ({ value: p.id, label: w(l, 'field.programme.option', p) }))}
          error={errors.programme}
          required
        />
      ) : null}
      <SelectField
        name="venue"
        label={w(l, 'field.venue')}
        value={one(v.venue)}
        placeholder={w(l, 'field.choose')}
        options={props.choices.venues.map((x) => ({ value: x.id, label: x.own ? w(l, 'field.venue.own', { name: x.name }) : x.name }))}
        error={errors.venue}
        required
      />
      <TextField name="title" label={w(l, 'field.title')} value={one(v.title)} error={errors.title} required maxLength={200} />
      <TextArea
        name="description"
        label={w(l, 'field.description')}
        value={one(v.description)}
        error={errors.description}
        maxLength={5000}
      />
      <CheckboxGroup
        name="audiences"
        legend={w(l, 'field.audiences')}
        values={v}
        errors={errors}
        options={AUDIENCES.map((a) => ({ value: a, label: label(AUDIENCE_LABELS, a, l) }))}
      />
      <TextField
        name="capacity"
        type="number"
        min={1}
        max={10000}
        label={w(l, 'field.capacity')}
        value={shaped(v.capacity, /^\d{1,5}$/)}
        error={errors.capacity}
        required
      />
      <p class="form-text">{w(l, 'field.session.hint')}</p>
      {SESSION_ROWS.map((n) => (
        <fieldset class="mb-3" id={`f-session${n}`} tabIndex={-1}>
          <legend class="h6">{w(l, 'field.session', { n })}</legend>
          {errors[`session${n}`] ? <div class="ponte-field-error">{errors[`session${n}`]}</div> : null}
          <TextField
            name={`date${n}`}
            type="date"
            label={w(l, 'field.date')}
            value={shaped(v[`date${n}`], /^\d{4}-\d{2}-\d{2}$/)}
            required={n === 1}
          />
          <TextField
            name={`from${n}`}
            type="time"
            label={w(l, 'field.from')}
            value={shaped(v[`from${n}`], /^\d{2}:\d{2}$/)}
            required={n === 1}
          />
          <TextField name={`to${n}`} type="time" label={w(l, 'field.to')} value={shaped(v[`to${n}`], /^\d{2}:\d{2}$/)} required={n === 1} />
        </fieldset>
      ))}
    </>
  );
}

function ProposalItem(props: { l: Lang; p: ProposalView }): VNode {
  const { l, p } = props;
  return (
    <li class="ponte-card mb-3">
      <h3 class="h5 mb-1">
        <a href={`/admin/proposte/${p.id}`}>{p.title}</a>
      </h3>
      <p class="mb-1">
        <span class="badge bg-secondary">{w(l, `status.${p.status}`)}</span>
      </p>
      <p class="mb-1">{w(l, 'by', { partner: p.partner.name, programme: p.programme.name, organisation: p.organisation.name })}</p>
      <p class="mb-0">
        {p.venue.name} · {p.sessions[0] ? when(p.sessions[0].start, l) : ''}
      </p>
      {p.comment ? <p class="mb-0 mt-1">{w(l, 'comment', { comment: p.comment })}</p> : null}
    </li>
  );
}

function ProposalList(props: { l: Lang; items: ProposalView[] }): VNode {
  return props.items.length === 0 ? (
    <p>{w(props.l, 'none')}</p>
  ) : (
    <ul class="list-unstyled">
      {props.items.map((p) => (
        <ProposalItem l={props.l} p={p} />
      ))}
    </ul>
  );
}

function Venues(props: { l: Lang; overview: PartnerOverview }): VNode {
  const { l } = props;
  if (props.overview.venues.length === 0) return <p>{w(l, 'venues.none')}</p>;
  return (
    <>
      {props.overview.venues.map((v) => (
        <section class="mb-3">
          <h3 class="h5">{v.name}</h3>
          {v.events.length === 0 ? (
            <p>{w(l, 'venues.noEvents')}</p>
          ) : (
            <ul>
              {v.events.map((e) => (
                <li>
                  <strong>{e.title}</strong>, {when(e.start, l)}. {w(l, 'organiser', { name: e.organiser })}.{' '}
                  {w(l, 'figures', { booked: e.booked, capacity: e.capacity, waiting: e.waiting, present: e.present })}
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </>
  );
}

/** An organisation's proposals page: its venues with their events' figures, the form to propose, what it sent and received. */
export function ProposalsPage(
  props: FormPageProps & {
    organisation: { id: string; name: string };
    overview: PartnerOverview;
    choices: ProposalChoices;
    canPropose: boolean;
    sent: ProposalView[];
    received: ProposalView[];
    notice?: string;
  },
): VNode {
  const { l, e: errors } = formPage(props);
  const o = props.organisation;
  const title = w(l, 'title');
  return (
    <TitledPage ctx={props.ctx} heading={title} title={`${title} · ${o.name}`} crumbs={staffCrumbs(l, o, { label: title })}>
      <p>{w(l, 'intro')}</p>
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <h2>{w(l, 'received')}</h2>
      <ProposalList l={l} items={props.received} />
      <h2>{w(l, 'sent')}</h2>
      <ProposalList l={l} items={props.sent} />
      <h2>{w(l, 'venues')}</h2>
      <Venues l={l} overview={props.overview} />
      {props.canPropose ? (
        <>
          <h2 id="proponi">{w(l, 'new')}</h2>
          {props.choices.programmes.length === 0 ? (
            <p>{w(l, 'new.none')}</p>
          ) : (
            <>
              <ErrorSummary errors={errors} title={w(l, 'error.invalid')} labels={labels(l)} anchors={{ sessions: 'f-session1' }} />
              <Form action={`/admin/organisations/${o.id}/proposte`} csrf={props.ctx.csrf}>
                <ProposalFields l={l} choices={props.choices} values={props.values ?? {}} errors={errors} withProgramme />
                <SubmitButton label={w(l, 'submit')} />
              </Form>
            </>
          )}
        </>
      ) : null}
    </TitledPage>
  );
}

/** One proposal: what was proposed, the partner's correction form while it may be changed, staff's decision forms while it waits. */
export function ProposalPage(
  props: FormPageProps & {
    proposal: ProposalView;
    /** The page is seen from: the partner's side (may correct), the programme's staff (may decide). */
    canEdit: boolean;
    canDecide: boolean;
    back: string;
    choices: ProposalChoices;
    notice?: string;
  },
): VNode {
  const { l, e: errors } = formPage(props);
  const p = props.proposal;
  return (
    <TitledPage
      ctx={props.ctx}
      heading={p.title}
      crumbs={staffCrumbs(l, null, { href: props.back, label: w(l, 'title') }, { label: p.title })}
      back={{ href: props.back, label: w(l, 'back') }}
    >
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <p>
        <span class="badge bg-secondary">{w(l, `status.${p.status}`)}</span>
      </p>
      <p>{w(l, 'by', { partner: p.partner.name, programme: p.programme.name, organisation: p.organisation.name })}</p>
      <p>
        {p.venue.name} · {w(l, 'seats', { n: p.capacity })}
      </p>
      {p.description ? <p>{p.description}</p> : null}
      {p.audiences.length > 0 ? <p>{p.audiences.map((a) => label(AUDIENCE_LABELS, a, l)).join(', ')}</p> : null}
      <ul>
        {p.sessions.map((s) => (
          <li>{when(s.start, l)}</li>
        ))}
      </ul>
      {p.comment ? <p>{w(l, 'comment', { comment: p.comment })}</p> : null}
      {p.event ? (
        <p>
          <a href={`/eventi/${p.event}`}>{w(l, 'event')}</a>
        </p>
      ) : null}
      {props.canDecide && p.status === 'submitted' ? (
        <section>
          <h2>{w(l, 'decide')}</h2>
          <ErrorSummary errors={errors} title={w(l, 'error.invalid')} labels={labels(l)} />
          <Form action={`/admin/proposte/${p.id}/decisione`} csrf={props.ctx.csrf}>
            <TextArea
              name="comment"
              label={w(l, 'field.comment')}
              hint={w(l, 'field.comment.hint')}
              value={one(props.values?.comment)}
              error={errors.comment}
              maxLength={2000}
            />
            <div class="d-flex flex-wrap gap-2">
              <ChoiceButtons
                name="action"
                choices={[
                  { value: 'approve', label: w(l, 'approve'), class: 'btn btn-primary' },
                  { value: 'return', label: w(l, 'return'), class: 'btn btn-outline-primary' },
                  { value: 'decline', label: w(l, 'decline'), class: 'btn btn-outline-danger' },
                ]}
              />
            </div>
          </Form>
        </section>
      ) : null}
      {props.canEdit && (p.status === 'returned' || p.status === 'submitted') ? (
        <section>
          <h2>{w(l, 'edit')}</h2>
          <ErrorSummary errors={errors} title={w(l, 'error.invalid')} labels={labels(l)} anchors={{ sessions: 'f-session1' }} />
          <Form action={`/admin/proposte/${p.id}`} csrf={props.ctx.csrf}>
            <ProposalFields l={l} choices={props.choices} values={props.values ?? {}} errors={errors} withProgramme={false} />
            <SubmitButton label={w(l, 'resubmit')} />
          </Form>
        </section>
      ) : null}
    </TitledPage>
  );
}
