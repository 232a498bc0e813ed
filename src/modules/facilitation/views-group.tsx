import type { VNode } from 'preact';
import { type Lang, t } from '../../core/i18n.js';
import { formatDate } from '../../core/time.js';
import { boundFields } from '../../web/components/bound-fields.js';
import { SubmitButton } from '../../web/components/form-page.js';
import { staffCrumbs } from '../../web/components/staff-crumbs.js';
import { TitledPage } from '../../web/components/titled-page.js';
import { ErrorSummary, type Errors, Form, FormProblem, Notice } from '../../web/forms.js';
import type { PageContext } from '../../web/layout.js';
import { KINDS, SERVICES } from './codes.js';
import type { EventGroupContext } from './group-from-event.js';
import { boundChoices, Choices, Competences, type FormBody, type FormChoices, STYLES, val, vals } from './views.js';

const LABELS = (l: Lang): Record<string, string> => ({
  session: t(l, 'grp.session'),
  programme: t(l, 'fac.programme'),
  venue: t(l, 'fac.venue'),
  duration: t(l, 'fac.duration'),
  kinds: t(l, 'fac.kinds'),
  competences: t(l, 'fac.competences'),
  services: t(l, 'fac.services'),
  details: t(l, 'fac.details'),
});

/** Group training from an event's attendance: one record per person checked in at the chosen session. */
export function EventGroupPage(props: {
  ctx: PageContext;
  context: EventGroupContext;
  choices: FormChoices;
  values: FormBody;
  errors: Errors;
  recorded: number | null;
}): VNode {
  const l = props.ctx.lang;
  const { event, sessions } = props.context;
  const v = props.values;
  const e = props.errors;
  const form = { values: v, errors: e, label: (name: string) => LABELS(l)[name] };
  const f = boundFields(form);
  const Choice = boundChoices(form);
  const open = sessions.filter((s) => s.started && !s.recorded && s.people.length > 0);
  const title = t(l, 'grp.title');
  return (
    <TitledPage
      ctx={props.ctx}
      heading={title}
      title={`${title} – ${event.title}`}
      crumbs={staffCrumbs(l, null, { href: `/admin/events/${event.id}`, label: event.title }, { label: title })}
      head={STYLES}
    >
      <p class="lead">
        {event.title}: {t(l, 'grp.lead')}
      </p>
      {props.recorded !== null ? <Notice kind="success">{t(l, 'grp.recorded', { n: props.recorded })}</Notice> : null}
      <FormProblem errors={e} />
      <ErrorSummary errors={e} title={t(l, 'grp.errors')} labels={LABELS(l)} />
      <table class="table">
        <caption>{t(l, 'grp.attendance')}</caption>
        <thead>
          <tr>
            {['session', 'present', 'services'].map((k) => (
              <th scope="col">{t(l, `grp.${k}`)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr>
              <th scope="row">
                {s.number}. {formatDate(s.date, l)}
              </th>
              <td>{s.people.length}</td>
              <td>
                {s.recorded
                  ? t(l, 'grp.status.recorded')
                  : !s.started
                    ? t(l, 'grp.status.notStarted')
                    : s.people.length
                      ? t(l, 'grp.status.toRecord')
                      : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open.length === 0 ? (
        <p>
          {t(l, 'grp.none')} <a href={`/admin/events/${event.id}/ingresso`}>{t(l, 'grp.door')}</a>.
        </p>
      ) : (
        <Form action={`/admin/events/${event.id}/formazione-di-gruppo`} csrf={props.ctx.csrf}>
          <Choices
            name="session"
            type="radio"
            legend={t(l, 'grp.choose')}
            list={Object.fromEntries(
              open.map((s) => [s.id, `${s.number}. ${formatDate(s.date, l)} – ${t(l, 'grp.presentCount', { n: s.people.length })}`]),
            )}
            chosen={[val(v, 'session') || open[0].id]}
            error={e.session}
          />
          <f.Select
            name="programme"
            required
            placeholder={t(l, 'grp.programme.choose')}
            options={props.choices.programmes.map((p) => ({ value: p.id, label: `${p.name} (${p.organisation})` }))}
          />
          <f.Select
            name="venue"
            required
            placeholder={t(l, 'grp.venue.choose')}
            options={props.choices.venueGroups.flatMap((g) =>
              g.venues.map((x) => ({ value: x.id, label: `${x.name} (${g.organisation})` })),
            )}
          />
          <f.Text name="duration" required inputMode="numeric" hint={t(l, 'grp.duration.hint')} />
          <Choice name="kinds" list={KINDS} />
          <Competences chosen={vals(v, 'competences')} error={e.competences} l={l} />
          <Choice name="services" list={SERVICES} columns />
          <f.Area name="details" maxLength={600} rows={3} />
          <SubmitButton label={t(l, 'grp.save')} />
        </Form>
      )}
    </TitledPage>
  );
}
