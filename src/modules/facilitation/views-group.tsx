import type { VNode } from 'preact';
import { type Lang, t } from '../../core/i18n.js';
import { formatDate } from '../../core/time.js';
import { ErrorSummary, type Errors, Form, SelectField, TextArea, TextField } from '../../web/forms.js';
import { Layout, type PageContext } from '../../web/layout.js';
import { KINDS, SERVICES } from './codes.js';
import type { EventGroupContext } from './group-from-event.js';
import { Choices, Competences, type FormBody, type FormChoices, val, vals } from './views.js';

const LABELS = (l: Lang): Record<string, string> => ({
  session: 'Incontro',
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
  const open = sessions.filter((s) => s.started && !s.recorded && s.people.length > 0);
  const title = 'Registra la formazione di gruppo';
  return (
    <Layout
      ctx={props.ctx}
      title={`${title} – ${event.title}`}
      head={<link rel="stylesheet" href="/facilitazioni/stile.css" />}
      crumbs={[
        { href: '/admin', label: t(l, 'nav.backoffice') },
        { href: `/admin/events/${event.id}`, label: event.title },
        { label: title },
      ]}
    >
      <h1>{title}</h1>
      <p class="lead">
        {event.title}: un servizio di facilitazione per ogni persona presente, con le presenze registrate all’ingresso. Nomi e contatti non
        passano nei servizi: restano solo la fascia d’età, dove nota, e il numero di persone.
      </p>
      {props.recorded !== null ? (
        <div class="alert alert-success" role="status">
          Registrati {props.recorded} servizi di formazione di gruppo.
        </div>
      ) : null}
      {e._ ? (
        <div class="alert alert-danger" role="alert">
          {e._}
        </div>
      ) : null}
      <ErrorSummary errors={e} title="Correggi questi campi:" labels={LABELS(l)} />
      <table class="table">
        <caption>Presenze per incontro</caption>
        <thead>
          <tr>
            <th scope="col">Incontro</th>
            <th scope="col">Presenti</th>
            <th scope="col">Servizi</th>
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
                {s.recorded ? 'già registrati' : !s.started ? 'incontro non ancora iniziato' : s.people.length ? 'da registrare' : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open.length === 0 ? (
        <p>
          Non ci sono incontri da registrare. Le presenze si segnano dalla pagina{' '}
          <a href={`/admin/events/${event.id}/ingresso`}>Ingresso</a>.
        </p>
      ) : (
        <Form action={`/admin/events/${event.id}/formazione-di-gruppo`} csrf={props.ctx.csrf}>
          <Choices
            name="session"
            type="radio"
            legend="Incontro da registrare"
            list={Object.fromEntries(open.map((s) => [s.id, `${s.number}. ${formatDate(s.date, l)} – ${s.people.length} presenti`]))}
            chosen={[val(v, 'session') || open[0].id]}
            error={e.session}
          />
          <SelectField
            name="programme"
            label={t(l, 'fac.programme')}
            required
            value={val(v, 'programme')}
            error={e.programme}
            placeholder="Scegli il programma"
            options={props.choices.programmes.map((p) => ({ value: p.id, label: `${p.name} (${p.organisation})` }))}
          />
          <SelectField
            name="venue"
            label={t(l, 'fac.venue')}
            required
            value={val(v, 'venue')}
            error={e.venue}
            placeholder="Scegli la sede"
            options={props.choices.venueGroups.flatMap((g) =>
              g.venues.map((x) => ({ value: x.id, label: `${x.name} (${g.organisation})` })),
            )}
          />
          <TextField
            name="duration"
            label={t(l, 'fac.duration')}
            required
            value={val(v, 'duration')}
            error={e.duration}
            inputMode="numeric"
            hint="La durata dell’incontro, ad esempio 02:00."
          />
          <Choices name="kinds" legend={t(l, 'fac.kinds')} list={KINDS} chosen={vals(v, 'kinds')} error={e.kinds} />
          <Competences chosen={vals(v, 'competences')} error={e.competences} l={l} />
          <Choices name="services" legend={t(l, 'fac.services')} list={SERVICES} chosen={vals(v, 'services')} error={e.services} columns />
          <TextArea name="details" label={t(l, 'fac.details')} value={val(v, 'details')} error={e.details} maxLength={600} rows={3} />
          <button type="submit" class="btn btn-primary">
            Registra i servizi
          </button>
        </Form>
      )}
    </Layout>
  );
}
