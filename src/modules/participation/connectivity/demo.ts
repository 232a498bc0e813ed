import type { DemoIds } from '../../../core/module.js';
import type { Db } from '../../../db/index.js';
import { createReport } from './service.js';

/**
 * Unione Valnure e Valchero's map of gaps: areas in the hills with no fixed line and no mobile
 * data, a school without fibre, a business on slow copper, and one point dropped outside the
 * Unione (flagged for staff).
 */
const REPORTS: Record<string, unknown>[] = [
  { locality: '033025', hamlet: 'Sariano', street: 'Strada per Sariano', problem: 'no-broadband', operator: 'unknown', building: 'home' },
  {
    locality: '033025',
    hamlet: 'Groppovisdomo',
    street: 'Località Groppovisdomo',
    problem: 'no-mobile-data',
    operator: 'tim',
    building: 'home',
  },
  { locality: '033025', hamlet: 'Obolo', street: 'Via Obolo', problem: 'no-mobile-signal', operator: 'iliad', building: 'home' },
  {
    locality: '033025',
    street: 'Via Roma 4',
    problem: 'slow-broadband',
    operator: 'tim',
    building: 'school',
    schoolName: 'Scuola primaria di Gropparello',
  },
  {
    locality: '033036',
    hamlet: 'Folignano',
    street: 'Strada di Folignano',
    problem: 'no-broadband',
    operator: 'unknown',
    building: 'home',
  },
  { lat: 44.8412, lon: 9.6207, problem: 'no-mobile-signal', operator: 'vodafone', building: 'home' },
  { locality: '033045', hamlet: 'Albarola', street: 'Località Albarola', problem: 'no-broadband', operator: 'unknown', building: 'home' },
  {
    locality: '033045',
    hamlet: 'Grazzano Visconti',
    street: 'Viale del Castello',
    problem: 'slow-broadband',
    operator: 'fastweb',
    building: 'business',
  },
  { locality: '033011', hamlet: 'Chero', street: 'Strada di Chero', problem: 'no-mobile-data', operator: 'windtre', building: 'home' },
  {
    locality: '033011',
    street: 'Via Roma 20',
    problem: 'slow-broadband',
    operator: 'tim',
    building: 'school',
    schoolName: 'Scuola secondaria di primo grado di Carpaneto',
  },
  { lat: 44.9011, lon: 9.7903, problem: 'no-broadband', operator: 'eolo', building: 'business' },
  { locality: '033040', hamlet: 'Godi', street: 'Strada di Godi', problem: 'slow-broadband', operator: 'tim', building: 'home' },
  { locality: '033040', hamlet: 'Centovera', street: 'Via Centovera', problem: 'no-mobile-data', operator: 'iliad', building: 'public' },
  { locality: '033035', hamlet: 'Turro', street: 'Strada di Turro', problem: 'slow-broadband', operator: 'vodafone', building: 'home' },
  // A tap far from the Unione (Piacenza's station): kept, and flagged for staff to check.
  { lat: 45.0469, lon: 9.7052, problem: 'no-mobile-signal', operator: 'tim', building: 'home' },
];

export async function seedDemoConnectivity(db: Db, ids: DemoIds): Promise<void> {
  const organisation = ids.organisations.valnure;
  if (!organisation) return;
  for (const r of REPORTS) await createReport({ db }, { organisation, ...r });
}
