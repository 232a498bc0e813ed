/**
 * One CSV cell: quoted when it holds a separator (comma or semicolon, which spreadsheets set to
 * Italian use), a quote or a line break, or starts or ends with a space that would be lost.
 * In a module of its own so the exports load it without the dashboards.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\r\n;]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
