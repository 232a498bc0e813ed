import type { VNode } from 'preact';
import { type Lang, t } from '../../../core/i18n.js';
import { formatRome, now } from '../../../core/time.js';
import { assetUrl } from '../../../web/assets.js';
import type { HoldState, SlotView } from '../service.js';
import { time } from './shared.js';

/*
 * The 5-minute hold on the details form (WCAG 2.2.1, timing adjustable): the page says until when
 * the time is kept; with JavaScript a minute's warning and the end are announced; a button of the
 * form itself (so nothing typed is lost, and no script is needed) asks for five more minutes; when
 * the time was lost, the same form offers the day's other free times.
 */

/** The deadline, at the top of the form. After an extension it takes the focus, so a keyboard or screen reader hears it worked. */
export function HoldNotice(props: { l: Lang; slot: string; hold: HoldState | undefined; extended: boolean }): VNode {
  const { l, hold } = props;
  if (!hold) {
    return (
      <div class="alert alert-warning" role="status">
        {t(l, 'desks.book.heldExpired', { slot: props.slot })}
      </div>
    );
  }
  const until = formatRome(hold.expiresAt, l, 'H:mm');
  const seconds = Math.max(0, Math.round((Date.parse(hold.expiresAt) - now().getTime()) / 1000));
  return (
    <>
      {/* biome-ignore lint/a11y/noAutofocus: after "five more minutes" the new deadline takes the focus, without JavaScript */}
      <div class="alert alert-info" role="status" id="hold-notice" tabIndex={-1} autoFocus={props.extended} data-seconds={String(seconds)}>
        {props.extended ? <p class="fw-bold mb-1">{t(l, 'desks.hold.extended', { until })}</p> : null}
        <p class="mb-0">{t(l, 'desks.book.held', { slot: props.slot, until })}</p>
      </div>
      <div
        id="hold-warning"
        class="ponte-hold-warning"
        role="alert"
        data-warn={t(l, 'desks.hold.warning')}
        data-expired={t(l, 'desks.hold.expired')}
      />
      <script src={assetUrl('hold-timer.js')} defer />
    </>
  );
}

/** "Five more minutes": a submit button of the details form, posted to the extension route with everything typed. */
export function HoldExtend(props: { l: Lang; deskId: string; hold: HoldState | undefined }): VNode | null {
  const { l, hold } = props;
  if (!hold?.extendable) return null;
  return (
    <div class="mt-3">
      <p id="hold-extend-hint" class="mb-2">
        {t(l, 'desks.hold.extendHint')}
      </p>
      <button
        type="submit"
        class="btn btn-outline-primary"
        formAction={`/sportelli/${props.deskId}/prenota/proroga`}
        aria-describedby="hold-extend-hint"
      >
        {t(l, 'desks.hold.extend')}
      </button>
    </div>
  );
}

/**
 * When the time was taken while the citizen typed: the day's other free times, as a choice in the
 * same form (the first one chosen), so confirming books one of them with what was typed.
 */
export function OtherTimes(props: { l: Lang; day: string; dayLabel: string; slots: SlotView[] }): VNode {
  const { l } = props;
  if (props.slots.length === 0) return <p>{t(l, 'desks.hold.noOthers')}</p>;
  return (
    <fieldset class="mb-3" id="f-start" tabIndex={-1}>
      <legend class="h6">{t(l, 'desks.hold.others', { day: props.dayLabel })}</legend>
      {props.slots.map((s, i) => (
        <div class="form-check">
          <input class="form-check-input" type="radio" name="start" id={`f-start-${i}`} value={s.start} checked={i === 0} />
          <label class="form-check-label" for={`f-start-${i}`}>
            {`${time(s.start)}–${time(s.end)}`}
          </label>
        </div>
      ))}
    </fieldset>
  );
}
