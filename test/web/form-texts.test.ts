import { describe, expect, it } from 'vitest';
import { formTexts } from '../../src/web/forms.js';

describe('formTexts', () => {
  it('reads each named field as text, in the order named, as formText reads one', () => {
    const body = { b: '  due ', a: ['uno', 'altro'], c: undefined } as Record<string, string | string[] | undefined>;
    const got = formTexts(body, ['a', 'b', 'c']);
    expect(got).toEqual({ a: 'uno', b: 'due', c: '' });
    expect(Object.keys(got)).toEqual(['a', 'b', 'c']);
  });

  it('reads a JSON body’s values that are no text as empty', () => {
    const body = { n: 5, t: true, z: null } as unknown as Record<string, string>;
    expect(formTexts(body, ['n', 't', 'z'])).toEqual({ n: '', t: '', z: '' });
  });
});
