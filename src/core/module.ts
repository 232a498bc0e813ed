import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.js';
import type { Deps } from './deps.js';
import type { RouteRecord } from './http.js';
import type { KeyRing } from './keys.js';

/**
 * A capability of Ponte, declared in one place: `src/modules/<name>/index.ts` exports one
 * PonteModule, the way an engine of Decidim declares itself in its component.rb. The application,
 * the CLI, the demo and the tenancy matrix loop over the list in `src/modules/index.ts`; nothing
 * registers itself by being imported.
 */
export interface PonteModule {
  /** The folder's name; also the owner named in `src/db/owners.ts`. */
  name: string;
  /**
   * Route plugins by audience (`http/public.ts`, `http/admin.ts`, `http/api.ts`). Each is
   * registered as an encapsulated Fastify plugin: its hooks, parsers and error handlers stay in it.
   */
  routes: RoutePlugin[];
  /** Registers the module's job handlers on the queue. */
  jobs?: (deps: Deps) => void;
  /** Work to start once the application is ready, when this process runs the workers. */
  onReady?: (deps: Deps) => Promise<void>;
  /** The module's words, Italian first (`messages.ts`). */
  messages?: Dictionary;
  /** Adds the module's part of the demo programme; modules run in list order. */
  seedDemo?: (db: Db, demo: DemoContext) => Promise<void>;
  /**
   * How the tenancy matrix makes a record of organisation A or B for each path parameter name this
   * module's routes take, and a plausible body for its writes (`tenancy.ts`). Loaded only by the
   * test, never by the server.
   */
  tenancy?: () => Promise<TenancyFixtures>;
  /**
   * Moves everything the module derived from DATA_KEY under the `next` ring's current key
   * (`keys.ts`): re-encrypts sealed secrets, re-computes keyed hashes from the values still kept,
   * re-stores the hashes of private links. Run by `rotate-data-key`; safe to run again.
   */
  rotateKeys?: (deps: Deps, next: KeyRing) => Promise<KeyRotation>;
}

/** What a module moved to the new key, counted by kind of value. */
export interface KeyRotation {
  /** Secrets and personal data encrypted again, e.g. `{ 'codici fiscali': 12 }`. */
  reencrypted?: Record<string, number>;
  /** Keyed hashes and private links' hashes computed again, e.g. `{ 'manage links': 40 }`. */
  rekeyed?: Record<string, number>;
}

export type RoutePlugin = (app: FastifyInstance, deps: Deps) => Promise<void>;

export interface Dictionary {
  it: Record<string, string>;
  en: Record<string, string>;
}

/** What the demo modules share: ids by key, and the logins printed at start. */
export interface DemoIds {
  organisations: Record<string, string>;
  venues: Record<string, string>;
  /** Demo programmes by owner key (prato, firenze, consorzio, valnure, gussago). */
  programmes: Record<string, string>;
  /** Anything else a later module needs from an earlier one, by `<module>.<key>`. */
  more: Record<string, string>;
}

export interface DemoLogin {
  email: string;
  role: string;
  organisation: string;
}

export interface DemoContext {
  ids: DemoIds;
  logins: DemoLogin[];
}

/** The two organisations of the tenancy matrix and what every fixture may use. */
export type TenancyOrg = 'A' | 'B';

export interface TenancyWorld {
  deps: Deps;
  db: Db;
  org: Record<TenancyOrg, string>;
  /** A partner organisation of each (an accepted partnership), named in agreements. */
  partner: Record<TenancyOrg, string>;
  /** A venue of each, for records that need one. */
  venue: Record<TenancyOrg, string>;
  /** A number never returned before in this run, for unique names. */
  next(): number;
  /** An organisation with no partnership yet (each asked once at most). */
  spare(): string;
  /** The user who writes each organisation's records in its name (A's facilitator, B's admin). */
  author: Record<TenancyOrg, string>;
  /** A record made by the fixture of another parameter, whichever module defines it. */
  fixture(name: string, org: TenancyOrg, ids: Record<string, string>): Promise<string>;
}

/**
 * Makes a record of organisation `org` for one path parameter. `ids` holds the parameters filled so
 * far, left to right (a version of a sheet belongs to the sheet named before it); `route` tells
 * apart two kinds of record that share a parameter name.
 */
export type TenancyFixture = (w: TenancyWorld, org: TenancyOrg, ids: Record<string, string>, route?: RouteRecord) => Promise<string>;

/** A plausible body for a write, keyed `METHOD path` in TenancyFixtures.bodies. */
export type TenancyBody = (w: TenancyWorld, org: TenancyOrg, ids: Record<string, string>) => Record<string, unknown>;

export interface TenancyFixtures {
  /** By path parameter name. */
  fixtures: Record<string, TenancyFixture>;
  /** By `METHOD path`, e.g. `POST /api/v1/programmes`. */
  bodies?: Record<string, TenancyBody>;
}
