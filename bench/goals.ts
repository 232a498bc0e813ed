/**
 * The goals of the operations issue (issue 20), each judged from the figures of the same run: the
 * ratios against the bare route or the bare one-row write route measured in that run, the p50s,
 * the peak RSS, the start time and the backlog's drain. `goalsTable` prints them as Markdown to be
 * pasted into the README as it is, beside the figures (`figuresTable`).
 */
import type { Dialect } from '../src/db/index.js';
import type { ResultRow } from './types.js';

/** The row the harness adds per dialect for the memory goal: the app server's peak over every figure. */
export const APP_PEAK = 'app server, peak over every figure';

interface Judged {
  /** What was measured, in words. */
  shown: string;
  met: boolean;
}

export interface Goal {
  /** The path, as the issue's table names it. */
  path: string;
  /** The goal, in the issue's words. */
  goal: string;
  /** The figure (ResultRow.figure) the goal is judged on. */
  figure: string;
  judge(row: ResultRow): Judged;
}

const int = (n: number) => Math.round(n).toLocaleString('en-GB');
const pct = (r: number) => `${(r * 100).toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`;

function p50Below(ms: number): Goal['judge'] {
  return (r) => ({ shown: `p50 ${r.p50_ms} ms (${int(r.rps ?? 0)} req/s)`, met: (r.p50_ms ?? Infinity) < ms });
}

function shareOfBare(min: number, p50Ms?: number): Goal['judge'] {
  return (r) => {
    const ratio = r.ratio ?? 0;
    const p50 = p50Ms === undefined || (r.p50_ms ?? Infinity) < p50Ms;
    return { shown: `${int(r.rps ?? 0)} req/s, ${pct(ratio)} of the bare route, p50 ${r.p50_ms} ms`, met: ratio >= min && p50 };
  };
}

function shareOfWrite(min: number): Goal['judge'] {
  return (r) => {
    if (r.write_ratio === undefined) return { shown: `${int(r.rps ?? 0)} req/s (no write route measured)`, met: false };
    return {
      shown: `${int(r.rps ?? 0)} req/s, ${pct(r.write_ratio)} of the one-row write route (${int(r.write_rps ?? 0)})`,
      met: r.write_ratio >= min,
    };
  };
}

/** The figure names, as the figures and the harness print them. */
export const FIGURE = {
  guides: 'guides search',
  guidesTypo: 'guides search typo',
  deskSlots: 'desk free slots, 90 days',
  bookings: 'bookings',
  drain: 'event bookings as installed, backlog drain',
  deskBookings: 'desk appointment bookings',
  municipalities: 'municipality search',
  eventPage: 'event page',
  catalogueMiss: 'catalogue page uncached',
  start: 'start to first answer',
} as const;

export const GOALS: Goal[] = [
  {
    path: 'guides search, 10,000 sheets',
    goal: 'p50 < 10 ms, ≥ 5 % of the bare route',
    figure: FIGURE.guides,
    judge: shareOfBare(0.05, 10),
  },
  { path: 'guides search with typos', goal: 'p50 < 15 ms', figure: FIGURE.guidesTypo, judge: p50Below(15) },
  { path: 'desk free slots, 90 days, 10 operators', goal: 'p50 < 10 ms', figure: FIGURE.deskSlots, judge: p50Below(10) },
  { path: 'event bookings, c50', goal: '≥ 80 % of the bare one-row write route', figure: FIGURE.bookings, judge: shareOfWrite(0.8) },
  {
    path: 'event bookings as installed (compiled build, jobs in-process)',
    goal: 'after full-speed booking, the backlog drains within as long as the booking lasted (60 s); p99 < 50 ms throughout',
    figure: FIGURE.drain,
    judge: (r) => {
      const booked = `${int(r.rps ?? 0)} bookings/s for ${r.booking_s} s, p99 ${r.p99_ms} ms; ${int(r.backlog_jobs ?? 0)} jobs due at the end`;
      const drained =
        r.drain_s === null || r.drain_s === undefined
          ? `, ${int(r.jobs_left ?? 0)} still due after ${r.drain_limit_s} s`
          : `, drained in ${r.drain_s.toFixed(1)} s`;
      const met = r.drain_s !== null && r.drain_s !== undefined && r.drain_s <= (r.drain_limit_s ?? 0) && (r.p99_ms ?? Infinity) < 50;
      return { shown: booked + drained, met };
    },
  },
  {
    path: 'desk appointment bookings',
    goal: '≥ 60 % of the bare one-row write route',
    figure: FIGURE.deskBookings,
    judge: shareOfWrite(0.6),
  },
  { path: 'municipality search (`?q=san`)', goal: 'p50 < 2 ms', figure: FIGURE.municipalities, judge: p50Below(2) },
  { path: 'event page, never cached', goal: '≥ 5 % of the bare route', figure: FIGURE.eventPage, judge: shareOfBare(0.05) },
  { path: 'catalogue, cache miss', goal: 'p50 < 15 ms', figure: FIGURE.catalogueMiss, judge: p50Below(15) },
  {
    path: 'server memory under load',
    goal: 'peak RSS < 160 MiB for the whole app',
    figure: APP_PEAK,
    judge: (r) => ({ shown: `peak RSS ${r.peak_rss_mb ?? '?'} MiB`, met: (r.peak_rss_mb ?? Infinity) < 160 }),
  },
  {
    path: 'start to first answer (compiled build)',
    goal: '< 1 s',
    figure: FIGURE.start,
    judge: (r) => ({
      shown: `median ${int(r.start_median_ms ?? 0)} ms, max ${int(r.start_max_ms ?? 0)} ms`,
      met: (r.start_median_ms ?? Infinity) < 1000,
    }),
  },
];

const DIALECTS: { dialect: Dialect; name: string }[] = [
  { dialect: 'sqlite', name: 'SQLite' },
  { dialect: 'postgres', name: 'PostgreSQL' },
];

/** One cell: the goal judged on a dialect's row, or why there is nothing to judge. */
function cell(goal: Goal, rows: ResultRow[], dialect: Dialect): string {
  const row = rows.find((r) => r.figure === goal.figure && r.dialect === dialect);
  if (!row) return '(not run)';
  if (row.error) return `error: ${row.error.replace(/\|/g, '\\|').slice(0, 120)}`;
  const { shown, met } = goal.judge(row);
  const failures = row.non2xx || row.errors ? `; ${row.non2xx ?? 0} non-2xx, ${row.errors ?? 0} errors` : '';
  return `${shown}${failures}: **${met && !failures ? 'met' : 'not met'}**`;
}

/** The issue's goals with what the run measured on each dialect, as a Markdown table. */
export function goalsTable(rows: ResultRow[]): string {
  const run = DIALECTS.filter((d) => rows.some((r) => r.dialect === d.dialect));
  const judged = GOALS.filter((g) => rows.some((r) => r.figure === g.figure));
  if (judged.length === 0) return '';
  return [
    `| path | goal | ${run.map((d) => d.name).join(' | ')} |`,
    `|---|---|${run.map(() => '---|').join('')}`,
    ...judged.map((g) => `| ${g.path} | ${g.goal} | ${run.map((d) => cell(g, rows, d.dialect)).join(' | ')} |`),
  ].join('\n');
}

/** Every figure of the run, both dialects side by side, as a Markdown table. */
export function figuresTable(rows: ResultRow[]): string {
  const run = DIALECTS.filter((d) => rows.some((r) => r.dialect === d.dialect));
  const names = [...new Set(rows.filter((r) => r.figure !== APP_PEAK && r.figure !== '(setup)').map((r) => r.figure))];
  const fmt = (r: ResultRow | undefined): string[] => {
    if (!r) return ['—', '—', '—'];
    if (r.error) return ['error', '—', '—'];
    if (r.start_median_ms !== undefined) return [`median ${int(r.start_median_ms)} ms`, '—', '—'];
    if (r.rps === undefined) return ['—', '—', r.peak_rss_mb ? `${r.peak_rss_mb} MiB` : '—'];
    const ratios = [
      r.ratio === undefined ? '' : `${pct(r.ratio)} of bare`,
      r.write_ratio === undefined ? '' : `${pct(r.write_ratio)} of write`,
    ]
      .filter(Boolean)
      .join(', ');
    const drain =
      r.backlog_jobs === undefined
        ? ''
        : r.drain_s === null || r.drain_s === undefined
          ? '; not drained'
          : `; drained in ${r.drain_s.toFixed(1)} s`;
    return [
      `${int(r.rps)}${ratios ? ` (${ratios})` : ''}${drain}`,
      `${r.p50_ms} / ${r.p99_ms}`,
      r.peak_rss_mb === null || r.peak_rss_mb === undefined ? '—' : `${r.peak_rss_mb} MiB`,
    ];
  };
  const head = run.flatMap((d) => [`${d.name} req/s`, `${d.name} p50 / p99 ms`, `${d.name} peak RSS`]);
  return [
    `| figure | ${head.join(' | ')} |`,
    `|---|${head.map(() => '---|').join('')}`,
    ...names.map(
      (name) => `| ${name} | ${run.flatMap((d) => fmt(rows.find((r) => r.figure === name && r.dialect === d.dialect))).join(' | ')} |`,
    ),
  ].join('\n');
}
