import type { ComponentChildren, VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { formatRome } from '../../../core/time.js';
import { boundFields } from '../../../web/components/bound-fields.js';
import { SubmitButton } from '../../../web/components/form-page.js';
import { ButtonForm, FormSection } from '../../../web/components/form-section.js';
import { staffCrumbs } from '../../../web/components/staff-crumbs.js';
import { TitledPage } from '../../../web/components/titled-page.js';
import { ErrorSummary, type Errors, Form, FormProblem, Notice } from '../../../web/forms.js';
import type { Crumb, PageContext } from '../../../web/layout.js';
import type { Organisation } from '../../organisations/service.js';
import { AREA_NAMES, AREAS, type Area, BAND_NAMES, BANDS, COMPETENCE_CODES, COMPETENCES } from '../digcomp.js';
import type { Aggregates, BankItem, BankOverview, BankVersion, ChangeRow, GroupAggregate, ItemStatistics } from '../service.js';
import { ColumnHeads, type Heading, say, signed } from './common.js';

/** The crumbs of a page under the organisation's skills page, `last` the page's own. */
const adminCrumbs = (l: Lang, org: Organisation, last: string): Crumb[] =>
  staffCrumbs(l, org, { href: `/admin/organisations/${org.id}/competenze`, label: t(l, 'skills.admin.title') }, { label: last });

/** A wide table that scrolls sideways on a small screen; focusable so keyboards can scroll it. */
function ScrollRegion(props: { label: string; children: ComponentChildren }): VNode {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
    <div class="ponte-skills-scroll" tabIndex={0} role="region" aria-label={props.label}>
      {props.children}
    </div>
  );
}

/** A table of figures in its scrolling region, named by its caption; the rows are the children. */
function FigureTable(props: { label: string; caption?: string; small?: boolean; columns: Heading[]; children: ComponentChildren }): VNode {
  return (
    <ScrollRegion label={props.label}>
      <table class={`table${props.small === false ? '' : ' table-sm'} ponte-skills-table`}>
        <caption>{props.caption ?? props.label}</caption>
        <ColumnHeads columns={props.columns} />
        <tbody>{props.children}</tbody>
      </table>
    </ScrollRegion>
  );
}

function VersionsTable(props: { l: Lang; versions: BankVersion[] }): VNode {
  const l = props.l;
  return (
    <FigureTable
      label={t(l, 'skills.admin.versions')}
      small={false}
      columns={['version', 'status', 'created', 'published'].map((c) => t(l, `skills.admin.${c}`))}
    >
      {props.versions.map((v) => (
        <tr>
          <th scope="row">
            <a href={`/admin/skill-versions/${v.id}`}>{`${t(l, 'skills.admin.version')} ${v.number}`}</a>
          </th>
          <td>{t(l, `skills.admin.status.${v.status}`)}</td>
          <td>{formatRome(v.createdAt, l, 'd/M/yyyy')}</td>
          <td>{v.publishedAt ? formatRome(v.publishedAt, l, 'd/M/yyyy') : '—'}</td>
        </tr>
      ))}
    </FigureTable>
  );
}

function pct(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)}%`;
}

export function StatisticsTable(props: { l: Lang; stats: ItemStatistics[]; editable?: boolean; caption: string }): VNode {
  const l = props.l;
  return (
    <FigureTable
      label={props.caption}
      columns={[
        '#',
        ...['competence', 'level', 'kind', 'inShort', 'textIt'].map((c) => t(l, `skills.item.${c}`)),
        t(l, 'skills.admin.answered'),
        `${t(l, 'skills.admin.right')} / ${t(l, 'skills.admin.meanStep')}`,
        t(l, 'skills.admin.flag'),
        props.editable && t(l, 'skills.item.edit'),
      ]}
    >
      {props.stats.map((s, i) => (
        <tr>
          <th scope="row">{i + 1}</th>
          <td>{s.item.competence}</td>
          <td>{s.item.level}</td>
          <td>{t(l, `skills.item.kind.short.${s.item.kind}`)}</td>
          <td>{t(l, s.item.short ? 'skills.item.yes' : 'skills.item.no')}</td>
          <td>{say(s.item.text, l)}</td>
          <td>{s.answered < 5 ? t(l, 'skills.admin.few') : s.answered}</td>
          <td>
            {s.share === null
              ? '—'
              : s.item.kind === 'knowledge'
                ? `${s.right} (${pct(s.share)})`
                : (Math.round(s.share * 30) / 10).toLocaleString(l === 'en' ? 'en-GB' : 'it-IT')}
          </td>
          <td>{s.flag ? t(l, `skills.admin.flag.${s.flag}`) : ''}</td>
          {props.editable ? (
            <td>
              <a href={`/admin/skill-items/${s.item.id}`}>
                {t(l, 'skills.item.edit')}
                <span class="visually-hidden">{` ${i + 1}`}</span>
              </a>
            </td>
          ) : null}
        </tr>
      ))}
    </FigureTable>
  );
}

function bandCell(n: number | null | undefined, l: Lang): string {
  return n === null ? t(l, 'skills.admin.few') : String(n ?? 0);
}

function mean(n: number, l: Lang): string {
  return n.toLocaleString(l === 'en' ? 'en-GB' : 'it-IT', { maximumFractionDigits: 1 });
}

function GroupTable(props: { l: Lang; caption: string; groupLabel: string; groups: GroupAggregate[] }): VNode {
  const l = props.l;
  return (
    <FigureTable
      label={props.caption}
      columns={[props.groupLabel, t(l, 'skills.admin.people'), ...AREAS.map((a) => `${a}. ${AREA_NAMES[a][l]}`)]}
    >
      {props.groups.map((g) => (
        <tr>
          <th scope="row">{g.label}</th>
          <td>{g.n}</td>
          {AREAS.map((a) => (
            <td>{mean(g.means[a], l)}</td>
          ))}
        </tr>
      ))}
    </FigureTable>
  );
}

function ChangeTable(props: { l: Lang; caption: string; rows: ChangeRow[] }): VNode {
  const l = props.l;
  const cell = (v: { n: number; means: Record<Area, number> } | null, a: Area) => (v ? mean(v.means[a], l) : '—');
  return (
    <FigureTable
      label={props.caption}
      columns={[
        props.caption,
        t(l, 'skills.result.area'),
        `${t(l, 'skills.result.before')} (n)`,
        `${t(l, 'skills.result.after')} (n)`,
        t(l, 'skills.result.change'),
        `${t(l, 'skills.admin.change.pairs')} (n)`,
      ]}
    >
      {props.rows.flatMap((r) =>
        AREAS.map((a, i) => (
          <tr>
            {i === 0 ? (
              <th scope="rowgroup" rowSpan={AREAS.length}>
                {r.page ? <a href={r.page}>{r.label}</a> : r.label}
              </th>
            ) : null}
            <td>{`${a}. ${AREA_NAMES[a][l]}`}</td>
            <td>{r.before ? `${cell(r.before, a)} (${r.before.n})` : t(l, 'skills.admin.few')}</td>
            <td>{r.after ? `${cell(r.after, a)} (${r.after.n})` : t(l, 'skills.admin.few')}</td>
            <td>{r.change ? signed(r.change[a]) : '—'}</td>
            <td>{r.paired ? `${signed(r.paired.change[a])} (${r.paired.n})` : '—'}</td>
          </tr>
        )),
      )}
    </FigureTable>
  );
}

export function AdminPage(props: {
  ctx: PageContext;
  organisation: Organisation;
  overview: BankOverview;
  stats: ItemStatistics[];
  aggregates: Aggregates;
  change: { events: ChangeRow[]; programmes: ChangeRow[] };
  canEdit: boolean;
  errors?: Errors;
}): VNode {
  const l = props.ctx.lang;
  const { overview, aggregates } = props;
  const org = props.organisation;
  return (
    <TitledPage ctx={props.ctx} heading={t(l, 'skills.admin.title')} crumbs={staffCrumbs(l, org, { label: t(l, 'skills.admin.title') })}>
      <FormProblem errors={props.errors} />
      <h2 class="h4">{t(l, 'skills.admin.bank')}</h2>
      <p>
        {t(l, 'skills.admin.inuse', {
          n: overview.inUse.number,
          which: t(l, overview.own ? 'skills.admin.inuse.own' : 'skills.admin.inuse.default'),
        })}
      </p>
      {overview.draft ? (
        <p>
          {t(l, 'skills.admin.draft', { n: overview.draft.number })}{' '}
          <a href={`/admin/skill-versions/${overview.draft.id}`}>{t(l, 'skills.admin.draft.edit')}</a>
        </p>
      ) : props.canEdit ? (
        <Form action={`/admin/organisations/${org.id}/competenze/bozza`} csrf={props.ctx.csrf}>
          <p>{t(l, 'skills.admin.draft.help')}</p>
          <SubmitButton label={t(l, 'skills.admin.draft.new')} />
        </Form>
      ) : null}
      {overview.versions.length > 0 ? <VersionsTable l={l} versions={overview.versions} /> : null}

      <h2 class="h4 mt-4">{t(l, 'skills.admin.stats')}</h2>
      <p>{t(l, 'skills.admin.stats.help')}</p>
      <StatisticsTable l={l} stats={props.stats} caption={`${t(l, 'skills.admin.version')} ${overview.inUse.number}`} />

      <h2 class="h4 mt-4">{t(l, 'skills.admin.aggregates')}</h2>
      <p>{t(l, 'skills.admin.aggregates.help')}</p>
      {aggregates.total ? (
        <>
          <FigureTable
            label={t(l, 'skills.admin.byArea')}
            caption={`${t(l, 'skills.admin.byArea')} (${t(l, 'skills.admin.people').toLowerCase()}: ${aggregates.total.n})`}
            columns={[t(l, 'skills.result.area'), ...BANDS.map((b) => BAND_NAMES[b][l]), t(l, 'skills.admin.mean')]}
          >
            {AREAS.map((a) => (
              <tr>
                <th scope="row">{`${a}. ${AREA_NAMES[a][l]}`}</th>
                {BANDS.map((b) => (
                  <td>{bandCell(aggregates.total?.bands[a][b], l)}</td>
                ))}
                <td>{mean(aggregates.total?.means[a] ?? 0, l)}</td>
              </tr>
            ))}
          </FigureTable>
          {aggregates.byAgeBand.length ? (
            <GroupTable l={l} caption={t(l, 'skills.admin.byAge')} groupLabel={t(l, 'skills.start.age')} groups={aggregates.byAgeBand} />
          ) : null}
          {aggregates.byMunicipality.length ? (
            <GroupTable
              l={l}
              caption={t(l, 'skills.admin.byPlace')}
              groupLabel={t(l, 'skills.admin.municipality')}
              groups={aggregates.byMunicipality}
            />
          ) : null}
          {aggregates.hidden.byAgeBand + aggregates.hidden.byMunicipality > 0 ? (
            <p>{t(l, 'skills.admin.hidden', { n: aggregates.hidden.byAgeBand + aggregates.hidden.byMunicipality })}</p>
          ) : null}
        </>
      ) : (
        <p>{t(l, 'skills.admin.aggregates.none')}</p>
      )}

      <h2 class="h4 mt-4">{t(l, 'skills.admin.change')}</h2>
      <p>{t(l, 'skills.admin.change.help')}</p>
      {props.change.events.length === 0 && props.change.programmes.length === 0 ? <p>{t(l, 'skills.admin.change.none')}</p> : null}
      {props.change.events.length ? <ChangeTable l={l} caption={t(l, 'skills.admin.change.events')} rows={props.change.events} /> : null}
      {props.change.programmes.length ? (
        <ChangeTable l={l} caption={t(l, 'skills.admin.change.programmes')} rows={props.change.programmes} />
      ) : null}
      {[...props.change.events, ...props.change.programmes].some((r) => r.suppressed) ? <p>{t(l, 'skills.admin.change.few')}</p> : null}
    </TitledPage>
  );
}

export interface ItemValues {
  competence?: string;
  level?: string;
  kind?: string;
  textIt?: string;
  textEn?: string;
  options?: string;
  optionsEn?: string;
  correct?: string;
  short?: boolean;
}

export function itemValues(item: BankItem): ItemValues {
  return {
    competence: item.competence,
    level: String(item.level),
    kind: item.kind,
    textIt: item.text.it,
    textEn: item.text.en ?? '',
    options: item.kind === 'knowledge' ? item.options.map((o) => o.it).join('\n') : '',
    optionsEn:
      item.kind === 'knowledge'
        ? item.options
            .map((o) => o.en ?? '')
            .join('\n')
            .trim()
        : '',
    correct: item.correct === null ? '' : String(item.correct + 1),
    short: item.short,
  };
}

/** The kinds of question, in the order the form offers them. */
const ITEM_KINDS = ['knowledge', 'self'] as const;
const ITEM_FIELDS = ['competence', 'level', 'kind', 'textIt', 'textEn', 'options', 'optionsEn', 'correct'] as const;
const ITEM_LABELS = (l: Lang) => Object.fromEntries(ITEM_FIELDS.map((name) => [name, t(l, `skills.item.${name}`)]));

function ItemFields(props: { l: Lang; values: ItemValues; errors: Errors }): VNode {
  const { l, values, errors } = props;
  const { short: _short, ...texts } = values;
  const f = boundFields({ values: texts, errors, label: (name) => t(l, `skills.item.${name}`) });
  const hint = (name: string) => t(l, `skills.item.${name}.hint`);
  return (
    <>
      <f.Select name="competence" required options={COMPETENCE_CODES.map((c) => ({ value: c, label: `${c} ${COMPETENCES[c][l]}` }))} />
      <f.Text name="level" type="number" hint={hint('level')} min={1} max={8} required />
      <f.Select name="kind" required options={ITEM_KINDS.map((k) => ({ value: k, label: t(l, `skills.item.kind.${k}`) }))} />
      <f.Area name="textIt" required maxLength={600} />
      <f.Area name="textEn" maxLength={600} />
      <f.Area name="options" hint={hint('options')} rows={5} />
      <f.Area name="optionsEn" rows={5} />
      <f.Text name="correct" type="number" hint={hint('correct')} min={1} max={6} />
      <div class="mb-3">
        <input class="me-2" type="checkbox" id="f-short" name="short" value="1" checked={values.short} />
        <label for="f-short">{t(l, 'skills.item.short')}</label>
      </div>
    </>
  );
}

export function VersionPage(props: {
  ctx: PageContext;
  organisation: Organisation;
  version: BankVersion;
  stats: ItemStatistics[];
  errors?: Errors;
  values?: ItemValues;
  notice?: 'published';
}): VNode {
  const l = props.ctx.lang;
  const { version } = props;
  const draft = version.status === 'draft';
  const errors = props.errors ?? {};
  const title = t(l, 'skills.version.title', { n: version.number });
  return (
    <TitledPage ctx={props.ctx} heading={title} crumbs={adminCrumbs(l, props.organisation, title)}>
      <p>{`${t(l, 'skills.admin.status')}: ${t(l, `skills.admin.status.${version.status}`)}${version.note ? ` · ${version.note}` : ''}`}</p>
      {props.notice === 'published' ? <Notice kind="success">{t(l, 'skills.version.published')}</Notice> : null}
      <FormProblem errors={errors} />
      {draft ? (
        <div class="ponte-skills-actions">
          <ButtonForm
            action={`/admin/skill-versions/${version.id}/pubblica`}
            csrf={props.ctx.csrf}
            label={t(l, 'skills.version.publish')}
          />
          <ButtonForm
            action={`/admin/skill-versions/${version.id}/elimina`}
            csrf={props.ctx.csrf}
            label={t(l, 'skills.version.discard')}
            class="btn btn-outline-danger"
          />
        </div>
      ) : (
        <p>{t(l, 'skills.version.readonly')}</p>
      )}
      <h2 class="h4">{t(l, 'skills.version.items')}</h2>
      <StatisticsTable l={l} stats={props.stats} editable={draft} caption={title} />
      {draft ? (
        <FormSection
          id="nuova"
          heading={t(l, 'skills.version.add')}
          headingClass="h4"
          ctx={props.ctx}
          errors={errors}
          labels={ITEM_LABELS(l)}
          action={`/admin/skill-versions/${version.id}/domande`}
          submit={t(l, 'skills.version.add')}
          width={false}
        >
          <ItemFields l={l} values={props.values ?? { kind: 'knowledge', level: '3' }} errors={errors} />
        </FormSection>
      ) : null}
    </TitledPage>
  );
}

export function ItemPage(props: {
  ctx: PageContext;
  organisation: Organisation;
  version: BankVersion;
  item: BankItem;
  values?: ItemValues;
  errors?: Errors;
}): VNode {
  const l = props.ctx.lang;
  const errors = props.errors ?? {};
  const draft = props.version.status === 'draft';
  return (
    <TitledPage ctx={props.ctx} heading={t(l, 'skills.item.title')} crumbs={adminCrumbs(l, props.organisation, t(l, 'skills.item.title'))}>
      <p>
        <a href={`/admin/skill-versions/${props.version.id}`}>{t(l, 'skills.version.title', { n: props.version.number })}</a>
      </p>
      <FormProblem errors={errors} />
      <ErrorSummary errors={errors} title={t(l, 'form.errors')} labels={ITEM_LABELS(l)} />
      {draft ? (
        <>
          <Form action={`/admin/skill-items/${props.item.id}`} csrf={props.ctx.csrf}>
            <ItemFields l={l} values={props.values ?? itemValues(props.item)} errors={errors} />
            <SubmitButton label={t(l, 'form.save')} />
          </Form>
          <ButtonForm
            action={`/admin/skill-items/${props.item.id}/elimina`}
            csrf={props.ctx.csrf}
            formClass="mt-3"
            label={t(l, 'skills.item.delete')}
            class="btn btn-outline-danger"
          />
        </>
      ) : (
        <>
          <p>{t(l, 'skills.version.readonly')}</p>
          <p>{say(props.item.text, l)}</p>
          <ol>
            {props.item.options.map((o, i) => (
              <li>
                {say(o, l)}
                {props.item.correct === i ? ' ✓' : ''}
              </li>
            ))}
          </ol>
        </>
      )}
    </TitledPage>
  );
}
