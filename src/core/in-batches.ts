/**
 * Runs `write` on the rows `size` at a time, one batch after the other: a statement per batch keeps
 * its bound parameters under both databases' limits (SQLite's is the lower).
 *
 *   await inBatches(items, 50, (batch) => k.insertInto('skill_items').values(batch).execute());
 */
export async function inBatches<R>(rows: readonly R[], size: number, write: (batch: R[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}
