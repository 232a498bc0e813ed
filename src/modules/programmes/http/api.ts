import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { orgAccess, PUBLIC, SIGNED_IN } from '../../../core/access.js';
import { apiRouter } from '../../../core/api.js';
import type { Deps } from '../../../core/deps.js';
import { withIdempotency } from '../../../core/idempotency.js';
import type { RoutePlugin } from '../../../core/module.js';
import { ORG_STAFF } from '../../../core/roles.js';
import { ProgrammeCreate, ProgrammeListQuery, ProgrammeOut, ProgrammeParam, ProgrammePatch, TargetOut, TargetsPut } from '../schemas.js';
import * as svc from '../service.js';
import { programmeOwner } from './owners.js';

/** The programmes API: public reads, writes by the owning organisation's staff. */
export const programmeApiRoutes: RoutePlugin = async (app, deps) => {
  registerReads(app, deps);
  registerWrites(app, deps);
};

function registerReads(app: FastifyInstance, { db }: Deps): void {
  const api = apiRouter(app, { tags: ['programmes'] });

  api.get(
    '/api/v1/programmes',
    {
      access: PUBLIC,
      summary: 'List programmes, optionally of one organisation (public: no personal data)',
      query: ProgrammeListQuery,
      ok: z.object({ items: z.array(ProgrammeOut) }),
    },
    async ({ query, req }) => ({ items: await svc.listProgrammes(db, query.organisation ?? null, req.principal ?? null) }),
  );

  api.get(
    '/api/v1/programmes/:programmeId',
    { access: PUBLIC, summary: 'A programme with its partners and targets (public)', params: ProgrammeParam, ok: ProgrammeOut },
    async ({ params, req }) => svc.getProgramme(db, params.programmeId, req.principal ?? null),
  );
}

function registerWrites(app: FastifyInstance, { db }: Deps): void {
  const api = apiRouter(app, { tags: ['programmes'] });

  const owner = programmeOwner(db);
  api.post(
    '/api/v1/programmes',
    {
      access: SIGNED_IN,
      summary: 'Create a programme with partners and targets (staff of the owning organisation)',
      body: ProgrammeCreate,
      idempotent: true,
      created: ProgrammeOut,
      ownerInBody: { roles: ORG_STAFF, refusal: 'programme.error.createStaffOnly' },
    },
    async ({ req, reply, body }) => {
      return withIdempotency(db, req, reply, `programmes.create:${req.principal!.userId}`, async () => ({
        status: 201,
        body: await svc.createProgramme(db, req.principal, body),
      }));
    },
  );

  const programmeRoutes = api.under('/api/v1/programmes/:programmeId', {
    access: orgAccess('programmeId', ORG_STAFF, owner),
    params: ProgrammeParam,
  });
  programmeRoutes.patch(
    '',
    {
      summary: 'Change a programme: only the fields sent; partners and targets, when sent, replace the current ones',
      body: ProgrammePatch,
      ok: ProgrammeOut,
    },
    async ({ req, params, body }) => svc.updateProgramme(db, req.principal, params.programmeId, body),
  );

  programmeRoutes.put(
    '/targets',
    {
      summary: "Replace a programme's targets (dated milestones per metric)",
      body: TargetsPut,
      ok: z.object({ targets: z.array(TargetOut) }),
    },
    async ({ req, params, body }) => ({ targets: await svc.setTargets(db, params.programmeId, body.targets, req.principal) }),
  );
}
