import type { VNode } from 'preact';
import { type Lang, t } from '../../core/i18n.js';
import { formatRome } from '../../core/time.js';
import { CheckboxGroup } from '../../web/components/field-list.js';
import { type FormPageProps, formPage } from '../../web/components/form-page.js';
import { ButtonForm, FormBlock } from '../../web/components/form-section.js';
import { type FormBody, Notice, SelectField, TextField } from '../../web/forms.js';
import { Layout } from '../../web/layout.js';
import { COMMITMENT_PERIODS, type CommitmentView } from './commitments.js';

const one = (v: FormBody[string]) => (Array.isArray(v) ? v[0] : v) ?? '';
const w = (l: Lang, k: string, vars?: Record<string, string | number>) => t(l, `organisations.commitments.${k}`, vars);

/** The table's columns, each headed by its word `col.<key>` (the column that removes a row is added for editors). */
const COLUMNS = ['partner', 'venues', 'hours', 'hoursDone', 'volunteers', 'volunteersDone', 'events'];

/** An agreement's commitments: the table of promised against fulfilled, and the form to add one. */
export function CommitmentsPage(
  props: FormPageProps & {
    agreement: { id: string; title: string; organisation: string };
    commitments: CommitmentView[];
    partners: { id: string; name: string }[];
    venues: { id: string; name: string }[];
    canEdit: boolean;
    saved?: boolean;
  },
): VNode {
  const { l, e: errors } = formPage(props);
  const a = props.agreement;
  const v = props.values ?? {};
  /** A required whole number of at most `digits` digits; what was typed comes back only when it is one. */
  const countField = (name: 'hours' | 'volunteers', digits: number) => {
    const typed = one(v[name]);
    return (
      <TextField
        name={name}
        type="number"
        min={0}
        label={w(l, `field.${name}`)}
        value={new RegExp(`^\\d{1,${digits}}$`).test(typed) ? typed : ''}
        error={errors[name]}
        required
      />
    );
  };
  return (
    <Layout
      ctx={props.ctx}
      title={`${w(l, 'title')} · ${a.title}`}
      crumbs={[
        { href: '/admin', label: t(l, 'nav.backoffice') },
        { href: `/admin/organisations/${a.organisation}/agreements`, label: a.title },
        { label: w(l, 'title') },
      ]}
    >
      <h1>{w(l, 'title')}</h1>
      <p>{w(l, 'intro')}</p>
      {props.saved ? <Notice kind="success">{w(l, 'saved')}</Notice> : null}
      {props.commitments.length === 0 ? (
        <p>{w(l, 'none')}</p>
      ) : (
        <div class="table-responsive">
          <table class="table">
            <caption>{w(l, 'caption')}</caption>
            <thead>
              <tr>
                {COLUMNS.map((k) => (
                  <th scope="col">{w(l, `col.${k}`)}</th>
                ))}
                {props.canEdit ? <th scope="col">{w(l, 'col.remove')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {props.commitments.map((c) => (
                <tr>
                  <th scope="row">{c.partner.name}</th>
                  <td>{c.venues.map((x) => x.name).join(', ')}</td>
                  <td>
                    {w(l, 'hours', { hours: c.committed.hours, perPeriod: c.committed.hoursPerPeriod, period: w(l, `period.${c.period}`) })}
                  </td>
                  <td>{w(l, 'hoursDone', { hours: c.fulfilled.hours, events: c.fulfilled.eventHours, shifts: c.fulfilled.shiftHours })}</td>
                  <td>{c.committed.volunteers}</td>
                  <td>{c.fulfilled.volunteers}</td>
                  <td>
                    <ul class="list-unstyled mb-0">
                      {c.fulfilled.events.map((e) => (
                        <li>
                          {e.title}, {formatRome(e.start, l)} ({e.venue})
                        </li>
                      ))}
                    </ul>
                  </td>
                  {props.canEdit ? (
                    <td>
                      <ButtonForm
                        action={`/admin/agreements/${a.id}/impegni/${c.id}/rimuovi`}
                        csrf={props.ctx.csrf}
                        label={w(l, 'remove', { partner: c.partner.name })}
                        class="btn btn-sm btn-outline-danger"
                      />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.canEdit && props.partners.length > 0 ? (
        <>
          <h2>{w(l, 'new')}</h2>
          <FormBlock
            ctx={props.ctx}
            errors={errors}
            title={w(l, 'error.invalid')}
            labels={{
              partner: w(l, 'field.partner'),
              venues: w(l, 'field.venues'),
              hours: w(l, 'field.hours'),
              period: w(l, 'field.period'),
              volunteers: w(l, 'field.volunteers'),
            }}
            action={`/admin/agreements/${a.id}/impegni`}
            submit={w(l, 'submit')}
            width={false}
          >
            <SelectField
              name="partner"
              label={w(l, 'field.partner')}
              value={one(v.partner)}
              placeholder={w(l, 'field.choose')}
              options={props.partners.map((p) => ({ value: p.id, label: p.name }))}
              error={errors.partner}
              required
            />
            <CheckboxGroup
              name="venues"
              legend={w(l, 'field.venues')}
              values={v}
              errors={errors}
              options={props.venues.map((x) => ({ value: x.id, label: x.name }))}
            />
            {countField('hours', 6)}
            <SelectField
              name="period"
              label={w(l, 'field.period')}
              value={one(v.period) || 'month'}
              options={COMMITMENT_PERIODS.map((p) => ({ value: p, label: w(l, `period.${p}`) }))}
              error={errors.period}
              required
            />
            {countField('volunteers', 5)}
          </FormBlock>
        </>
      ) : null}
    </Layout>
  );
}
