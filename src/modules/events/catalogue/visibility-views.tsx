import type { VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { isListed, type Visibility } from '../visibility.js';

/**
 * What an unlisted or invitation-only event's pages add (visibility.ts): a request to search
 * engines not to index them, in place of the JSON-LD that would invite it; and, on the booking
 * form of a course by invitation, who may book.
 */

/** The page's JSON-LD for a listed event; `noindex` for the others. */
export function IndexingHead(props: { visibility: Visibility; children?: VNode }): VNode | null {
  if (isListed(props.visibility)) return props.children ?? null;
  return <meta name="robots" content="noindex, nofollow" />;
}

export function InvitationNotice(props: { l: Lang; visibility: Visibility }): VNode | null {
  if (props.visibility !== 'invitation') return null;
  return (
    <p class="alert alert-info" role="note">
      {t(props.l, 'vis.notice.invitation')}
    </p>
  );
}
