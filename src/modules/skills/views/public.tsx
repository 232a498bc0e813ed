import type { VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { formatRome } from '../../../core/time.js';
import { type FormPageProps, formPage, SubmitButton } from '../../../web/components/form-page.js';
import { ButtonForm, FormSection } from '../../../web/components/form-section.js';
import { ErrorSummary, type Errors, Form, Notice, SelectField, TextField } from '../../../web/forms.js';
import type { PageContext } from '../../../web/layout.js';
import { AGE_BAND_NAMES, AGE_BANDS, AREA_NAMES, AREAS, type Area, MAX_LEVEL } from '../digcomp.js';
import { countKey } from '../messages.js';
import { VARIANT_SLUGS, type Variant } from '../schemas.js';
import type { AttemptState, BankItem, ResultView, Se5Code } from '../service.js';
import { levelChartSvg } from '../svg.js';
import { ColumnHeads, publicCrumbs, SkillsLayout, say, signed } from './common.js';

export function IntroPage(props: { ctx: PageContext; large: boolean; query: string }): VNode {
  const l = props.ctx.lang;
  const q = props.query ? `?${props.query}` : '';
  return (
    <SkillsLayout ctx={props.ctx} titled title={t(l, 'skills.title')} large={props.large} crumbs={publicCrumbs(l)}>
      <p class="lead">{t(l, 'skills.lead')}</p>
      <div class="ponte-skills-actions">
        <a class="btn btn-primary btn-lg" href={`/competenze/breve${q}`}>
          {t(l, 'skills.start.short')}
        </a>
        <a class="btn btn-outline-primary btn-lg" href={`/competenze/completo${q}`}>
          {t(l, 'skills.start.full')}
        </a>
      </div>
      <h2 class="h4">{t(l, 'skills.what')}</h2>
      <p>{t(l, 'skills.what.text')}</p>
      <ol>
        {AREAS.map((a) => (
          <li>{AREA_NAMES[a][l]}</li>
        ))}
      </ol>
      <h2 class="h4">{t(l, 'skills.how')}</h2>
      <ul>
        <li>{t(l, 'skills.how.1')}</li>
        <li>{t(l, 'skills.how.2')}</li>
        <li>{t(l, 'skills.how.3')}</li>
        <li>{t(l, 'skills.how.4')}</li>
      </ul>
    </SkillsLayout>
  );
}

export interface StartValues {
  municipality?: string;
  ageBand?: string;
}

export function StartPage(props: {
  ctx: PageContext;
  large: boolean;
  variant: Variant;
  hidden: Record<string, string>;
  event: { title: string; phase: string | null } | null;
  retake: boolean;
  values?: StartValues;
  errors?: Errors;
}): VNode {
  const l = props.ctx.lang;
  const errors = props.errors ?? {};
  const title = t(l, `skills.start.title.${props.variant}`);
  return (
    <SkillsLayout ctx={props.ctx} titled title={title} large={props.large} crumbs={publicCrumbs(l, title)}>
      <ErrorSummary
        errors={errors}
        title={t(l, 'form.errors')}
        labels={{ municipality: t(l, 'skills.start.municipality'), ageBand: t(l, 'skills.start.age') }}
      />
      {props.event ? (
        <p class="alert alert-info">
          {t(l, props.event.phase === 'dopo' ? 'skills.start.event.dopo' : 'skills.start.event.prima', { title: props.event.title })}
        </p>
      ) : null}
      {props.retake ? <p class="alert alert-info">{t(l, 'skills.start.retake')}</p> : null}
      <p>{t(l, 'skills.start.intro')}</p>
      <Form action={`/competenze/${VARIANT_SLUGS[props.variant]}`} csrf={props.ctx.csrf}>
        {Object.entries(props.hidden).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <TextField
          name="municipality"
          label={t(l, 'skills.start.municipality')}
          hint={t(l, 'skills.start.municipality.hint')}
          value={props.values?.municipality}
          error={errors.municipality}
          autocomplete="address-level2"
          maxLength={100}
        />
        <SelectField
          name="ageBand"
          label={t(l, 'skills.start.age')}
          value={props.values?.ageBand}
          error={errors.ageBand}
          placeholder={t(l, 'skills.start.age.none')}
          options={AGE_BANDS.map((b) => ({ value: b, label: AGE_BAND_NAMES[b][l] }))}
        />
        <SubmitButton label={t(l, 'skills.start.go')} class="btn btn-primary btn-lg" />
      </Form>
    </SkillsLayout>
  );
}

/** Where a question stands among those asked: its number and the total expected now. */
export function questionNumbers(state: AttemptState, itemId: string): { n: number; total: number } {
  const asked = state.items.filter((i) => !state.skipped.has(i.id));
  const index = asked.findIndex((i) => i.id === itemId);
  return { n: index + 1, total: asked.length };
}

export function QuestionPage(props: {
  ctx: PageContext;
  large: boolean;
  token: string;
  state: AttemptState;
  item: BankItem;
  review: boolean;
  previous: string | null;
  error?: string;
}): VNode {
  const l = props.ctx.lang;
  const { item, state } = props;
  const { n, total } = questionNumbers(state, item.id);
  const answered = state.answers.get(item.id);
  const title = t(l, 'skills.q.title', { n, total });
  const base = `/competenze/prova/${encodeURIComponent(props.token)}`;
  return (
    <SkillsLayout ctx={props.ctx} title={`${title} · ${t(l, 'skills.nav')}`} large={props.large}>
      <p class="ponte-skills-area">{t(l, 'skills.q.area', { area: AREA_NAMES[Number(item.competence.split('.')[0]) as Area][l] })}</p>
      <h1 class="h3">{title}</h1>
      <progress class="ponte-skills-progress" max={total} value={state.answers.size} aria-label={t(l, 'skills.q.progress')}>
        {`${state.answers.size}/${total}`}
      </progress>
      <ErrorSummary
        errors={props.error ? { [item.id]: props.error } : {}}
        title={t(l, 'form.errors')}
        anchors={{ [item.id]: `o-${item.id}-0` }}
      />
      <Form action={base} csrf={props.ctx.csrf} class="mt-3">
        <input type="hidden" name="item" value={item.id} />
        {props.review ? <input type="hidden" name="rivedi" value="1" /> : null}
        <fieldset aria-invalid={props.error ? 'true' : undefined} aria-describedby={props.error ? `e-${item.id}` : undefined}>
          <legend class="ponte-skills-question">{say(item.text, l)}</legend>
          {props.error ? (
            <p id={`e-${item.id}`} class="ponte-field-error">
              {props.error}
            </p>
          ) : null}
          <ul class="ponte-skills-options">
            {item.options.map((o, value) => (
              <li>
                <label class="ponte-skills-option" for={`o-${item.id}-${value}`}>
                  <input type="radio" id={`o-${item.id}-${value}`} name="value" value={String(value)} checked={answered === value} />
                  <span>{say(o, l)}</span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <div class="ponte-skills-actions">
          <SubmitButton label={t(l, props.review ? 'skills.q.save' : 'skills.q.next')} class="btn btn-primary btn-lg" />
          {props.previous ? <a href={`${base}?domanda=${props.previous}`}>{t(l, 'skills.q.back')}</a> : null}
        </div>
      </Form>
      {state.variant === 'short' ? <p class="small">{t(l, 'skills.q.skip.note')}</p> : null}
    </SkillsLayout>
  );
}

export function ReviewPage(props: { ctx: PageContext; large: boolean; token: string; state: AttemptState; problem?: string }): VNode {
  const l = props.ctx.lang;
  const { state } = props;
  const base = `/competenze/prova/${encodeURIComponent(props.token)}`;
  const asked = state.items.filter((i) => state.answers.has(i.id));
  return (
    <SkillsLayout ctx={props.ctx} titled title={t(l, 'skills.review.title')} large={props.large}>
      {props.problem ? (
        <div class="alert alert-danger" role="alert">
          <p>{props.problem}</p>
          <p class="mb-0">
            <a href={`/competenze/${VARIANT_SLUGS[state.variant]}`}>{t(l, 'skills.restart')}</a>
          </p>
        </div>
      ) : null}
      <p>{t(l, 'skills.review.text')}</p>
      <ButtonForm action={`${base}/fine`} csrf={props.ctx.csrf} label={t(l, 'skills.review.finish')} class="btn btn-primary btn-lg" />
      <dl class="ponte-skills-review mt-4">
        {asked.map((item, i) => {
          const value = state.answers.get(item.id) as number;
          return (
            <>
              <dt>{`${i + 1}. ${say(item.text, l)}`}</dt>
              <dd>
                {say(item.options[value] ?? { it: '' }, l)}
                {' · '}
                <a href={`${base}?domanda=${item.id}&rivedi=1`}>
                  {t(l, 'skills.review.change')}
                  <span class="visually-hidden">{` ${t(l, 'skills.review.change.n', { n: i + 1 })}`}</span>
                </a>
              </dd>
            </>
          );
        })}
      </dl>
      {state.skipped.size > 0 ? <p>{t(l, countKey('skills.review.skipped', state.skipped.size), { n: state.skipped.size })}</p> : null}
      <ButtonForm action={`${base}/fine`} csrf={props.ctx.csrf} label={t(l, 'skills.review.finish')} class="btn btn-primary btn-lg" />
    </SkillsLayout>
  );
}

export function RetiredPage(props: { ctx: PageContext; large: boolean; variant: Variant }): VNode {
  const l = props.ctx.lang;
  return (
    <SkillsLayout ctx={props.ctx} titled title={t(l, 'skills.restart')} large={props.large}>
      <p class="alert alert-warning">{t(l, 'skills.retired')}</p>
      <a class="btn btn-primary btn-lg" href={`/competenze/${VARIANT_SLUGS[props.variant]}`}>
        {t(l, 'skills.restart')}
      </a>
    </SkillsLayout>
  );
}

function LevelsTable(props: { l: Lang; view: ResultView }): VNode {
  const { l, view } = props;
  const previous = view.previous;
  const prevLevel = (a: number) => previous?.areas.find((p) => p.area === a)?.level ?? null;
  return (
    <table class="table ponte-skills-table">
      <caption>{t(l, 'skills.result.table')}</caption>
      <ColumnHeads
        columns={[
          t(l, 'skills.result.area'),
          ...['level', 'band', ...(previous ? ['before', 'change'] : [])].map((c) => ({
            label: t(l, `skills.result.${c}`),
            class: 'ponte-skills-nowrap',
          })),
        ]}
      />
      <tbody>
        {view.areas.map((a) => (
          <tr>
            <th scope="row">{`${a.area}. ${a.name}`}</th>
            <td class="ponte-skills-nowrap">{`${a.level} / ${MAX_LEVEL}`}</td>
            <td class="ponte-skills-band">{a.label}</td>
            {previous ? (
              <>
                <td>{prevLevel(a.area)}</td>
                <td>{signed(a.change ?? 0)}</td>
              </>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PathSection(props: { l: Lang; view: ResultView }): VNode {
  const { l, view } = props;
  return (
    <>
      <h2 id="percorso">{t(l, 'skills.result.path')}</h2>
      {view.path.length === 0 ? (
        <p>{t(l, 'skills.result.path.none')}</p>
      ) : (
        <>
          <p>{t(l, 'skills.result.path.intro')}</p>
          <ul class="ponte-skills-path">
            {view.path.map((p) => (
              <li>
                <span class="ponte-skills-kind">{t(l, `skills.kind.${p.kind}`)}</span>
                <a href={p.page}>{p.title}</a>
                {p.detail ? <span class="d-block">{p.detail}</span> : null}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function FacilitatorSection(props: { l: Lang; codes: Se5Code[] }): VNode {
  const { l } = props;
  return (
    <section class="ponte-skills-facilitator" aria-labelledby="facilitatore">
      <h2 id="facilitatore" class="h4">
        {t(l, 'skills.fac.title')}
      </h2>
      <p>{t(l, 'skills.fac.text')}</p>
      {props.codes.length === 0 ? (
        <p>{t(l, 'skills.fac.none')}</p>
      ) : (
        <table class="table ponte-skills-table">
          <ColumnHeads columns={['code', 'area', 'name', 'digcomp'].map((c) => t(l, `skills.fac.${c}`))} />
          <tbody>
            {props.codes.map((c) => (
              <tr>
                <th scope="row">{c.code}</th>
                <td>{c.area}</td>
                <td>{c.name}</td>
                <td>{c.competences.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function KeepSection(props: { ctx: PageContext; view: ResultView; errors: Errors; email?: string; absoluteLink: string }): VNode {
  const l = props.ctx.lang;
  const { view, errors } = props;
  const tokenQ = `token=${encodeURIComponent(view.token)}`;
  const base = `/competenze/risultato/${view.id}`;
  return (
    <>
      <h2 class="h4">{t(l, 'skills.result.keep')}</h2>
      <p>{t(l, 'skills.result.keep.text')}</p>
      <p class="ponte-skills-link">
        <a href={`${base}?${tokenQ}`}>{props.absoluteLink}</a>
      </p>
      <div class="ponte-skills-actions">
        <a class="btn btn-outline-primary" href={`${base}/profilo.pdf?${tokenQ}`}>
          {t(l, 'skills.result.pdf')}
        </a>
        <button type="button" class="btn btn-outline-primary" id="stampa" hidden>
          {t(l, 'skills.result.print')}
        </button>
      </div>

      <FormSection
        id="email"
        heading={t(l, 'skills.result.email')}
        headingClass="h4"
        ctx={props.ctx}
        errors={errors}
        labels={{ email: t(l, 'skills.result.email.label') }}
        action={`${base}/email`}
        submit={t(l, 'skills.result.email.send')}
        width={false}
      >
        <input type="hidden" name="token" value={view.token} />
        <TextField
          name="email"
          type="email"
          label={t(l, 'skills.result.email.label')}
          hint={t(l, 'skills.result.email.hint')}
          value={props.email}
          error={errors.email}
          autocomplete="email"
          required
          maxLength={254}
        />
      </FormSection>
    </>
  );
}

export function ResultPage(
  props: FormPageProps & {
    large: boolean;
    view: ResultView;
    facilitator: Se5Code[] | null;
    sent?: boolean;
    email?: string;
    absoluteLink: string;
  },
): VNode {
  const { l, e: errors } = formPage(props);
  const { view } = props;
  const tokenQ = `token=${encodeURIComponent(view.token)}`;
  const previous = view.previous;
  const prevLevel = (a: number) => previous?.areas.find((p) => p.area === a)?.level ?? null;
  const chart = levelChartSvg(
    view.areas.map((a) => ({ area: a.area, name: a.name, level: a.level, label: a.label, previous: prevLevel(a.area) })),
    {
      title: t(l, 'skills.result.chart'),
      level: t(l, 'skills.result.level').toLowerCase(),
      before: t(l, 'skills.result.before').toLowerCase(),
      now: '',
    },
  );
  return (
    <SkillsLayout
      ctx={props.ctx}
      title={t(l, 'skills.result.title')}
      large={props.large}
      script
      titled
      crumbs={publicCrumbs(l, t(l, 'skills.result.title'))}
    >
      <p>
        {t(l, 'skills.result.date', {
          date: formatRome(view.createdAt, l, 'd LLLL yyyy'),
          variant: t(l, view.variant === 'short' ? 'skills.short' : 'skills.full'),
        })}
      </p>
      {props.sent ? <Notice kind="success">{t(l, 'skills.result.email.sent')}</Notice> : null}
      {view.newer ? (
        <p class="alert alert-info">
          {t(l, 'skills.result.newer')} <a href={`/competenze/risultato/${view.newer.id}?${tokenQ}`}>{t(l, 'skills.result.newer.link')}</a>
        </p>
      ) : null}
      {previous ? <p>{t(l, 'skills.result.changes', { date: formatRome(previous.createdAt, l, 'd LLLL yyyy') })}</p> : null}
      <div dangerouslySetInnerHTML={{ __html: chart }} />
      <LevelsTable l={l} view={view} />
      <p class="small">{t(l, 'skills.result.bands')}</p>

      <h2>{t(l, 'skills.result.explain')}</h2>
      {view.areas.map((a) => (
        <section>
          <h3 class="h5">{`${a.area}. ${a.name}: ${a.label}`}</h3>
          <p>{a.explanation}</p>
        </section>
      ))}

      <PathSection l={l} view={view} />

      {props.facilitator ? <FacilitatorSection l={l} codes={props.facilitator} /> : null}

      <div class="ponte-skills-noprint">
        <KeepSection ctx={props.ctx} view={view} errors={errors} email={props.email} absoluteLink={props.absoluteLink} />

        <h2 class="h4 mt-4">{t(l, 'skills.result.retake')}</h2>
        <p>{t(l, 'skills.result.retake.text')}</p>
        <div class="ponte-skills-actions">
          <a class="btn btn-outline-primary" href={`/competenze/breve?da=${view.id}&${tokenQ}`}>
            {t(l, 'skills.result.retake.short')}
          </a>
          <a class="btn btn-outline-primary" href={`/competenze/completo?da=${view.id}&${tokenQ}`}>
            {t(l, 'skills.result.retake.full')}
          </a>
        </div>
      </div>
    </SkillsLayout>
  );
}
