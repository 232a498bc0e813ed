/** Tables owned by desks: help desks, hours, holds and appointments. Conventions in ../schema.ts. */

export interface DeskTable {
  id: string;
  organisation_id: string;
  venue_id: string;
  /** A pop-up desk attached to an event (no foreign key). */
  event_id: string | null;
  /** Operators during each of the event's sessions when the desk follows its event; null: it does not. */
  follow_operators?: number | null;
  name: string;
  description: string | null;
  /** 'MM-DD' of the local patron saint's day, closed like a holiday. */
  patron_day: string | null;
  person_limit_count: number | null;
  person_limit_days: number | null;
  retention_days: number;
  active: number;
  /** Moves with every change of the desk and its services, hours, exceptions and shifts (triggers, migration 042). */
  schedule_version?: number;
  created_at: string;
  updated_at: string;
}

export interface DeskServiceTable {
  desk_id: string;
  code: string;
  name: string;
  duration_minutes: number;
  /** JSON array of what to bring. */
  bring: string;
  position: number;
}

export interface DeskHoursTable {
  id: string;
  desk_id: string;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  start_time: string;
  end_time: string;
  operators: number;
}

export interface DeskExceptionTable {
  id: string;
  desk_id: string;
  kind: 'closed' | 'open' | 'blocked';
  from_date: string;
  to_date: string;
  start_time: string | null;
  end_time: string | null;
  operators: number | null;
  note: string | null;
  /** The event session an opening was taken from (a desk that follows an event). */
  event_session_id?: string | null;
  created_at: string;
}

export interface DeskOperatorTable {
  id: string;
  desk_id: string;
  name: string;
  user_id: string | null;
  weekday: number | null;
  on_date: string | null;
  start_time: string;
  end_time: string;
  absent: number;
  created_at: string;
}

export interface DeskSlotUsageTable {
  desk_id: string;
  /** UTC instant of a 5-minute unit; only ever changed by single conditional statements. */
  unit_start: string;
  used: number;
  capacity: number;
}

export interface DeskHoldTable {
  id: string;
  desk_id: string;
  service_code: string;
  start_at: string;
  end_at: string;
  expires_at: string;
  created_at: string;
}

export interface DeskAppointmentTable {
  id: string;
  desk_id: string;
  service_code: string;
  start_at: string;
  end_at: string;
  status: 'booked' | 'served' | 'no-show' | 'cancelled';
  /** Personal data: erased (null) when the desk's retention period ends. */
  name: string | null;
  email: string | null;
  phone: string | null;
  /** Keyed hashes of the normalised e-mail and phone, for the per-person limit. */
  email_hash: string | null;
  phone_hash: string | null;
  manage_token_hash: string;
  hold_id: string | null;
  source: 'online' | 'staff' | 'walk-in';
  /** 1 while the appointment holds its units in desk_slot_usage. */
  holds_capacity: number;
  booked_by: string | null;
  lang: string;
  created_at: string;
  updated_at: string;
  served_at: string | null;
  cancelled_at: string | null;
  anonymised_at: string | null;
  /** Revision of its calendar file (SEQUENCE), one up with every change; 0 until the first. */
  sequence?: number;
  /** The short code that, with the phone or e-mail, opens the appointment at /gestisci; null for walk-ins and older ones. */
  code?: string | null;
}

export interface DeskContactLockTable {
  desk_id: string;
  contact_hash: string;
  touched_at: string;
}
