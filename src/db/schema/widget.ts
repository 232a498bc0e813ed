/** Tables owned by widget: the origins allowed to frame an organisation's widget. Conventions in ../schema.ts. */

export interface WidgetOriginTable {
  id: string;
  organisation_id: string;
  /** `https://www.comune.example.it`: scheme, host and port only, lower case, no trailing slash. */
  origin: string;
  created_by: string | null;
  created_at: string;
}
