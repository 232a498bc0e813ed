import type { VNode } from 'preact';

/**
 * Horizontal bar charts drawn on the server as SVG: no script, readable at 320 px (each label
 * sits above its bar), and decorative for assistive technology, because the same figures follow
 * in a table. Colours meet WCAG contrast on white.
 */

export interface Bar {
  label: string;
  value: number;
}

const WIDTH = 600;
const ROW = 44;
const BAR = 16;
const TOP = 4;
const MAX_LABEL = 60;

const fmt = new Intl.NumberFormat('it-IT', { useGrouping: 'always' } as unknown as Intl.NumberFormatOptions);

const truncate = (s: string) => (s.length > MAX_LABEL ? `${s.slice(0, MAX_LABEL - 1)}…` : s);

export function BarChart(props: { id: string; title: string; bars: Bar[]; maxBars?: number }): VNode | null {
  const bars = props.bars.slice(0, props.maxBars ?? 30);
  if (bars.length === 0) return null;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = TOP + bars.length * ROW;
  // The value is written beside the bar; the longest bar leaves room for it.
  const room = WIDTH - 80;
  return (
    <svg
      class="ponte-chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
      role="img"
      aria-labelledby={`${props.id}-title`}
      focusable="false"
    >
      <title id={`${props.id}-title`}>{`${props.title} (grafico; gli stessi dati sono nella tabella che segue)`}</title>
      {bars.map((b, i) => {
        const y = TOP + i * ROW;
        const w = b.value > 0 ? Math.max(2, Math.round((b.value / max) * room)) : 0;
        return (
          <g>
            <text x="0" y={y + 14} font-size="15" fill="#1a1a1a">
              {truncate(b.label)}
            </text>
            <rect x="0" y={y + 20} width={w} height={BAR} fill="#0066cc" rx="2" />
            <text x={w + 6} y={y + 33} font-size="14" fill="#1a1a1a" font-weight="600">
              {fmt.format(b.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** A progress bar for a target: the share reached, with the projected share as an outline. */
export function ProgressBar(props: { id: string; label: string; progress: number; projected: number | null }): VNode {
  const reached = Math.max(0, Math.min(1, props.progress));
  const projected = props.projected === null ? null : Math.max(0, Math.min(1, props.projected));
  return (
    <svg
      class="ponte-progress"
      viewBox="0 0 300 18"
      width="100%"
      preserveAspectRatio="none"
      role="img"
      aria-labelledby={`${props.id}-t`}
      focusable="false"
    >
      <title id={`${props.id}-t`}>{props.label}</title>
      <rect x="0" y="2" width="300" height="14" fill="#f0f3f5" stroke="#5c6f82" stroke-width="1" />
      {projected !== null ? <rect x="0" y="2" width={Math.round(projected * 300)} height="14" fill="#b3d1f0" /> : null}
      <rect x="0" y="2" width={Math.round(reached * 300)} height="14" fill="#0066cc" />
    </svg>
  );
}
