import { describe, expect, it } from 'vitest';
import { renderInline, renderMarkdown } from '../../src/modules/guides/markdown.js';
import { NASTY, unsafe } from './nasty.js';

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
