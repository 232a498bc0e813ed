import type { VNode } from 'preact';
import type { Lang } from '../../../core/i18n.js';
import { Notice } from '../../../web/forms.js';
import { vocabularyLabel } from '../messages.js';
import type { SheetStatus } from '../schemas.js';

/** What the public and back-office views of service sheets share. */

export const STYLES = <link rel="stylesheet" href="/servizi/stile.css" />;

/** The labels of the vocabularies' codes (vocabulary.json). */
export const catLabel = (c: string, l: Lang) => vocabularyLabel('category', c, l);
export const lifeLabel = (e: string, l: Lang) => vocabularyLabel('lifeEvent', e, l);
export const accessLabel = (a: string, l: Lang) => vocabularyLabel('access', a, l);
export const statusLabel = (s: string, l: Lang) => vocabularyLabel('status', s, l);

export function Html(props: { html: string; class?: string }): VNode | null {
  if (!props.html) return null;
  // The HTML comes from renderMarkdown/renderInline, which sanitise with an allow-list.
  return <div class={props.class} dangerouslySetInnerHTML={{ __html: props.html }} />;
}

export function InlineHtml(props: { html: string }): VNode {
  return <span dangerouslySetInnerHTML={{ __html: props.html }} />;
}

export function StatusBadge(props: { status: SheetStatus; l: Lang }): VNode {
  return <span class={`ponte-guide-status ponte-guide-status-${props.status}`}>{statusLabel(props.status, props.l)}</span>;
}

/** A success notice when there is a text to show. */
export function TextNotice(props: { text?: string }): VNode | null {
  return props.text ? <Notice kind="success">{props.text}</Notice> : null;
}
