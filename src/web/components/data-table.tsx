import { type ComponentChildren, cloneElement, toChildArray, type VNode } from 'preact';

/*
 * A table of records from its column headings; the rows are the children:
 *
 *   <DataTable caption={t(l, 'members.title')} columns={[t(l, 'members.name'), { label: t(l, 'n'), class: 'text-end' }]}>
 *     {members.map((m) => (<tr><td>{m.name}</td><td class="text-end">{m.count}</td></tr>))}
 *   </DataTable>
 */

/**
 * A column heading: its text, or its text and classes (e.g. `text-end` for numbers); `hidden` keeps
 * the text for screen readers only (a column of buttons). False or null leaves the column out.
 */
export type Column = string | { label: string; class?: string; hidden?: boolean } | false | null | undefined;

/** The name a column's cells are labelled with when stacked: none for a hidden heading. */
const labelOf = (c: Column): string | null => (!c ? null : typeof c === 'string' ? c : c.hidden ? '' : c.label);

type Cell = VNode<{ children?: ComponentChildren; 'data-label'?: string }>;

/**
 * Gives each cell of each row its column's name as `data-label`, unless it has one: below 576 px
 * the rows show as stacked cards (ponte.css, `.ponte-stack`) with that name above each value.
 * Cells drawn by a component of their own count as a column but are left as they are.
 */
function labelCells(rows: ComponentChildren, labels: string[]): ComponentChildren {
  return toChildArray(rows).map((row) => {
    if (typeof row !== 'object' || row.type !== 'tr') return row;
    let column = 0;
    const cells = toChildArray((row.props as { children?: ComponentChildren }).children).map((child) => {
      if (typeof child !== 'object') return child;
      const cell = child as Cell;
      const label = labels[column];
      const span = cell.props as { colSpan?: number; colspan?: number };
      column += Number(span.colSpan ?? span.colspan ?? 1);
      if ((cell.type !== 'td' && cell.type !== 'th') || cell.props['data-label'] !== undefined || !label) return cell;
      return cloneElement(cell, { 'data-label': label });
    });
    return cloneElement(row, {}, cells);
  });
}

/**
 * A table of records: on wide screens a table that scrolls sideways when it must, with a caption
 * for screen readers and one heading per column; below 576 px each row is a card of labelled
 * values, so nothing scrolls sideways and no word is broken letter by letter. The rows are the
 * children. The scrolling box is a named region that takes focus, so a keyboard can scroll a
 * table wider than the screen (WCAG 2.1.1).
 */
export function DataTable(props: {
  caption: string;
  columns: Column[];
  class?: string;
  /** Said in a paragraph instead of the table when there are no rows. */
  none?: string;
  children: ComponentChildren;
}): VNode {
  if (props.none !== undefined && toChildArray(props.children).length === 0) return <p>{props.none}</p>;
  const labels = props.columns.map(labelOf).filter((c): c is string => c !== null);
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to be scrolled by keyboard
    <div class="table-responsive ponte-stack" role="region" aria-label={props.caption} tabIndex={0}>
      <table class={props.class ? `table ${props.class}` : 'table'}>
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <ColumnHeads columns={props.columns} />
        </thead>
        <tbody>{labelCells(props.children, labels)}</tbody>
      </table>
    </div>
  );
}

/** A table's heading row from its columns, for tables that are not a DataTable. */
export function ColumnHeads(props: { columns: Column[] }): VNode {
  return (
    <tr>
      {props.columns.map((c) =>
        !c ? null : typeof c === 'string' ? (
          <th scope="col">{c}</th>
        ) : (
          <th scope="col" class={c.class}>
            {c.hidden ? <span class="visually-hidden">{c.label}</span> : c.label}
          </th>
        ),
      )}
    </tr>
  );
}
