import { MAX_LEVEL } from './digcomp.js';

/**
 * The profile as an accessible SVG bar chart: one bar per area, levels 0–8 along the bar. The
 * picture has a title and a description that say the same figures in words (role="img"), and
 * the page always shows the same figures in a table next to it, for screen readers and print.
 * Names sit above their bars, so the chart reads at 320 px without shrinking the text.
 */

export interface ChartBar {
  area: number;
  name: string;
  level: number;
  label: string;
  /** The previous result's level, drawn as a thinner bar underneath. */
  previous?: number | null;
}

export interface ChartWords {
  title: string;
  level: string;
  before: string;
  now: string;
}

const WIDTH = 340;
const BAR_MAX = 290;
const ROW = 66;
const TOP = 8;
const FONT = 'Titillium Web, Geneva, Tahoma, sans-serif';

function esc(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const x = (level: number) => Math.round((Math.max(0, Math.min(MAX_LEVEL, level)) / MAX_LEVEL) * BAR_MAX);

/** The chart's markup; `id` keeps the title and description ids unique on the page. */
export function levelChartSvg(bars: ChartBar[], words: ChartWords, id = 'grafico-livelli'): string {
  const withPrevious = bars.some((b) => b.previous !== undefined && b.previous !== null);
  const row = withPrevious ? ROW + 18 : ROW;
  const height = TOP + bars.length * row + 34;
  const desc = bars
    .map((b) => {
      const prev = b.previous !== undefined && b.previous !== null ? ` (${words.before}: ${b.previous})` : '';
      return `${b.area}. ${b.name}: ${words.level} ${b.level}, ${b.label}${prev}`;
    })
    .join('; ');
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="ponte-skills-chart" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-labelledby="${id}-t ${id}-d" focusable="false">`,
    `<title id="${id}-t">${esc(words.title)}</title>`,
    `<desc id="${id}-d">${esc(desc)}</desc>`,
  );
  bars.forEach((b, i) => {
    const y = TOP + i * row;
    const hasPrevious = b.previous !== undefined && b.previous !== null;
    parts.push(`<text x="0" y="${y + 17}" font-size="17" fill="#1a1a1a" font-family="${FONT}">${esc(`${b.area}. ${b.name}`)}</text>`);
    // Band guides (levels 2, 4, 6, 8) behind the bar, not across the names.
    for (const level of [2, 4, 6, 8]) {
      const gx = x(level);
      parts.push(
        `<line x1="${gx}" y1="${y + 24}" x2="${gx}" y2="${y + (hasPrevious ? 64 : 50)}" stroke="#767676" stroke-width="1" stroke-dasharray="3 3"/>`,
      );
    }
    const w = Math.max(x(b.level), 2);
    parts.push(`<rect x="0" y="${y + 26}" width="${w}" height="22" fill="#0066cc"/>`);
    parts.push(
      `<text x="${w + 6}" y="${y + 43}" font-size="17" font-weight="700" fill="#1a1a1a" font-family="${FONT}">${esc(b.level)}</text>`,
    );
    if (hasPrevious) {
      const pw = Math.max(x(b.previous as number), 2);
      parts.push(`<rect x="1" y="${y + 53}" width="${pw}" height="10" fill="#ffffff" stroke="#5c6f82" stroke-width="2"/>`);
      parts.push(
        `<text x="${pw + 6}" y="${y + 63}" font-size="14" fill="#1a1a1a" font-family="${FONT}">${esc(`${words.before}: ${b.previous}`)}</text>`,
      );
    }
  });
  const axisY = height - 10;
  for (let level = 0; level <= MAX_LEVEL; level += 1) {
    const anchor = level === 0 ? 'start' : level === MAX_LEVEL ? 'end' : 'middle';
    parts.push(
      `<text x="${x(level)}" y="${axisY}" font-size="14" text-anchor="${anchor}" fill="#1a1a1a" font-family="${FONT}">${level}</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}
