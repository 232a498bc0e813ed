/** Tables owned by callbacks: the "da avvisare per telefono" list. Conventions in ../schema.ts. */

export interface PhoneCallbackTable {
  id: string;
  organisation_id: string;
  /** Whose booking: 'registration' (events) or 'appointment' (desks). */
  subject_kind: 'registration' | 'appointment';
  /** The registration's or the appointment's id; name and phone are read from it. */
  subject_id: string;
  /** The event or the desk, for the list shown with its bookings. */
  scope_id: string;
  /** What to tell the person: promoted, offered, moved, cancelled, event-cancelled, offer-lapsed. */
  reason: string;
  created_at: string;
  done_at: string | null;
  /** The staff member who called. */
  done_by: string | null;
}
