/** Tables owned by organisations: organisations, comuni, venues, agreements and partnerships. Conventions in ../schema.ts. */

export interface MunicipalityTable {
  code: string;
  name: string;
  search_name: string;
  province: string;
  province_code: string;
  region: string;
  cadastral_code: string;
  active: number;
  replaced_by: string | null;
  updated_at: string;
}

export interface OrganisationTable {
  id: string;
  name: string;
  type: string;
  municipality_code: string;
  description: string | null;
  website: string | null;
  email: string | null;
  /** Public contact phone, shown on event and desk pages ("Per informazioni"). */
  phone: string | null;
  /** Code of the organisation in the Indice dei domicili digitali della PA (IPA), e.g. c_g999. */
  ipa_code: string | null;
  created_at: string;
  updated_at: string;
}

export interface OrganisationMunicipalityTable {
  organisation_id: string;
  municipality_code: string;
}

export interface VenueTable {
  id: string;
  organisation_id: string;
  name: string;
  address: string;
  municipality_code: string;
  latitude: number | null;
  longitude: number | null;
  capacity: number | null;
  step_free: number;
  accessibility: string | null;
  opening_notes: string | null;
  /** The facilitation point's numeric id on the national platform (IDSede). */
  national_id: string | null;
  /** Its name there, character for character (NominativoSede); null: the venue's name. */
  national_name: string | null;
  postal_code: string | null;
  created_at: string;
  updated_at: string;
}

export interface AgreementTable {
  id: string;
  organisation_id: string;
  title: string;
  start_date: string;
  end_date: string | null;
  commitments: string | null;
  document_url: string | null;
  created_at: string;
  updated_at: string;
}

export interface AgreementPartnerTable {
  agreement_id: string;
  organisation_id: string;
}

/** A partnership asked by `organisation_id` of `partner_id`; only an accepted one opens the partner's venues. */
export interface PartnershipTable {
  id: string;
  organisation_id: string;
  partner_id: string;
  /** The two organisations' ids in order, joined by "|": one live partnership per couple. */
  pair: string;
  status: 'pending' | 'accepted' | 'declined' | 'ended';
  requested_by: string | null;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  ended_by: string | null;
  ended_at: string | null;
}

/** What a partner commits to in an agreement: its venues, hours per period and volunteers. */
export interface AgreementCommitmentTable {
  id: string;
  agreement_id: string;
  partner_id: string;
  /** JSON array of venue ids. */
  venues: string;
  hours: number;
  /** 'month', 'year' or 'agreement' (the whole agreement). */
  period: 'month' | 'year' | 'agreement';
  volunteers: number;
  created_at: string;
}
