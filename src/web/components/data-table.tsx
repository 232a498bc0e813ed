import type { ComponentChildren, VNode } from 'preact';

/*
 * A table of records from its column headings; the rows are the children:
 *
 *   <DataTable caption={t(l, 'members.title')} columns={[t(l, 'members.name'), { label: t(l, 'n'), class: 'text-end' }]}>
 *     {members.map((m) => (<tr><td>{m.name}</td><td class="text-end">{m.count}</td></tr>))}
 *   </DataTable>
 */

/** A column heading: its text, or its text and classes (e.g. `text-end` for numbers). */
export type Column = string | { label: string; class: string };

/**
 * A table of records that scrolls sideways on narrow screens, with a caption for screen readers
 * and one heading per column; the rows are the children.
 */
export function DataTable(props: { caption: string; columns: Column[]; class?: string; children: ComponentChildren }): VNode {
  return (
    <div class="table-responsive">
      <table class={props.class ? `table ${props.class}` : 'table'}>
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((c) =>
              typeof c === 'string' ? (
                <th scope="col">{c}</th>
              ) : (
                <th scope="col" class={c.class}>
                  {c.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}
