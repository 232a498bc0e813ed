import type { AccessMethod, Category, LifeEvent } from './schemas.js';

/** A demo service sheet as written in the demo files: plain Italian, links to the official sites. */
export interface DemoSheet {
  org: string;
  slug: string;
  name: string;
  summary: string;
  audience: string;
  category: Category;
  access: AccessMethod[];
  url: string;
  cost: string;
  times: string;
  lifeEvents: LifeEvent[];
  topics: string[];
  desk: string[];
  body: string;
  steps: string[];
  faqs: [string, string][];
  contacts: string;
}
