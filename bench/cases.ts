import { currentCatalogueVersion } from '../src/modules/directory/module.js';
import { searchUnits } from '../src/modules/directory/repo.js';
import { encodeCursor, toUnitView } from '../src/modules/directory/service.js';
import type { Sql } from '../src/platform/db/db.js';

/**
 * What the bare baseline server answers on one URL: the same SQL the module runs and the same response
 * body (the module's repo query and view mapping are imported, not copied), with nothing else around it:
 * no validation, auth, rate limit, problem+json, metrics, logging or response schema.
 */
export interface BaselineRoute {
  method: 'GET' | 'POST';
  url: string;
  handler(sql: Sql, query: Record<string, string | undefined>, body: unknown): Promise<unknown>;
}

export interface BenchCase {
  /** Shown in the results table. */
  name: string;
  method: 'GET' | 'POST';
  /** Requested as is from both the app and the baseline. */
  path: string;
  body?: string;
  headers?: Record<string, string>;
  baseline: BaselineRoute;
}

const UNITS_PAGE = 20;

const unitsSearch: BaselineRoute = {
  method: 'GET',
  url: '/api/v1/directory/units',
  async handler(sql, query) {
    const q = query.q?.normalize('NFC').trim() || null;
    const rows = await searchUnits(sql, {
      catalogueVersion: currentCatalogueVersion,
      q,
      type: null,
      after: null,
      limit: UNITS_PAGE + 1,
    });
    const items = rows.slice(0, UNITS_PAGE);
    const last = items.at(-1);
    return {
      items: items.map(toUnitView),
      nextCursor: rows.length > UNITS_PAGE && last ? encodeCursor([last.score, last.code, '']) : null,
    };
  },
};

const unitQuery = (q: string): BenchCase => ({
  name: `GET /api/v1/directory/units?q=${q}`,
  method: 'GET',
  path: `/api/v1/directory/units?q=${encodeURIComponent(q)}`,
  baseline: unitsSearch,
});

/** Later issues append their cases here (OTP verify, GET /me, …). */
export const benchCases: BenchCase[] = [unitQuery('hai chau'), unitQuery('da nang'), unitQuery('hoa')];
