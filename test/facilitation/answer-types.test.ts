/**
 * The schemas that describe the API's answers (schemas.ts, `…Out`) say what the services return:
 * each is the TypeScript type of what its route sends, field by field, so the compiler (npx tsc)
 * fails when one changes without the other. The answers themselves are checked against the
 * schemas in every API test (PONTE_CHECK_ANSWERS).
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { BatchSummary, nationalPending } from '../../src/modules/facilitation/batches.js';
import type { Breakdown } from '../../src/modules/facilitation/codes.js';
import type { BreakdownItem, Dashboard, TargetProgress } from '../../src/modules/facilitation/dashboard.js';
import type { ImportReport } from '../../src/modules/facilitation/imports.js';
import type { Lookup } from '../../src/modules/facilitation/lookup.js';
import type { NationalSummary } from '../../src/modules/facilitation/national-export.js';
import type { openDataRows, openDataSummary } from '../../src/modules/facilitation/opendata.js';
import type {
  BatchesOut,
  BatchOut,
  DashboardOut,
  ImportReportOut,
  LookupOut,
  NationalPrecheckOut,
  OpenDataRowOut,
  OpenDataSummaryOut,
  ProgrammeDashboardOut,
  SettingsOut,
} from '../../src/modules/facilitation/schemas.js';
import type { FacilitationSettings } from '../../src/modules/facilitation/settings.js';
import type { ProgrammeMetric } from '../../src/modules/programmes/service.js';

type Out<S extends z.ZodType> = z.output<S>;
type RowsOf<G> = G extends (...args: never[]) => AsyncGenerator<(infer R)[]> ? R : never;

/** What both dashboard routes send (http/api.ts): a part of the dashboard, and the one breakdown asked for. */
interface SharedDashboard {
  period: Dashboard['period'];
  filters: Dashboard['filters'];
  totals: Dashboard['totals'];
  by: Breakdown;
  breakdown: BreakdownItem[];
}

/** What the programme's dashboard sends besides. */
interface ProgrammeDashboard extends SharedDashboard {
  programme: NonNullable<Dashboard['programme']>;
  targets: ProgrammeTarget[];
}
interface ProgrammeTarget extends Omit<TargetProgress, 'metric'> {
  metric: ProgrammeMetric;
}

describe('the declared answers of the facilitation API', () => {
  it('mirror the types of what the services return', () => {
    expectTypeOf<Out<typeof LookupOut>>().toEqualTypeOf<Lookup>();
    expectTypeOf<Out<typeof SettingsOut>>().toEqualTypeOf<FacilitationSettings>();
    expectTypeOf<Out<typeof NationalPrecheckOut>>().toEqualTypeOf<NationalSummary>();
    expectTypeOf<Out<typeof BatchOut>>().toEqualTypeOf<BatchSummary>();
    expectTypeOf<Out<typeof BatchesOut>>().toEqualTypeOf<{
      toSend: Awaited<ReturnType<typeof nationalPending>>;
      items: BatchSummary[];
    }>();
    expectTypeOf<Out<typeof ImportReportOut>>().toEqualTypeOf<ImportReport>();
    expectTypeOf<Out<typeof OpenDataSummaryOut>>().toEqualTypeOf<Awaited<ReturnType<typeof openDataSummary>>>();
    expectTypeOf<Out<typeof OpenDataRowOut>>().toEqualTypeOf<RowsOf<typeof openDataRows>>();
    expectTypeOf<Out<typeof DashboardOut>>().branded.toEqualTypeOf<SharedDashboard>();
    // One programme's dashboard always names its programme (the type allows null for the
    // dashboard of several), and its targets are the programme's, whose metric is one of its list.
    expectTypeOf<Out<typeof ProgrammeDashboardOut>>().branded.toEqualTypeOf<ProgrammeDashboard>();
  });
});
