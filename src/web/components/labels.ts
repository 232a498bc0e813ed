/**
 * The labels of a form's fields by name, for its error summary, from the same words the fields take
 * their labels from:
 *
 *   const label = (name: string) => t(l, `door.walkin.${name}`);
 *   <ErrorSummary errors={e} title={t(l, 'form.errors')} labels={labelsOf(label, 'people', 'name', 'ageBand')} />
 */
export function labelsOf(label: (name: string) => string, ...names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, label(name)]));
}
