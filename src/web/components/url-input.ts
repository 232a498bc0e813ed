/**
 * What makes a text field a required web address: the browser checks its form and phones show
 * their address keyboard. A FieldList field spreads it, `{ name: 'url', ...URL_INPUT, maxLength }`,
 * as UrlField (url-field.tsx) does for a field written as JSX.
 */
export const URL_INPUT = { type: 'url', inputMode: 'url', required: true } as const;
