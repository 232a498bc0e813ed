import type { VNode } from 'preact';
import { type Lang, t, tn } from '../../../core/i18n.js';
import { formatRome } from '../../../core/time.js';
import { boundFields } from '../../../web/components/bound-fields.js';
import { type FormPageProps, formPage, Honeypot as HiddenField, SubmitButton } from '../../../web/components/form-page.js';
import { Section } from '../../../web/components/section.js';
import { TitledPage } from '../../../web/components/titled-page.js';
import {
  CsrfField,
  ErrorSummary,
  type Errors,
  FieldMessages,
  Form,
  type FormBody,
  Notice,
  SelectField,
  TextArea,
  TextField,
} from '../../../web/forms.js';
import { contentLang, type PageContext } from '../../../web/layout.js';
import type { ProcessView } from '../processes/schemas.js';
import { PlainText } from '../processes/views.js';
import { type CommentView, PROPOSAL_STATES, type ProposalFilter, type ProposalView } from './schemas.js';
import type { ProposalPage } from './service.js';

/** Public pages of proposals: the list, a proposal with its supports and comments, the forms. */

const one = (v: FormBody[string]) => (Array.isArray(v) ? v[0] : v) ?? '';
const crumbsOf = (l: Lang, p: ProcessView, last: string) => [
  { href: '/', label: t(l, 'nav.home') },
  { href: '/partecipa', label: t(l, 'participation.list.title') },
  { href: `/partecipa/processi/${p.id}`, label: p.title },
  { label: last },
];

/** The field people do not see and bots fill in (hidden from everyone, reached by no key). */
export function Honeypot(props: { lang: Lang; idPrefix?: string }): VNode {
  return <HiddenField label={t(props.lang, 'participation.form.honeypot')} idPrefix={props.idPrefix} />;
}

function StateLine(props: { p: ProposalView; lang: Lang; titles?: Map<string, string> }): VNode | null {
  const { p, lang: l } = props;
  if (!p.state && !p.assembly) return null;
  return (
    <p class="mb-1">
      {p.state ? <strong>{t(l, `participation.state.${p.state}`)}</strong> : null}
      {p.state && p.assembly ? ' · ' : null}
      {p.assembly ? <strong>{t(l, 'participation.proposal.assembly')}</strong> : null}
      {p.state === 'merged' && p.mergedInto ? (
        <>
          {' — '}
          <a href={`/partecipa/proposte/${p.mergedInto}`}>{props.titles?.get(p.mergedInto) ?? t(l, 'participation.proposal.mergedLink')}</a>
        </>
      ) : null}
    </p>
  );
}

function ProposalItem(props: { p: ProposalView; lang: Lang; names: Map<string, string> }): VNode {
  const { p, lang: l } = props;
  return (
    <li class="mb-4">
      <h2 class="h5 mb-1">
        <a href={`/partecipa/proposte/${p.id}`} lang={contentLang(l)}>
          {p.title}
        </a>
      </h2>
      <p class="mb-1">
        {props.names.get(p.municipality) ?? p.municipality} · <span lang={contentLang(l)}>{p.category}</span> ·{' '}
        {tn(l, 'participation.proposal.supports', p.supports)} · {tn(l, 'participation.proposal.comments', p.comments)}
      </p>
      <StateLine p={p} lang={l} />
    </li>
  );
}

function pageHref(processId: string, filter: ProposalFilter, page: number): string {
  const q = new URLSearchParams();
  for (const k of ['municipality', 'category', 'state', 'sort'] as const) if (filter[k]) q.set(k, String(filter[k]));
  q.set('page', String(page));
  return `/partecipa/processi/${processId}/proposte?${q.toString()}`;
}

export function ProposalListPage(props: {
  ctx: PageContext;
  process: ProcessView;
  names: Map<string, string>;
  filter: ProposalFilter;
  list: ProposalPage;
}): VNode {
  const l = props.ctx.lang;
  const { process: p, filter, list } = props;
  const title = t(l, 'participation.proposals.title');
  return (
    <TitledPage ctx={props.ctx} heading={title} title={`${title} · ${p.title}`} crumbs={crumbsOf(l, p, title)}>
      <p class="lead" lang={contentLang(l)}>
        {p.title}
      </p>
      {p.status === 'published' ? (
        <p>
          <a class="btn btn-primary" href={`/partecipa/processi/${p.id}/proposte/nuova`}>
            {t(l, 'participation.proposals.new')}
          </a>
        </p>
      ) : null}
      <Form action={`/partecipa/processi/${p.id}/proposte`} method="get" class="ponte-filters">
        <SelectField
          name="municipality"
          label={t(l, 'participation.proposal.municipality')}
          value={filter.municipality ?? ''}
          placeholder={t(l, 'participation.filter.all')}
          options={p.municipalities.map((c) => ({ value: c, label: props.names.get(c) ?? c }))}
        />
        <SelectField
          name="category"
          label={t(l, 'participation.proposal.category')}
          value={filter.category ?? ''}
          placeholder={t(l, 'participation.filter.all')}
          options={p.categories.map((c) => ({ value: c, label: c }))}
        />
        <SelectField
          name="state"
          label={t(l, 'participation.filter.state')}
          value={filter.state ?? ''}
          placeholder={t(l, 'participation.filter.all')}
          options={[...(p.supportThreshold > 0 ? ['assembly'] : []), 'open', ...PROPOSAL_STATES].map((s) => ({
            value: s,
            label: t(l, s === 'assembly' ? 'participation.proposal.assembly' : `participation.state.${s}`),
          }))}
        />
        <SelectField
          name="sort"
          label={t(l, 'participation.filter.sort')}
          value={filter.sort || 'supports'}
          options={['supports', 'newest'].map((s) => ({ value: s, label: t(l, `participation.sort.${s}`) }))}
        />
        <SubmitButton label={t(l, 'participation.filter.apply')} class="btn btn-outline-primary mb-3" />
      </Form>
      <p role="status">{tn(l, 'participation.proposals.count', list.total)}</p>
      <ul class="list-unstyled">
        {list.items.map((x) => (
          <ProposalItem p={x} lang={l} names={props.names} />
        ))}
      </ul>
      {list.pages > 1 ? (
        <nav aria-label={t(l, 'participation.pages')}>
          <ul class="pagination">
            {list.page > 1 ? (
              <li class="page-item">
                <a class="page-link" href={pageHref(p.id, filter, list.page - 1)}>
                  {t(l, 'participation.pages.previous')}
                </a>
              </li>
            ) : null}
            <li class="page-item">
              <span class="page-link" aria-current="page">
                {t(l, 'participation.pages.of', { page: list.page, pages: list.pages })}
              </span>
            </li>
            {list.page < list.pages ? (
              <li class="page-item">
                <a class="page-link" href={pageHref(p.id, filter, list.page + 1)}>
                  {t(l, 'participation.pages.next')}
                </a>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </TitledPage>
  );
}

/** The proposal form: title, text, comune, category, optional image and signature, the e-mail to confirm. */
export function NewProposalPage(
  props: FormPageProps & {
    process: ProcessView;
    names: Map<string, string>;
  },
): VNode {
  const { l, e, v } = formPage(props);
  const p = props.process;
  const label = (k: string) => t(l, `participation.proposal.${k}`);
  const f = boundFields({ values: v, errors: e, label });
  const title = t(l, 'participation.proposals.new');
  return (
    <TitledPage ctx={props.ctx} heading={title} title={`${title} · ${p.title}`} crumbs={crumbsOf(l, p, title)}>
      <p>{t(l, 'participation.proposals.newLead')}</p>
      <ErrorSummary
        errors={e}
        title={t(l, 'participation.form.errors')}
        labels={Object.fromEntries(
          ['title', 'body', 'municipality', 'category', 'image', 'name', 'email', 'website'].map((k) => [k, label(k)]),
        )}
      />
      <form method="post" action={`/partecipa/processi/${p.id}/proposte`} encType="multipart/form-data" noValidate>
        <CsrfField token={props.ctx.csrf} />
        <f.Text name="title" required maxLength={150} hint={t(l, 'participation.form.max', { n: 150 })} />
        <f.Area name="body" required rows={8} maxLength={5000} hint={t(l, 'participation.form.max', { n: 5000 })} />
        <f.Select
          name="municipality"
          required
          placeholder={t(l, 'participation.form.choose')}
          options={p.municipalities.map((c) => ({ value: c, label: props.names.get(c) ?? c }))}
        />
        <f.Select
          name="category"
          required
          placeholder={t(l, 'participation.form.choose')}
          options={p.categories.map((c) => ({ value: c, label: c }))}
        />
        <div class="mb-3 ponte-field">
          <label class="form-label" for="f-image">
            {label('image')}
          </label>
          <input
            class={`form-control${e.image ? ' is-invalid' : ''}`}
            id="f-image"
            name="image"
            type="file"
            accept="image/jpeg,image/png"
            aria-describedby={e.image ? 'h-image e-image' : 'h-image'}
            aria-invalid={e.image ? 'true' : undefined}
          />
          <FieldMessages name="image" hint={label('image.hint')} error={e.image} />
        </div>
        <f.Text name="name" hint={label('name.hint')} maxLength={80} autocomplete="name" />
        <f.Text name="email" type="email" hint={label('email.hint')} required maxLength={254} autocomplete="email" />
        <Honeypot lang={l} />
        <SubmitButton label={t(l, 'participation.proposals.send')} />
      </form>
    </TitledPage>
  );
}

/** "Check your e-mail": after a proposal, a support or a comment. */
export function CheckMailPage(props: {
  ctx: PageContext;
  process: ProcessView;
  what: 'proposal' | 'support' | 'comment';
  back: string;
}): VNode {
  const l = props.ctx.lang;
  const title = t(l, 'participation.checkMail.title');
  return (
    <TitledPage ctx={props.ctx} heading={title} crumbs={crumbsOf(l, props.process, title)}>
      <Notice kind="success">{t(l, `participation.checkMail.${props.what}`)}</Notice>
      <p>{t(l, 'participation.checkMail.expiry')}</p>
      <p>
        <a href={props.back}>{t(l, 'participation.back')}</a>
      </p>
    </TitledPage>
  );
}

function CommentBlock(props: { c: CommentView; lang: Lang }): VNode {
  const { c, lang: l } = props;
  return (
    <article class="ponte-comment" id={`commento-${c.id}`}>
      <p class="mb-1">
        <strong>{c.author}</strong> · {formatRome(c.createdAt, l, 'd LLLL yyyy')}
      </p>
      {c.hiddenReason ? (
        <p class="fst-italic">{t(l, 'participation.comment.hidden', { reason: c.hiddenReason })}</p>
      ) : (
        <PlainText text={c.body} lang={l} />
      )}
    </article>
  );
}

function CommentForm(props: { ctx: PageContext; proposalId: string; parent?: string; values?: FormBody; errors?: Errors }): VNode {
  const l = props.ctx.lang;
  const e = props.errors ?? {};
  const v = props.values ?? {};
  const prefix = props.parent ? `r${props.parent.slice(-8)}-` : 'c-';
  return (
    <Form action={`/partecipa/proposte/${props.proposalId}/commenti`} csrf={props.ctx.csrf}>
      {props.parent ? <input type="hidden" name="parent" value={props.parent} /> : null}
      <TextArea
        idPrefix={prefix}
        name="body"
        label={t(l, props.parent ? 'participation.comment.reply' : 'participation.comment.body')}
        value={one(v.body)}
        error={e.body}
        required
        rows={3}
        maxLength={2000}
      />
      <TextField
        idPrefix={prefix}
        name="name"
        label={t(l, 'participation.proposal.name')}
        value={one(v.name)}
        error={e.name}
        maxLength={80}
        autocomplete="name"
      />
      <TextField
        idPrefix={prefix}
        name="email"
        type="email"
        label={t(l, 'participation.proposal.email')}
        value={one(v.email)}
        error={e.email}
        required
        maxLength={254}
        autocomplete="email"
      />
      <Honeypot lang={l} idPrefix={prefix} />
      <SubmitButton
        label={t(l, props.parent ? 'participation.comment.sendReply' : 'participation.comment.send')}
        class="btn btn-outline-primary"
      />
    </Form>
  );
}

export interface ProposalPageProps {
  ctx: PageContext;
  process: ProcessView;
  proposal: ProposalView;
  names: Map<string, string>;
  titles: Map<string, string>;
  comments: (CommentView & { replies: CommentView[] })[];
  /** Errors of the support form or of a comment form (`form` says which), when a submit was refused. */
  form?: { which: 'support' | 'comment'; parent?: string; values: FormBody; errors: Errors };
}

export function ProposalDetailPage(props: ProposalPageProps): VNode {
  const l = props.ctx.lang;
  const { proposal: p, process } = props;
  const open = process.status === 'published' && p.status === 'published';
  const f = props.form;
  const errorsOf = (which: 'support' | 'comment', parent?: string) => (f && f.which === which && f.parent === parent ? f : undefined);
  return (
    <TitledPage ctx={props.ctx} heading={p.title} crumbs={crumbsOf(l, process, p.title)} headingLang={contentLang(l)}>
      <p class="mb-1">
        {t(l, 'participation.proposal.by', { author: p.author })} · {formatRome(p.createdAt, l, 'd LLLL yyyy')}
      </p>
      <p>
        {props.names.get(p.municipality) ?? p.municipality} · <span lang={contentLang(l)}>{p.category}</span>
      </p>
      <StateLine p={p} lang={l} titles={props.titles} />
      {p.status === 'hidden' ? (
        <Notice kind="warning">{t(l, 'participation.proposal.hidden', { reason: p.hiddenReason ?? '' })}</Notice>
      ) : (
        <>
          {p.image ? <img class="img-fluid mb-3" src={p.image} alt={t(l, 'participation.proposal.imageAlt', { title: p.title })} /> : null}
          <PlainText text={p.body} lang={l} />
        </>
      )}
      {p.stateReason ? (
        <p>
          <strong>{t(l, 'participation.proposal.reason')}</strong> {p.stateReason}
        </p>
      ) : null}
      {p.answer ? (
        <Section id="risposta" heading={t(l, 'participation.proposal.answer')} headingClass="">
          <PlainText text={p.answer} lang={l} />
        </Section>
      ) : null}
      <Section id="sostegni" heading={tn(l, 'participation.proposal.supports', p.supports)} headingClass="">
        {open ? (
          <>
            <ErrorSummary errors={errorsOf('support')?.errors ?? {}} title={t(l, 'participation.form.errors')} idPrefix="s-" />
            <Form action={`/partecipa/proposte/${p.id}/sostegni`} csrf={props.ctx.csrf}>
              <TextField
                idPrefix="s-"
                name="email"
                type="email"
                label={t(l, 'participation.support.email')}
                hint={t(l, 'participation.support.hint')}
                value={one(errorsOf('support')?.values.email)}
                error={errorsOf('support')?.errors.email}
                required
                maxLength={254}
                autocomplete="email"
              />
              <Honeypot lang={l} idPrefix="s-" />
              <SubmitButton label={t(l, 'participation.support.send')} />
            </Form>
          </>
        ) : null}
      </Section>
      <Section id="commenti" heading={tn(l, 'participation.proposal.comments', p.comments)} headingClass="">
        {props.comments.map((c) => (
          <div class="mb-4">
            <CommentBlock c={c} lang={l} />
            <div class="ms-4">
              {c.replies.map((r) => (
                <CommentBlock c={r} lang={l} />
              ))}
              {open && !c.hiddenReason ? (
                <details open={!!errorsOf('comment', c.id)}>
                  <summary>{t(l, 'participation.comment.replyTo')}</summary>
                  <CommentForm
                    ctx={props.ctx}
                    proposalId={p.id}
                    parent={c.id}
                    values={errorsOf('comment', c.id)?.values}
                    errors={errorsOf('comment', c.id)?.errors}
                  />
                </details>
              ) : null}
            </div>
          </div>
        ))}
        {open ? (
          <>
            <h3 class="h5">{t(l, 'participation.comment.new')}</h3>
            <ErrorSummary errors={errorsOf('comment')?.errors ?? {}} title={t(l, 'participation.form.errors')} idPrefix="c-" />
            <CommentForm ctx={props.ctx} proposalId={p.id} values={errorsOf('comment')?.values} errors={errorsOf('comment')?.errors} />
          </>
        ) : null}
      </Section>
    </TitledPage>
  );
}
