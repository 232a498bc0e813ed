import { describe, expect, it } from 'vitest';
import { analyseMarkdown, analysePlain, band, countText, gulpease, sentences, words } from '../../src/modules/guides/readability.js';

/** Numbers worked out by hand: G = 89 + (300 · sentences − 10 · letters) / words. */
describe('Gulpease readability', () => {
  it('scores a plain text as computed by hand', () => {
    // Il(2) gatto(5) dorme(5) sul(3) divano(6) / Il(2) cane(4) gioca(5) in(2) giardino(8) con(3) la(2) palla(5)
    const text = 'Il gatto dorme sul divano. Il cane gioca in giardino con la palla.';
    expect(countText([text])).toEqual({ letters: 52, words: 13, sentences: 2 });
    // 89 + (600 − 520) / 13 = 95.15
    expect(gulpease({ letters: 52, words: 13, sentences: 2 })).toBeCloseTo(95.1538, 3);
    const r = analysePlain(text);
    expect(r.score).toBe(95);
    expect(r.band).toBe('easy');
    expect(r.hints).toEqual([]);
  });

  it('scores bureaucratic Italian as difficult and flags the paragraph', () => {
    const text =
      "La documentazione amministrativa necessaria all'espletamento dell'istruttoria procedimentale deve essere trasmessa telematicamente.";
    // 13 words (the apostrophe separates "all'" and "dell'"), 118 letters, 1 sentence: 89 + (300 − 1180) / 13 = 21.31
    expect(countText([text])).toEqual({ letters: 118, words: 13, sentences: 1 });
    const r = analysePlain(text);
    expect(r.score).toBe(21);
    expect(r.band).toBe('difficult');
    expect(r.hints).toEqual([{ kind: 'paragraph', excerpt: expect.stringContaining('La documentazione amministrativa'), value: 21 }]);
  });

  it('counts accented letters once and clamps to 100', () => {
    expect(words('città è più')).toEqual(['città', 'è', 'più']);
    expect(countText(['città è più'])).toEqual({ letters: 9, words: 3, sentences: 1 });
    expect(gulpease({ letters: 9, words: 3, sentences: 1 })).toBe(100);
  });

  it('flags sentences over 25 words', () => {
    const long = `${Array.from({ length: 30 }, () => 'sole').join(' ')}.`;
    const r = analysePlain(`Va bene. ${long}`);
    expect(r.hints).toContainEqual({ kind: 'sentence', excerpt: expect.stringMatching(/^sole sole/), value: 30 });
    expect(r.hints.filter((h) => h.kind === 'sentence')).toHaveLength(1);
  });

  it('does not end sentences at abbreviations, decimals or web addresses', () => {
    expect(sentences('Porta i documenti, es. la carta. Poi vai su www.inps.it e paga 3.50 euro.')).toEqual([
      'Porta i documenti, es. la carta.',
      'Poi vai su www.inps.it e paga 3.50 euro.',
    ]);
  });

  it('reads Markdown without its markup; list items and headings end sentences', () => {
    const md = '# Come fare\n\nPrendi il **documento**. Vai in [Comune](https://www.comune.fi.it).\n\n- porta la foto\n- porta la tessera';
    // Come(4) fare(4) | Prendi(6) il(2) documento(9) | Vai(3) in(2) Comune(6) | porta(5) la(2) foto(4) | porta(5) la(2) tessera(7)
    const r = analyseMarkdown(md);
    expect({ words: r.words, letters: r.letters, sentences: r.sentences }).toEqual({ words: 14, letters: 61, sentences: 5 });
    // 89 + (1500 − 610) / 14 = 152.6 → 100
    expect(r.score).toBe(100);
  });

  it('names the bands with the thresholds of the index', () => {
    expect([band(39.9), band(40), band(59.9), band(60), band(80), band(80.1), band(null)]).toEqual([
      'difficult',
      'hard',
      'hard',
      'fair',
      'fair',
      'easy',
      null,
    ]);
  });

  it('has no score without words', () => {
    expect(analysePlain('  ').score).toBeNull();
    expect(analyseMarkdown('---').score).toBeNull();
  });
});
