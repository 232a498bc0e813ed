/** Hostile inputs for the Markdown sanitiser, and the check that what comes out is harmless. */
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

interface Tag {
  name: string;
  attrs: [string, string][];
}

/** The start tags of an HTML text with their attributes (quoted values respected, so escaped text is not mistaken for markup). */
export function tags(html: string): Tag[] {
  const out: Tag[] = [];
  const tag = /<([a-zA-Z][\w:-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/g;
  for (const m of html.matchAll(tag)) {
    const attrs: [string, string][] = [];
    for (const a of m[2].matchAll(/([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
      attrs.push([a[1].toLowerCase(), a[2] ?? a[3] ?? a[4] ?? '']);
    }
    out.push({ name: m[1].toLowerCase(), attrs });
  }
  return out;
}

const decode = (v: string) =>
  v
    .replace(/&#x([0-9a-f]+);?/gi, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#(\d+);?/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&colon;/gi, ':')
    .replace(/&amp;/g, '&')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers skip them inside addresses
    .replace(/[\s\u0000-\u001f]/g, '')
    .toLowerCase();

const ALWAYS_FORBIDDEN = ['script', 'iframe', 'object', 'embed', 'style', 'svg', 'math', 'base', 'frame', 'frameset', 'applet'];
const FRAGMENT_FORBIDDEN = ['form', 'input', 'button', 'textarea', 'select', 'meta', 'link', 'body', 'html', 'head'];

/** What must never reach a page: script elements, event handlers, style attributes, script or data addresses. */
export function unsafe(html: string, page = false): string[] {
  const found: string[] = [];
  for (const t of tags(html)) {
    if (ALWAYS_FORBIDDEN.includes(t.name) || (!page && FRAGMENT_FORBIDDEN.includes(t.name))) found.push(`element <${t.name}>`);
    for (const [name, value] of t.attrs) {
      if (name.startsWith('on')) found.push(`event handler ${name} on <${t.name}>`);
      if (name === 'style') found.push(`style attribute on <${t.name}>`);
      if (['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'srcset', 'poster'].includes(name)) {
        const v = decode(value);
        if (/^(javascript|vbscript|data):/.test(v) || v.startsWith('//')) found.push(`address ${v} in <${t.name} ${name}>`);
      }
    }
  }
  return found;
}

/** The same check for a whole page: the layout's own forms, fields, stylesheets and meta tags are fine. */
export function unsafePage(html: string): string[] {
  return unsafe(html, true);
}
