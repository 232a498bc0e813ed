import { type Lang, t } from '../../../core/i18n.js';
import { nowIso } from '../../../core/time.js';
import type { FeedEntry } from './catalogue.js';
import { whenLabel } from './format.js';

/**
 * The catalogue as an Atom feed (RFC 4287), for the comune's website, a news reader or a
 * newsletter tool: one entry per event, with the same filters as the catalogue page. Written by
 * hand because the format is small; the tests read it back with a maintained feed parser.
 */

/** Characters XML 1.0 cannot carry at all (control characters other than tab and line ends). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to drop
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text made safe for an XML element or a quoted attribute. */
export function xmlText(value: string): string {
  return value
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function place(l: Lang, e: FeedEntry['event']): string {
  if (e.format === 'online') return t(l, 'cat.online');
  const parts = [e.venue?.name, e.venue?.address, e.municipality ? `${e.municipality.name} (${e.municipality.provinceCode})` : undefined];
  return parts.filter(Boolean).join(', ');
}

/** The plain-text summary of an entry: when, where, for whom, then the description. */
function summary(l: Lang, f: FeedEntry): string {
  const e = f.event;
  const lines = [`${t(l, 'cat.when')}: ${whenLabel(e.start, l)}`, `${t(l, 'cat.where')}: ${place(l, e)}`];
  if (e.audiences.length > 0) lines.push(`${t(l, 'cat.for')}: ${e.audiences.map((a) => t(l, `audience.${a}`)).join(', ')}`);
  if (f.description) lines.push('', f.description);
  return lines.join('\n');
}

function entry(l: Lang, baseUrl: string, f: FeedEntry): string {
  const e = f.event;
  const page = `${baseUrl}${e.page}`;
  const audiences = e.audiences.map((a) => `<category term="${xmlText(a)}" label="${xmlText(t(l, `audience.${a}`))}"/>`).join('');
  return [
    '<entry>',
    // Event ids are UUIDs: a permanent identifier that survives a change of the site's address.
    `<id>urn:uuid:${e.id}</id>`,
    `<title type="text">${xmlText(e.title)}</title>`,
    `<updated>${f.updatedAt}</updated>`,
    `<link rel="alternate" type="text/html" href="${xmlText(page)}"/>`,
    `<author><name>${xmlText(e.organisation.name)}</name></author>`,
    audiences,
    `<summary type="text">${xmlText(summary(l, f))}</summary>`,
    '</entry>',
  ].join('');
}

export interface AtomFeed {
  /** The feed's own address, with its query: its `id` and `self` link. */
  self: string;
  /** The catalogue page with the same filters. */
  alternate: string;
  title: string;
  lang: Lang;
  baseUrl: string;
}

/** The feed document; `updated` is the latest change among its events (now when it has none). */
export function atomFeed(feed: AtomFeed, entries: FeedEntry[]): string {
  const updated =
    entries
      .map((f) => f.updatedAt)
      .sort()
      .at(-1) ?? nowIso();
  return [
    '<?xml version="1.0" encoding="utf-8"?>\n',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${feed.lang}">`,
    `<id>${xmlText(feed.self)}</id>`,
    `<title type="text">${xmlText(feed.title)}</title>`,
    `<updated>${updated}</updated>`,
    `<link rel="self" type="application/atom+xml" href="${xmlText(feed.self)}"/>`,
    `<link rel="alternate" type="text/html" href="${xmlText(feed.alternate)}"/>`,
    '<author><name>Ponte</name></author>',
    '<generator>Ponte</generator>',
    ...entries.map((f) => entry(feed.lang, feed.baseUrl, f)),
    '</feed>\n',
  ].join('');
}
