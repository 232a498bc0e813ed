import type { VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { SubmitButton } from '../../../web/components/form-page.js';
import { Section } from '../../../web/components/section.js';
import { type Errors, Form, SelectField, TextArea } from '../../../web/forms.js';
import { VISIBILITIES, type Visibility } from '../visibility.js';

type Values = Record<string, string | string[] | undefined>;

const text = (v: Values, k: string): string => {
  const x = v[k];
  return Array.isArray(x) ? (x[0] ?? '') : (x ?? '');
};

/**
 * The event and series forms' part for closed and internal courses (visibility.ts): who sees the
 * event and, for a course by invitation, the list of people who may book, one contact a line.
 */
export function VisibilityFields(props: { l: Lang; v: Values; e: Errors }): VNode {
  const { l, v, e } = props;
  return (
    <fieldset class="mb-4 ponte-fieldset">
      <legend class="h5">{t(l, 'vis.legend')}</legend>
      <SelectField
        name="visibility"
        label={t(l, 'vis.field')}
        value={text(v, 'visibility') || 'public'}
        error={e.visibility}
        hint={t(l, 'vis.hint')}
        options={VISIBILITIES.map((x) => ({ value: x, label: t(l, `vis.${x}`) }))}
      />
      <TextArea
        name="invitations"
        label={t(l, 'vis.invitations')}
        value={text(v, 'invitations')}
        error={e.invitations}
        hint={t(l, 'vis.invitations.hint')}
        rows={5}
        maxLength={200_000}
      />
    </fieldset>
  );
}

/** The labels of its fields, for the form's error summary. */
export function visibilityFieldLabels(l: Lang): Record<string, string> {
  return { visibility: t(l, 'vis.field'), invitations: t(l, 'vis.invitations') };
}

/** The badge of an unlisted or invitation-only event in staff lists; nothing for a public one. */
export function VisibilityBadge(props: { l: Lang; visibility: Visibility }): VNode | null {
  if (props.visibility === 'public') return null;
  return <span class="ponte-tag">{t(props.l, `vis.badge.${props.visibility}`)}</span>;
}

/** On the form of a published course by invitation: the button that e-mails the invitations (invitations.ts). */
export function InvitationSend(props: {
  l: Lang;
  event: { id: string; visibility: Visibility; status: string };
  csrf?: string;
}): VNode | null {
  const { l, event } = props;
  if (event.visibility !== 'invitation' || event.status !== 'published') return null;
  return (
    <Section id="invitations-title" heading={t(l, 'vis.send.title')} class="mt-4 ponte-card">
      <p>{t(l, 'vis.send.hint')}</p>
      <Form action={`/admin/events/${event.id}/inviti`} csrf={props.csrf}>
        <SubmitButton label={t(l, 'vis.send.submit')} class="btn btn-outline-primary" />
      </Form>
    </Section>
  );
}
