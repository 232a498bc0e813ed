import type { ComponentChildren, VNode } from 'preact';
import { type Column, ColumnHeads } from '../../../web/components/data-table.js';
import { ScrollRegion } from '../catalogue/views.js';

/**
 * A table of the back office's event pages (events, bookings, attendance, survey results): a
 * region that scrolls sideways when it must, the caption, one heading per column, the rows as
 * children. `stacked`: below 576 px each row shows as a card, each value under its column's name
 * (ponte.css, .ponte-stack, from the cells' data-label).
 */
export function StaffTable(props: {
  caption: string;
  columns: Column[];
  stacked?: boolean;
  class?: string;
  /** Shows the caption above the table (by default only screen readers read it). */
  showCaption?: boolean;
  children: ComponentChildren;
}): VNode {
  return (
    <ScrollRegion label={props.caption} class={props.stacked ? 'ponte-stack' : undefined}>
      <table class={props.class ? `table ${props.class}` : 'table'}>
        <caption class={props.showCaption ? undefined : 'visually-hidden'}>{props.caption}</caption>
        <thead>
          <ColumnHeads columns={props.columns} />
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </ScrollRegion>
  );
}
