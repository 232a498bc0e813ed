import type { VNode } from 'preact';
import { t } from '../../../core/i18n.js';
import { type FormPageProps, formPage } from '../../../web/components/form-page.js';
import { staffCrumbs } from '../../../web/components/staff-crumbs.js';
import { TitledPage } from '../../../web/components/titled-page.js';
import { ErrorSummary, Form, Notice, SelectField, TextField } from '../../../web/forms.js';
import { one, ShiftNeedFields, shaped } from '../views-staff.js';

export interface GenerationSources {
  desks: { id: string; name: string }[];
  events: { id: string; title: string; start: string }[];
}

/** Staff's form that generates shifts from a desk's openings or an event's sessions. */
export function GenerateShiftsPage(
  props: FormPageProps & {
    organisation: { id: string; name: string };
    sources: GenerationSources;
    done?: { created: number; skipped: number };
  },
): VNode {
  const { l, e: errors } = formPage(props);
  const o = props.organisation;
  const v = props.values ?? {};
  const w = (k: string, vars?: Record<string, string | number>) => t(l, `volunteers.generate.${k}`, vars);
  const title = w('title');
  const options = [
    ...props.sources.desks.map((d) => ({ value: `desk:${d.id}`, label: w('field.source.desk', { name: d.name }) })),
    ...props.sources.events.map((e) => ({ value: `event:${e.id}`, label: w('field.source.event', { name: e.title }) })),
  ];
  return (
    <TitledPage
      ctx={props.ctx}
      heading={title}
      title={`${title} · ${o.name}`}
      crumbs={staffCrumbs(l, o, { href: `/admin/organisations/${o.id}/turni`, label: t(l, 'volunteers.staff.title') }, { label: title })}
      back={{ href: `/admin/organisations/${o.id}/turni`, label: w('back') }}
    >
      <p>{w('intro')}</p>
      {props.done ? <Notice kind="success">{w('done', props.done)}</Notice> : null}
      {options.length === 0 ? (
        <p>{w('noSources')}</p>
      ) : (
        <>
          <ErrorSummary
            errors={errors}
            title={t(l, 'volunteers.apply.errors')}
            labels={{
              source: w('field.source'),
              desk: w('field.source'),
              event: w('field.source'),
              role: w('field.role'),
              from: w('field.from'),
              to: w('field.to'),
              needed: w('field.needed'),
            }}
            anchors={{ desk: 'f-source', event: 'f-source' }}
          />
          <Form action={`/admin/organisations/${o.id}/turni/genera`} csrf={props.ctx.csrf}>
            <SelectField
              name="source"
              label={w('field.source')}
              value={one(v.source)}
              options={options}
              error={errors.source ?? errors.desk ?? errors.event}
              required
            />
            <TextField
              name="role"
              label={w('field.role')}
              hint={w('field.role.hint')}
              value={one(v.role)}
              error={errors.role}
              required
              maxLength={120}
            />
            <TextField
              name="from"
              type="date"
              label={w('field.from')}
              hint={w('field.range.hint')}
              value={shaped(v.from, /^\d{4}-\d{2}-\d{2}$/)}
              error={errors.from}
            />
            <TextField name="to" type="date" label={w('field.to')} value={shaped(v.to, /^\d{4}-\d{2}-\d{2}$/)} error={errors.to} />
            <ShiftNeedFields l={l} w={w} values={v} errors={errors} needed="1" submit={w('submit')} />
          </Form>
        </>
      )}
    </TitledPage>
  );
}
