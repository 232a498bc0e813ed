import { t } from '../../../core/i18n.js';
import { romeDay } from '../../../core/time.js';
import { csvDocument } from '../../events/service.js';
import type { Report } from './service.js';

/** Staff exports of the reports: CSV for a spreadsheet, GeoJSON (RFC 7946) for a GIS. Never the reporter's contact. */

export function reportsCsv(reports: Report[]): string {
  const head = [
    'id',
    'data',
    'comune',
    'frazione',
    'via',
    'latitudine',
    'longitudine',
    'fuori dai comuni',
    'problema',
    'operatore',
    'edificio',
    'scuola',
    'stato',
    'unita a',
  ];
  return csvDocument([
    head,
    ...reports.map((r) => [
      r.id,
      romeDay(r.createdAt),
      r.localityName ?? '',
      r.hamlet,
      r.street,
      r.lat,
      r.lon,
      r.outside ? 'sì' : 'no',
      t('it', `connectivity.problem.${r.problem}`),
      r.operator === 'other' ? (r.operatorOther ?? '') : t('it', `connectivity.operator.${r.operator}`),
      t('it', `connectivity.building.${r.building}`),
      r.schoolName,
      t('it', `connectivity.status.${r.status}`),
      r.mergedInto,
    ]),
  ]);
}

/** A FeatureCollection of the reports that have a point, positions as [longitude, latitude] (WGS 84). */
export function reportsGeoJson(reports: Report[]): object {
  return {
    type: 'FeatureCollection',
    features: reports
      .filter((r) => r.lat !== null && r.lon !== null)
      .map((r) => ({
        type: 'Feature',
        id: r.id,
        geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
        properties: {
          locality: r.locality,
          localityName: r.localityName,
          hamlet: r.hamlet,
          street: r.street,
          outside: r.outside,
          problem: r.problem,
          operator: r.operator,
          operatorOther: r.operatorOther,
          building: r.building,
          schoolName: r.schoolName,
          status: r.status,
          mergedInto: r.mergedInto,
          createdAt: r.createdAt,
        },
      })),
  };
}
