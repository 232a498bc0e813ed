import type { Db } from '../../../db/index.js';
import { addPlanItem } from './service.js';

/**
 * Gussago's Smart Polis plan as the comune published it: eleven courses by audience, the first
 * one with artisans in February, the plan closing in June. None has a date in the demo yet; staff
 * link each to its event from the plan page once it is scheduled.
 */
export async function seedGussagoPlan(db: Db, programmeId: string, year: number): Promise<void> {
  const m = (month: number) => `${year}-${String(month).padStart(2, '0')}`;
  const items: [title: string, audience: string, month: number, expected?: string][] = [
    ['Webinar sulla cybersecurity rivolto ad imprese e artigiani', 'imprese-artigiani', 2, '11 febbraio alle 20.30'],
    ['Ciclo di conferenze sulla digitalizzazione', 'tutti', 2],
    ['Formazione per i dipendenti comunali', 'dipendenti-comunali', 2],
    ['Formazione dedicata ai genitori con figli 0-6 anni', 'genitori-0-6', 3],
    ['Formazione dedicata ai genitori con figli 7-11 anni', 'genitori-7-11', 3],
    ['Formazione dedicata ai genitori con figli 12-18 anni', 'genitori-12-18', 4],
    ['Percorso dedicato ai commercianti', 'commercianti', 3],
    ['Webinar sui servizi comunali digitali', 'tutti', 4],
    ['Attività specifica per avvicinare gli anziani ai servizi digitali', 'anziani', 3],
    ['Laboratorio digitale per bambine e bambini 7-11 anni', 'bambini', 5],
    ['Laboratorio digitale per ragazze e ragazzi 12-18 anni', 'ragazzi', 5, 'entro giugno'],
  ];
  for (const [title, audience, month, expected] of items) {
    await addPlanItem(db, null, programmeId, { title, audience, expectedMonth: m(month), expected: expected ?? null });
  }
}
