import type { VNode } from 'preact';
import { TextField } from '../forms.js';

type FieldProps = Parameters<typeof TextField>[0];

/** A required web address: the browser checks its form and phones show their address keyboard. */
export function UrlField(p: Omit<FieldProps, 'type' | 'inputMode' | 'required'>): VNode {
  return <TextField {...p} type="url" required inputMode="url" />;
}
