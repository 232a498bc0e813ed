/** Tables owned by programmes: programmes, their partners and targets. Conventions in ../schema.ts. */

export interface ProgrammeTable {
  id: string;
  organisation_id: string;
  name: string;
  description: string | null;
  funding: string | null;
  start_date: string;
  end_date: string;
  /** 1 when the programme reports each service to the national monitoring platform. */
  national_reporting: number;
  /** Days after an event when its registrations' personal data is erased. */
  retention_days: number;
  /** YYYY-MM-DD from which citizens aged 14–17 may be served (AN8 = E); null: never. */
  minors_from: string | null;
  /** 'RFD' (CSV upload) or 'SCD' (Servizio Civile Digitale, XLSX upload); null: RFD. */
  national_policy: string | null;
  national_programme_code: string | null;
  national_project_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface ProgrammePartnerTable {
  programme_id: string;
  organisation_id: string;
}

export interface ProgrammeTargetTable {
  id: string;
  programme_id: string;
  metric: string;
  value: number;
  deadline: string;
  label: string | null;
}

/** One course of a programme's plan; `event_id` (and its `series_id`) once it has a date. */
export interface ProgrammePlanItemTable {
  id: string;
  programme_id: string;
  /** Order within the plan, from 1. */
  position: number;
  title: string;
  /** An events audience code ('anziani', 'genitori-0-6', …). */
  audience: string;
  description: string | null;
  /** When it is expected, in words ("da febbraio", "primavera"); shown until it has a date. */
  expected: string | null;
  /** YYYY-MM, when the month is known: orders undated items and reads "in programma da febbraio". */
  expected_month: string | null;
  event_id: string | null;
  series_id: string | null;
  created_at: string;
  updated_at: string;
}
