import { type AgeBand, GENDER_FROM_CODE, type Gender, splitCodes } from './codes.js';
import type * as repo from './repo.js';
import { formatDuration } from './schemas.js';

/* A record as the API and the pages show it. */

// ---------- views ----------

export interface RecordView {
  id: string;
  programme: string;
  venue: string;
  facilitator: string;
  date: string;
  duration: string;
  kinds: string[];
  competences: number[];
  areas: string[];
  services: string[];
  details: string | null;
  citizen: {
    known: boolean;
    hasFiscalCode: boolean;
    ageBand: AgeBand | null;
    gender: Gender | null;
    education: string | null;
    employment: string | null;
    citizenship: string | null;
    province: string | null;
    consent: { channel: string | null; date: string | null };
  };
  questionnaire: 'not_sent' | 'sent' | 'answered';
  editableUntil: string;
  createdAt: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function editableUntil(row: Pick<repo.RecordRow, 'created_at'>, days: number): string {
  return new Date(Date.parse(row.created_at) + days * DAY_MS).toISOString();
}

export function present(row: repo.RecordRow, days: number, hasFiscalCode: boolean): RecordView {
  return {
    id: row.id,
    programme: row.programme_id,
    venue: row.venue_id,
    facilitator: row.facilitator_id,
    date: row.service_date,
    duration: formatDuration(Number(row.duration_minutes)),
    kinds: splitCodes(row.kinds),
    competences: splitCodes(row.competences).map(Number),
    areas: splitCodes(row.areas),
    services: splitCodes(row.services),
    details: row.details,
    citizen: {
      known: row.citizen_id !== null,
      hasFiscalCode,
      ageBand: (row.age_band as AgeBand | null) ?? null,
      gender: row.gender ? (GENDER_FROM_CODE[row.gender] ?? null) : null,
      education: row.education,
      employment: row.employment,
      citizenship: row.citizenship,
      province: row.province,
      consent: { channel: row.consent_channel, date: row.consent_date },
    },
    questionnaire: row.survey_status,
    editableUntil: editableUntil(row, days),
    createdAt: row.created_at,
  };
}
