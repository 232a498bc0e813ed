/** Tables owned by guides: service sheets and the guides search index. Conventions in ../schema.ts. */

export interface ServiceSheetTable {
  id: string;
  organisation_id: string;
  /** Unique within the organisation; the public page's address. */
  slug: string;
  name: string;
  /** What the service is for. */
  summary: string;
  /** Who can use it. */
  audience: string | null;
  /** Markdown, rendered through the sanitiser. */
  body: string;
  category: string;
  /** JSON array of access methods (spid, cie, cns, eidas, none). */
  access: string;
  url: string | null;
  cost: string | null;
  times: string | null;
  /** JSON array of { question, answer } (answers in Markdown). */
  faqs: string;
  contacts: string | null;
  status: 'draft' | 'review' | 'published';
  /** Number of the latest version in service_sheet_versions. */
  version: number;
  published_at: string | null;
  created_by: string | null;
  updated_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ServiceSheetStepTable {
  sheet_id: string;
  position: number;
  text: string;
  image_url: string | null;
  image_alt: string | null;
}

export interface ServiceSheetLifeEventTable {
  sheet_id: string;
  life_event: string;
}

export interface ServiceSheetTopicTable {
  sheet_id: string;
  topic: string;
}

export interface ServiceSheetDeskServiceTable {
  sheet_id: string;
  service_code: string;
}

export interface ServiceSheetVersionTable {
  id: string;
  sheet_id: string;
  number: number;
  action: string;
  status: string;
  author_id: string | null;
  author_name: string | null;
  restored_from: number | null;
  /** JSON snapshot of the whole content. */
  content: string;
  created_at: string;
}

export interface GuideTermTable {
  term: string;
  stem: string;
  length: number;
  sheets: number;
}

/** Published sheets in the search index (plus an FTS5 table on SQLite, a tsvector column on PostgreSQL). */
export interface GuideIndexTable {
  sheet_id: string;
  organisation_id: string;
  category: string;
  /** The name's words reduced by the guides' stemmer: a query's words found in it rank first on both dialects. */
  title: string;
}

/** The distinct words of each indexed sheet, to keep guide_terms' counts. */
export interface GuideWordTable {
  sheet_id: string;
  words: string;
  updated_at: string;
}

/** One row (id 1): how many times the search index changed; search results are kept per number. */
export interface GuideSearchVersionTable {
  id: number;
  version: number;
}
