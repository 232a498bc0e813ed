import { type TextBlock, textBlocks } from './markdown.js';

/**
 * Readability of Italian text with the Gulpease index (GULP, Università di Roma "La Sapienza",
 * 1988), the formula made for Italian:
 *
 *   G = 89 − 10 · letters / words + 300 · sentences / words        (clamped to 0…100)
 *
 * Letters are the letters and digits of the words; a word is a run of letters or digits (an
 * apostrophe or a dash separates words: "dell'anagrafe" is two words); a sentence ends at . ! ? …
 * (not inside "3.50", "www.inps.it" or after common abbreviations such as "es." or "ecc.") and at
 * the end of every paragraph, heading or list item, which need no final full stop.
 *
 * Reading the score: under 40 the text is difficult for most readers; 40–60 difficult for people
 * with basic schooling (licenza elementare); 60–80 easy for people with middle-school education
 * (licenza media); over 80 easy.
 */

export type Band = 'difficult' | 'hard' | 'fair' | 'easy';

export interface Counts {
  letters: number;
  words: number;
  sentences: number;
}

export interface Hint {
  kind: 'paragraph' | 'sentence';
  /** The start of the paragraph or sentence, to find it in the text. */
  excerpt: string;
  /** Gulpease of the paragraph, or words of the sentence. */
  value: number;
}

export interface Readability extends Counts {
  /** Gulpease, rounded; null when there is no text to measure. */
  score: number | null;
  band: Band | null;
  hints: Hint[];
}

/** A paragraph is flagged under this score, a sentence above this many words. */
export const HARD_PARAGRAPH = 60;
export const LONG_SENTENCE = 25;
/** Paragraphs shorter than this are not judged alone: a few long words would swing the score. */
export const MIN_PARAGRAPH_WORDS = 8;

const WORD = /[\p{L}\p{N}]+/gu;

const ABBREVIATIONS = new Set([
  'es',
  'ecc',
  'etc',
  'dott',
  'dott.ssa',
  'sig',
  'sigg',
  'sig.ra',
  'prof',
  'avv',
  'ing',
  'geom',
  'arch',
  'rag',
  'art',
  'artt',
  'n',
  'nr',
  'num',
  'tel',
  'pag',
  'pagg',
  'ca',
  'cfr',
  'fig',
  'vol',
  'p.es',
  'ecc.ecc',
  'c.a',
  'p.zza',
  'v.le',
  'c.so',
]);

export function words(text: string): string[] {
  return text.normalize('NFC').match(WORD) ?? [];
}

/** Splits a block of prose into sentences. */
export function sentences(block: string): string[] {
  const text = block.normalize('NFC').trim();
  const out: string[] = [];
  let start = 0;
  const end = /[.!?…]+(?=\s|$)/g;
  for (let m = end.exec(text); m; m = end.exec(text)) {
    const stop = m.index + m[0].length;
    if (m[0] === '.') {
      const before = text.slice(start, m.index);
      const last = /(\S+)$/.exec(before)?.[1]?.toLowerCase() ?? '';
      const word = last.replace(/^[("«'“]+/, '');
      // "es." "ecc." and initials like "G." do not end a sentence.
      if (ABBREVIATIONS.has(word) || /^\p{Lu}$/u.test(/(\S+)$/.exec(before)?.[1] ?? '')) {
        if (stop < text.length) continue;
      }
    }
    const s = text.slice(start, stop).trim();
    if (words(s).length > 0) out.push(s);
    start = stop;
  }
  const rest = text.slice(start).trim();
  if (words(rest).length > 0) out.push(rest);
  return out;
}

export function countText(blocks: string[]): Counts {
  let letters = 0;
  let wordCount = 0;
  let sentenceCount = 0;
  for (const b of blocks) {
    const w = words(b);
    if (w.length === 0) continue;
    wordCount += w.length;
    for (const x of w) letters += [...x].length;
    sentenceCount += Math.max(1, sentences(b).length);
  }
  return { letters, words: wordCount, sentences: sentenceCount };
}

/** The Gulpease index of counts, unrounded and clamped to 0…100; null without words. */
export function gulpease(c: Counts): number | null {
  if (c.words === 0) return null;
  const g = 89 + (300 * c.sentences - 10 * c.letters) / c.words;
  return Math.max(0, Math.min(100, g));
}

export function band(score: number | null): Band | null {
  if (score === null) return null;
  if (score < 40) return 'difficult';
  if (score < 60) return 'hard';
  if (score <= 80) return 'fair';
  return 'easy';
}

function excerpt(text: string, max = 90): string {
  return text.length <= max ? text : `${text.slice(0, max).replace(/\s+\S*$/, '')}…`;
}

function analyseBlocks(blocks: TextBlock[]): Readability {
  const counts = countText(blocks.map((b) => b.text));
  const raw = gulpease(counts);
  const hints: Hint[] = [];
  for (const b of blocks) {
    const c = countText([b.text]);
    const g = gulpease(c);
    if (b.kind !== 'heading' && g !== null && c.words >= MIN_PARAGRAPH_WORDS && g < HARD_PARAGRAPH) {
      hints.push({ kind: 'paragraph', excerpt: excerpt(b.text), value: Math.round(g) });
    }
    for (const s of sentences(b.text)) {
      const n = words(s).length;
      if (n > LONG_SENTENCE) hints.push({ kind: 'sentence', excerpt: excerpt(s), value: n });
    }
  }
  const score = raw === null ? null : Math.round(raw);
  return { ...counts, score, band: band(score), hints };
}

/** Readability of a Markdown text (the markup itself is not counted). */
export function analyseMarkdown(source: string): Readability {
  return analyseBlocks(textBlocks(source ?? ''));
}

/** Readability of plain text; blank lines separate paragraphs. */
export function analysePlain(source: string): Readability {
  const blocks = (source ?? '')
    .split(/\n\s*\n/)
    .map((t) => t.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .map((text) => ({ kind: 'paragraph' as const, text }));
  return analyseBlocks(blocks);
}

/** Readability of several Markdown texts read as one (the steps of a guide, the FAQs). */
export function analyseMany(sources: string[]): Readability {
  return analyseBlocks(sources.flatMap((s) => textBlocks(s)));
}
