import type { VNode } from 'preact';
import type { Lang } from '../../../core/i18n.js';
import { Notice } from '../../../web/forms.js';
import { ACCESS_LABELS, CATEGORY_LABELS, LIFE_EVENT_LABELS, label, type SheetStatus, STATUS_LABELS } from '../schemas.js';

/** What the public and back-office views of service sheets share. */

export const STYLES = <link rel="stylesheet" href="/servizi/stile.css" />;

export const catLabel = (c: string, l: Lang) => label(CATEGORY_LABELS, c, l);
export const lifeLabel = (e: string, l: Lang) => label(LIFE_EVENT_LABELS, e, l);
export const accessLabel = (a: string, l: Lang) => label(ACCESS_LABELS, a, l);
export const statusLabel = (s: string, l: Lang) => label(STATUS_LABELS, s, l);

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
