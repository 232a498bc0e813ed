import type { VNode } from 'preact';
import { TextField } from '../forms.js';
import { URL_INPUT } from './url-input.js';

type FieldProps = Parameters<typeof TextField>[0];

/** A required web address: the browser checks its form and phones show their address keyboard. */
export function UrlField(p: Omit<FieldProps, 'type' | 'inputMode' | 'required'>): VNode {
  return <TextField {...p} {...URL_INPUT} />;
}
