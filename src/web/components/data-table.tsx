import type { ComponentChildren, VNode } from 'preact';

/*
 * A table of records from its column headings; the rows are the children:
 *
 *   <DataTable caption={t(l, 'members.title')} columns={[t(l, 'members.name'), { label: t(l, 'n'), class: 'text-end' }]}>
 *     {members.map((m) => (<tr><td>{m.name}</td><td class="text-end">{m.count}</td></tr>))}
 *   </DataTable>
 */

/** A column heading: its text, or its text and classes (e.g. `text-end` for numbers); false or null leaves the column out. */
export type Column = string | { label: string; class: string } | false | null | undefined;

/**
 * A table of records that scrolls sideways on narrow screens, with a caption for screen readers
 * and one heading per column; the rows are the children. The scrolling box is a named region that
 * takes focus, so a keyboard can scroll a table wider than the screen (WCAG 2.1.1).
 */
export function DataTable(props: { caption: string; columns: Column[]; class?: string; children: ComponentChildren }): VNode {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to be scrolled by keyboard
    <div class="table-responsive" role="region" aria-label={props.caption} tabIndex={0}>
      <table class={props.class ? `table ${props.class}` : 'table'}>
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <ColumnHeads columns={props.columns} />
        </thead>
        <tbody>{props.children}</tbody>
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
            {c.label}
          </th>
        ),
      )}
    </tr>
  );
}
