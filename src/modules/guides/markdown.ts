import { Marked, type Token, type Tokens } from 'marked';
import type sanitizeHtml from 'sanitize-html';
import { lazyRequire } from '../../core/lazy.js';

/**
 * Markdown of service sheets → HTML that is safe to put in a page. Markdown is rendered by `marked`
 * and then passed through `sanitize-html` with an allow-list: only text-level and block tags, links
 * with http(s), mailto and tel addresses, images served by this site. Scripts, styles, event
 * handlers, iframes, forms, `javascript:` and `data:` addresses are dropped, whatever the input.
 *
 * Images from other sites become plain links: the Content-Security-Policy allows images from this
 * site only, and a citizen reading a guide should not be announced to a third party.
 */

// sanitize-html (and its HTML and CSS parsers) loads with the first sheet shown, not at start.
const sanitize = lazyRequire<typeof sanitizeHtml>('sanitize-html');

const marked = new Marked({ gfm: true, breaks: false, async: false });

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

marked.use({
  renderer: {
    image({ href, text }) {
      if (isSiteImage(href)) return `<img src="${escapeAttr(href)}" alt="${escapeAttr(text)}">`;
      return `<a href="${escapeAttr(href)}">${escapeAttr(text ? `Immagine: ${text}` : 'Immagine')}</a>`;
    },
  },
});

const SAFE_SCHEMES = ['http', 'https', 'mailto', 'tel'];

function isSiteImage(src: string): boolean {
  return /^\/(?!\/)[^\s\\]*$/.test(src);
}

function sanitiseOptions(headingBase: number): sanitizeHtml.IOptions {
  const level = (n: number) => `h${Math.min(6, n + headingBase - 1)}`;
  return {
    allowedTags: [
      'p',
      'br',
      'strong',
      'em',
      'b',
      'i',
      'del',
      's',
      'ul',
      'ol',
      'li',
      'a',
      'h2',
      'h3',
      'h4',
      'h5',
      'h6',
      'blockquote',
      'code',
      'pre',
      'hr',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
      'img',
    ],
    allowedAttributes: {
      a: ['href', 'title'],
      img: ['src', 'alt', 'title'],
      ol: ['start'],
      th: ['scope'],
    },
    allowedSchemes: SAFE_SCHEMES,
    allowedSchemesByTag: { img: [] },
    allowedSchemesAppliedToAttributes: ['href', 'src'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    // Headings of the body sit under the page's own h1 and section h2.
    transformTags: {
      h1: level(1),
      h2: level(2),
      h3: level(3),
      h4: level(4),
      h5: level(5),
      h6: level(6),
    },
    // Raw <img> tags pointing elsewhere are dropped (Markdown images were turned into links above).
    exclusiveFilter: (frame) => frame.tag === 'img' && !isSiteImage(frame.attribs.src ?? ''),
  };
}

const optionsByLevel = new Map<number, sanitizeHtml.IOptions>();

/** Sanitised HTML of a Markdown text; headings start at `headingBase` (h3 by default). */
export function renderMarkdown(source: string, headingBase = 3): string {
  if (!source.trim()) return '';
  let options = optionsByLevel.get(headingBase);
  if (!options) {
    options = sanitiseOptions(headingBase);
    optionsByLevel.set(headingBase, options);
  }
  const html = marked.parse(source) as string;
  return sanitize()(html, options);
}

/** Sanitised HTML of one line of Markdown (no paragraph around it), for step texts. */
export function renderInline(source: string): string {
  if (!source.trim()) return '';
  return sanitize()(marked.parseInline(source) as string, sanitiseOptions(3));
}

// ---------- plain text, for readability ----------

export interface TextBlock {
  kind: 'paragraph' | 'heading' | 'item' | 'quote' | 'cell';
  text: string;
}

function inlineText(tokens: Token[] | undefined, fallback = ''): string {
  if (!tokens) return fallback;
  let out = '';
  for (const t of tokens) {
    switch (t.type) {
      case 'text':
        out += 'tokens' in t && t.tokens ? inlineText(t.tokens, t.text) : decode(t.text);
        break;
      case 'escape':
      case 'codespan':
        out += decode(t.text);
        break;
      case 'strong':
      case 'em':
      case 'del':
      case 'link':
        out += inlineText((t as Tokens.Strong).tokens, (t as Tokens.Strong).text);
        break;
      case 'br':
        out += ' ';
        break;
      case 'image':
      case 'html':
        break;
      default:
        if ('text' in t && typeof t.text === 'string') out += decode(t.text);
    }
  }
  return out;
}

function decode(s: string): string {
  return s
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function walk(tokens: Token[], out: TextBlock[], inQuote: boolean): void {
  for (const t of tokens) {
    switch (t.type) {
      case 'paragraph':
        out.push({ kind: inQuote ? 'quote' : 'paragraph', text: inlineText(t.tokens, t.text) });
        break;
      case 'heading':
        out.push({ kind: 'heading', text: inlineText(t.tokens, t.text) });
        break;
      case 'text': {
        const tt = t as Tokens.Text;
        out.push({ kind: 'item', text: inlineText(tt.tokens, tt.text) });
        break;
      }
      case 'list':
        for (const item of (t as Tokens.List).items) {
          const before = out.length;
          walk(item.tokens, out, inQuote);
          for (let i = before; i < out.length; i++) if (out[i].kind === 'paragraph') out[i].kind = 'item';
        }
        break;
      case 'blockquote':
        walk((t as Tokens.Blockquote).tokens, out, true);
        break;
      case 'table': {
        const table = t as Tokens.Table;
        for (const cell of table.header) out.push({ kind: 'cell', text: inlineText(cell.tokens, cell.text) });
        for (const row of table.rows) for (const cell of row) out.push({ kind: 'cell', text: inlineText(cell.tokens, cell.text) });
        break;
      }
      default:
        // Code blocks, rules, raw HTML and blank space are not prose.
        break;
    }
  }
}

/** The prose of a Markdown text, block by block (paragraphs, headings, list items, table cells). */
export function textBlocks(source: string): TextBlock[] {
  const out: TextBlock[] = [];
  walk(marked.lexer(source), out, false);
  return out.map((b) => ({ kind: b.kind, text: b.text.replace(/\s+/g, ' ').trim() })).filter((b) => b.text.length > 0);
}
