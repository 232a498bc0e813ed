import { describe, expect, it } from 'vitest';
import { renderInline, renderMarkdown } from '../../src/modules/guides/markdown.js';

/** Inputs that try to run script through Markdown or raw HTML. */
export const NASTY = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=https://evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<img src="/static/x.png" onerror="alert(1)">',
  '<svg onload=alert(1)><circle/></svg>',
  '<iframe src="https://evil.example"></iframe>',
  '<object data="https://evil.example/x.swf"></object>',
  '<embed src="https://evil.example/x.swf">',
  '<form action="https://evil.example"><button>ok</button></form>',
  '<style>body{background:url(javascript:alert(1))}</style>',
  '<p style="background:url(javascript:alert(1))">stile</p>',
  '<a href="https://ok.example" onclick="alert(1)">ok</a>',
  '<a href="javascript:alert(1)">link</a>',
  '<a href="JaVaScRiPt:alert(1)">link</a>',
  '<a href="java&#x09;script:alert(1)">link</a>',
  '<a href="&#106;avascript:alert(1)">link</a>',
  '<a href="vbscript:msgbox(1)">link</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">link</a>',
  '[link](javascript:alert(1))',
  '[link](  javascript:alert(1))',
  '[link](data:text/html;base64,PHNjcmlwdD4=)',
  '[link](//evil.example/x)',
  '![immagine](javascript:alert(1))',
  '![immagine](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '<javascript:alert(1)>',
  '[x][ref]\n\n[ref]: javascript:alert(1)',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<<script>script>alert(1)<</script>/script>',
  '<div onmouseover="alert(1)">passa qui</div>',
  '<body onload=alert(1)>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="javascript:/">',
  '<input autofocus onfocus=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '`<script>alert(1)</script>`',
  '```html\n<script>alert(1)</script>\n```',
];

/** What must never reach a page: script elements, event handlers, script or data addresses. */
export function unsafe(html: string): string[] {
  const found: string[] = [];
  if (/<\s*script/i.test(html)) found.push('script element');
  if (/<\s*(iframe|object|embed|form|style|svg|math|meta|base|input|body|link)\b/i.test(html)) found.push('forbidden element');
  if (/<[^>]+\son[a-z]+\s*=/i.test(html)) found.push('event handler');
  if (/<[^>]+\sstyle\s*=/i.test(html)) found.push('style attribute');
  for (const m of html.matchAll(/\s(?:href|src|action|formaction|data)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    const value = (m[2] ?? m[3] ?? m[4] ?? '').replace(/&#x?[0-9a-f]+;?|\s/gi, '').toLowerCase();
    if (/^(javascript|vbscript|data):/.test(value) || value.startsWith('//')) found.push(`address ${value}`);
  }
  return found;
}

describe('Markdown sanitiser', () => {
  it.each(NASTY)('keeps %j harmless', (input) => {
    expect(unsafe(renderMarkdown(input))).toEqual([]);
    expect(unsafe(renderInline(input))).toEqual([]);
  });

  it('still renders ordinary Markdown: headings below the page title, lists, links, emphasis', () => {
    const html = renderMarkdown(
      '# Cosa serve\n\nPorta la **tessera sanitaria** e vai su [SPID](https://www.spid.gov.it).\n\n1. uno\n2. due',
    );
    expect(html).toContain('<h3>Cosa serve</h3>');
    expect(html).toContain('<strong>tessera sanitaria</strong>');
    expect(html).toContain('<a href="https://www.spid.gov.it">SPID</a>');
    expect(html).toContain('<ol>');
    expect(renderMarkdown('## Sotto', 2)).toContain('<h3>Sotto</h3>');
  });

  it('shows images of this site and turns images of other sites into links', () => {
    expect(renderMarkdown('![Il modulo](/static/guide/modulo.png)')).toContain('<img src="/static/guide/modulo.png" alt="Il modulo" />');
    const other = renderMarkdown('![Il modulo](https://tracker.example/modulo.png)');
    expect(other).not.toContain('<img');
    expect(other).toContain('<a href="https://tracker.example/modulo.png">Immagine: Il modulo</a>');
  });

  it('keeps mail and phone links', () => {
    expect(renderMarkdown('[Scrivi](mailto:urp@comune.example) o [chiama](tel:+390551234567)')).toContain('href="tel:+390551234567"');
  });

  it('the check itself notices unsafe HTML', () => {
    expect(unsafe('<a href="javascript:alert(1)">x</a>')).not.toEqual([]);
    expect(unsafe('<img src=x onerror=alert(1)>')).not.toEqual([]);
    expect(unsafe('<script>x</script>')).not.toEqual([]);
  });
});
