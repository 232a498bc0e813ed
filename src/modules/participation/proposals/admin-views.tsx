import type { VNode } from 'preact';
import { type Lang, t, tn } from '../../../core/i18n.js';
import { FieldList } from '../../../web/components/field-list.js';
import { type FormPageProps, formPage, SubmitButton } from '../../../web/components/form-page.js';
import { labelsOf } from '../../../web/components/labels.js';
import { TitledPage } from '../../../web/components/titled-page.js';
import { ErrorSummary, Form, Notice, TextArea } from '../../../web/forms.js';
import type { PageContext } from '../../../web/layout.js';
import { crumbs } from '../processes/admin-views.js';
import type { ProcessView } from '../processes/schemas.js';
import { PlainText } from '../processes/views.js';
import { type CommentView, PROPOSAL_STATES, type ProposalView } from './schemas.js';

/** Staff pages of proposals: every proposal of a process, and one with its answer, state and comments. */

type Org = { id: string; name: string };

export function ModerationListPage(props: { ctx: PageContext; organisation: Org; process: ProcessView; proposals: ProposalView[] }): VNode {
  const l = props.ctx.lang;
  const title = t(l, 'participation.admin.moderate');
  const back = [{ href: `/admin/processes/${props.process.id}`, label: props.process.title }];
  return (
    <TitledPage
      ctx={props.ctx}
      heading={title}
      title={`${title} · ${props.process.title}`}
      crumbs={crumbs(l, props.organisation, title, back)}
    >
      <p>{props.process.title}</p>
      {props.proposals.length === 0 ? <p>{t(l, 'participation.section.none')}</p> : null}
      <ul>
        {props.proposals.map((p) => (
          <li>
            <a href={`/admin/proposals/${p.id}`}>{p.title}</a> · {t(l, `participation.admin.status.${p.status}`)}
            {p.state ? ` · ${t(l, `participation.state.${p.state}`)}` : ''} · {tn(l, 'participation.proposal.supports', p.supports)}
          </li>
        ))}
      </ul>
    </TitledPage>
  );
}

/** The form that hides a proposal or a comment, with the reason shown in its place. */
function HideForm(props: {
  l: Lang;
  action: string;
  csrf?: string;
  idPrefix: string;
  error?: string;
  rows: number;
  submit: string;
  submitClass: string;
}): VNode {
  return (
    <Form action={props.action} csrf={props.csrf}>
      <TextArea
        idPrefix={props.idPrefix}
        name="reason"
        label={t(props.l, 'participation.admin.hideReason')}
        error={props.error}
        required
        rows={props.rows}
        maxLength={500}
      />
      <SubmitButton label={props.submit} class={props.submitClass} />
    </Form>
  );
}

export function ModerationPage(
  props: FormPageProps & {
    organisation: Org;
    process: ProcessView;
    proposal: ProposalView;
    others: ProposalView[];
    comments: (CommentView & { replies: CommentView[] })[];
    notice?: string;
  },
): VNode {
  const { l, e } = formPage(props);
  const p = props.proposal;
  const back = [
    { href: `/admin/processes/${props.process.id}`, label: props.process.title },
    { href: `/admin/processes/${props.process.id}/proposte`, label: t(l, 'participation.admin.moderate') },
  ];
  const all = props.comments.flatMap((c) => [c, ...c.replies]);
  const labelKeys: Record<string, string> = {
    state: 'participation.filter.state',
    reason: 'participation.proposal.reason',
    mergedInto: 'participation.admin.mergedInto',
    answer: 'participation.proposal.answer',
  };
  const label = (name: string) => t(l, labelKeys[name]);
  return (
    <TitledPage ctx={props.ctx} heading={p.title} crumbs={crumbs(l, props.organisation, p.title, back)}>
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <p>
        {t(l, `participation.admin.status.${p.status}`)} · {tn(l, 'participation.proposal.supports', p.supports)}
        {p.assembly ? ` · ${t(l, 'participation.proposal.assembly')}` : ''}
      </p>
      {p.status === 'published' ? (
        <p>
          <a href={`/partecipa/proposte/${p.id}`}>{t(l, 'participation.admin.publicPage')}</a>
        </p>
      ) : null}
      <PlainText text={p.body} lang={l} />
      <ErrorSummary
        errors={e}
        title={t(l, 'participation.form.errors')}
        labels={labelsOf(label, 'state', 'reason', 'mergedInto', 'answer')}
      />
      <h2>{t(l, 'participation.admin.answer')}</h2>
      <Form action={`/admin/proposals/${p.id}/risposta`} csrf={props.ctx.csrf}>
        <FieldList
          values={{ state: p.state ?? '', reason: p.stateReason ?? '', mergedInto: p.mergedInto ?? '', answer: p.answer ?? '' }}
          errors={e}
          label={label}
          fields={[
            {
              name: 'state',
              kind: 'select',
              placeholder: t(l, 'participation.admin.noState'),
              options: PROPOSAL_STATES.map((s) => ({ value: s, label: t(l, `participation.state.${s}`) })),
            },
            { name: 'reason', kind: 'area', hint: t(l, 'participation.admin.reason.hint'), rows: 2, maxLength: 2000 },
            {
              name: 'mergedInto',
              kind: 'select',
              placeholder: t(l, 'participation.admin.noMerge'),
              options: props.others.filter((o) => o.id !== p.id).map((o) => ({ value: o.id, label: o.title })),
            },
            { name: 'answer', kind: 'area', rows: 4, maxLength: 5000 },
          ]}
        />
        <SubmitButton label={t(l, 'participation.admin.save')} />
      </Form>
      {p.status !== 'hidden' ? (
        <>
          <h2>{t(l, 'participation.admin.hide')}</h2>
          <HideForm
            l={l}
            action={`/admin/proposals/${p.id}/nascondi`}
            csrf={props.ctx.csrf}
            idPrefix="h-"
            error={e.hide}
            rows={2}
            submit={t(l, 'participation.admin.hide')}
            submitClass="btn btn-outline-danger"
          />
        </>
      ) : (
        <p>{t(l, 'participation.proposal.hidden', { reason: p.hiddenReason ?? '' })}</p>
      )}
      <h2>{tn(l, 'participation.proposal.comments', all.length)}</h2>
      {all.map((c) => (
        <div class="ponte-card mb-3">
          <p class="mb-1">
            <strong>{c.author}</strong>
            {c.parent ? ` · ${t(l, 'participation.admin.reply')}` : ''}
          </p>
          {c.hiddenReason ? (
            <p>{t(l, 'participation.comment.hidden', { reason: c.hiddenReason })}</p>
          ) : (
            <>
              <PlainText text={c.body} lang={l} />
              <HideForm
                l={l}
                action={`/admin/comments/${c.id}/nascondi`}
                csrf={props.ctx.csrf}
                idPrefix={`c${c.id.slice(-8)}-`}
                rows={1}
                submit={t(l, 'participation.admin.hideComment')}
                submitClass="btn btn-outline-danger btn-sm"
              />
            </>
          )}
        </div>
      ))}
    </TitledPage>
  );
}
