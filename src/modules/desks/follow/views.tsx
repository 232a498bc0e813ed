import type { VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { formatRome } from '../../../core/time.js';
import { type FormPageProps, formPage } from '../../../web/components/form-page.js';
import { ButtonForm, FormBlock } from '../../../web/components/form-section.js';
import { staffCrumbs } from '../../../web/components/staff-crumbs.js';
import { TitledPage } from '../../../web/components/titled-page.js';
import { CheckboxField, type FormBody, Notice, SelectField, TextField } from '../../../web/forms.js';
import type { FollowView } from './service.js';

const one = (v: FormBody[string]) => (Array.isArray(v) ? v[0] : v) ?? '';
const w = (l: Lang, k: string, vars?: Record<string, string | number>) => t(l, `desks.follow.${k}`, vars);

/** Staff's page that makes a desk follow an event: the event, the operators, the openings it gets. */
export function FollowPage(
  props: FormPageProps & {
    desk: { id: string; name: string };
    follow: FollowView;
    followedTitle: string | null;
    events: { id: string; title: string; start: string }[];
    done?: boolean;
  },
): VNode {
  const d = props.desk;
  const {
    l,
    v,
    e: errors,
  } = formPage(props, {
    event: props.follow.event ?? '',
    operators: String(props.follow.operators ?? 1),
    staff: props.follow.operators === 'staff' ? '1' : '',
  });
  return (
    <TitledPage
      ctx={props.ctx}
      heading={w(l, 'title')}
      title={`${w(l, 'title')} · ${d.name}`}
      crumbs={staffCrumbs(l, null, { href: `/admin/desks/${d.id}`, label: d.name }, { label: w(l, 'title') })}
      back={{ href: `/admin/desks/${d.id}`, label: w(l, 'back') }}
    >
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
          <ButtonForm
            action={`/admin/desks/${d.id}/segui`}
            csrf={props.ctx.csrf}
            hidden={{ action: 'stop' }}
            label={w(l, 'stop')}
            class="btn btn-outline-danger mb-4"
          />
        </>
      ) : (
        <p>{w(l, 'none')}</p>
      )}
      {props.events.length === 0 ? (
        <p>{w(l, 'noEvents')}</p>
      ) : (
        <FormBlock
          ctx={props.ctx}
          errors={errors}
          title={t(l, 'desks.follow.title')}
          labels={{ event: w(l, 'field.event'), eventId: w(l, 'field.event'), operators: w(l, 'field.operators') }}
          anchors={{ eventId: 'f-event' }}
          action={`/admin/desks/${d.id}/segui`}
          submit={w(l, 'submit')}
          width={false}
        >
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
        </FormBlock>
      )}
    </TitledPage>
  );
}
