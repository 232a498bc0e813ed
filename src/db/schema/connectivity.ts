/** Tables owned by participation for connectivity gaps. Conventions in ../schema.ts. */

export interface ConnectivityReportTable {
  id: string;
  organisation_id: string;
  /** ISTAT code of the comune the report names, or the one whose area holds the point; null: none of the organisation's. */
  municipality_code: string | null;
  /** Frazione or place name, as the citizen wrote it. */
  hamlet: string | null;
  street: string | null;
  latitude: number | null;
  longitude: number | null;
  /** 1 when the point lies outside the organisation's comuni (kept, flagged for staff). */
  outside: number;
  /** no-broadband, slow-broadband, no-mobile-signal, no-mobile-data. */
  problem: string;
  /** An operator of the list, or 'other' (then operator_other), or 'unknown'. */
  operator: string;
  operator_other: string | null;
  /** home, school, business, public. */
  building: string;
  school_name: string | null;
  /** The reporter's e-mail for follow-up, encrypted (keys.ts); null when not given or erased. */
  contact_email: string | null;
  /** When the contact is erased; null once erased or when none was given. */
  contact_erase_at: string | null;
  /** open, resolved, merged. */
  status: string;
  /** The report this one was merged into. */
  merged_into: string | null;
  closed_at: string | null;
  closed_by: string | null;
  created_at: string;
}
