/** The columns of row type `R` that can hold a value of type `V`. */
type ColumnFor<R, V> = { [C in keyof R]-?: [V] extends [R[C]] ? C : never }[keyof R];

/**
 * How each field of a partial update reaches its row: the name of the column that takes the value
 * as it is, or a function that gives the columns it sets (a flag stored as 0/1, a list as JSON).
 */
export type PatchColumns<D, R> = {
  [K in keyof D]?: ColumnFor<R, Exclude<D[K], undefined>> | ((value: Exclude<D[K], undefined>) => Partial<R>);
};

/**
 * The columns a partial update writes: for each field the input names (null included, which clears
 * it), its column as `columns` says, added to `set`; a field left out writes nothing.
 */
export function patchOf<D extends object, R>(data: D, columns: PatchColumns<D, R>, set: Partial<R> = {}): Partial<R> {
  for (const field of Object.keys(columns) as (keyof D)[]) {
    const value = data[field];
    if (value === undefined) continue;
    const to = columns[field];
    if (typeof to === 'function') Object.assign(set, to(value as Exclude<D[keyof D], undefined>));
    else set[to as keyof R] = value as unknown as R[keyof R];
  }
  return set;
}
