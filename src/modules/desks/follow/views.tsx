import type { VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { formatRome } from '../../../core/time.js';
import { CheckboxField, ErrorSummary, type Errors, Form, type FormBody, Notice, SelectField, TextField } from '../../../web/forms.js';
import { Layout, type PageContext } from '../../../web/layout.js';
import type { FollowView } from './service.js';

const one = (v: FormBody[string]) => (Array.isArray(v) ? v[0] : v) ?? '';
const w = (l: Lang, k: string, vars?: Record<string, string | number>) => t(l, `desks.follow.${k}`, vars);

/** Staff's page that makes a desk follow an event: the event, the operators, the openings it gets. */
export function FollowPage(props: {
  ctx: PageContext;
  desk: { id: string; name: string };
  follow: FollowView;
  followedTitle: string | null;
  events: { id: string; title: string; start: string }[];
  values?: FormBody;
  errors?: Errors;
  done?: boolean;
}): VNode {
  const l = props.ctx.lang;
  const d = props.desk;
  const errors = props.errors ?? {};
  const v = props.values ?? {
    event: props.follow.event ?? '',
    operators: String(props.follow.operators ?? 1),
    staff: props.follow.operators === 'staff' ? '1' : '',
  };
  return (
    <Layout
      ctx={props.ctx}
      title={`${w(l, 'title')} · ${d.name}`}
      crumbs={[
        { href: '/admin', label: t(l, 'nav.backoffice') },
        { href: `/admin/desks/${d.id}`, label: d.name },
        { label: w(l, 'title') },
      ]}
    >
      <h1>{w(l, 'title')}</h1>
      <p>{w(l, 'intro')}</p>
      {props.done ? <Notice kind="success">{w(l, 'done')}</Notice> : null}
      {props.follow.event && props.followedTitle ? (
        <>
          <p>{w(l, 'now', { title: props.followedTitle })}</p>
          <ul>
            {props.follow.openings.map(({ staff, ...o }) => (
              <li>
                {staff === undefined
                  ? w(l, 'opening', o)
                  : w(l, staff.length > 0 ? 'opening.staff' : 'opening.nostaff', { ...o, names: staff.join(', ') })}
              </li>
            ))}
          </ul>
          <Form action={`/admin/desks/${d.id}/segui`} csrf={props.ctx.csrf}>
            <input type="hidden" name="action" value="stop" />
            <button type="submit" class="btn btn-outline-danger mb-4">
              {w(l, 'stop')}
            </button>
          </Form>
        </>
      ) : (
        <p>{w(l, 'none')}</p>
      )}
      {props.events.length === 0 ? (
        <p>{w(l, 'noEvents')}</p>
      ) : (
        <>
          <ErrorSummary
            errors={errors}
            title={t(l, 'desks.follow.title')}
            labels={{ event: w(l, 'field.event'), eventId: w(l, 'field.event'), operators: w(l, 'field.operators') }}
            anchors={{ eventId: 'f-event' }}
          />
          <Form action={`/admin/desks/${d.id}/segui`} csrf={props.ctx.csrf}>
            <SelectField
              name="event"
              label={w(l, 'field.event')}
              value={one(v.event)}
              placeholder={w(l, 'field.choose')}
              options={props.events.map((e) => ({ value: e.id, label: `${e.title} (${formatRome(e.start, l)})` }))}
              error={errors.event ?? errors.eventId}
              required
            />
            <TextField
              name="operators"
              type="number"
              min={1}
              max={20}
              label={w(l, 'field.operators')}
              value={/^\d{1,2}$/.test(one(v.operators)) ? one(v.operators) : '1'}
              error={errors.operators}
              required
            />
            <CheckboxField name="staff" label={w(l, 'field.staff')} hint={w(l, 'field.staff.hint')} checked={one(v.staff) === '1'} />
            <button type="submit" class="btn btn-primary">
              {w(l, 'submit')}
            </button>
          </Form>
        </>
      )}
      <p class="mt-4">
        <a href={`/admin/desks/${d.id}`}>{w(l, 'back')}</a>
      </p>
    </Layout>
  );
}
