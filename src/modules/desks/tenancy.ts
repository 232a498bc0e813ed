import { DateTime } from 'luxon';
import type { TenancyFixture, TenancyFixtures } from '../../core/module.js';
import { addException, addOperator, bookAppointment, createDesk, holidayName } from './service.js';

/** The first day at least `days` ahead (Rome) that is not a public holiday. */
function openDay(days: number): string {
  let d = DateTime.now().setZone('Europe/Rome').startOf('day').plus({ days });
  while (holidayName(d.toISODate()!)) d = d.plus({ days: 1 });
  return d.toISODate()!;
}

const deskId: TenancyFixture = async (w, org) =>
  (
    await createDesk(w.db, {
      organisation: w.org[org],
      venue: w.venue[org],
      name: `Sportello digitale ${w.next()}`,
      services: [{ code: 'spid', name: 'Attivazione SPID', durationMinutes: 30, bring: ["documento d'identità"] }],
      openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '12:30', operators: 1 })),
    })
  ).id;

/** The tenancy matrix's records of desks: a desk, a closing day, an operator, an appointment. */
export const tenancy: TenancyFixtures = {
  fixtures: {
    deskId,
    exceptionId: async (w, org) => {
      const desk = await deskId(w, org, {});
      return (await addException(w.db, desk, { kind: 'closed', from: openDay(40), note: 'Chiuso per inventario' })).id;
    },
    operatorId: async (w, org) => {
      const desk = await deskId(w, org, {});
      return (await addOperator(w.db, desk, { name: 'Operatrice del sabato', weekday: 6, start: '09:00', end: '12:30' })).id;
    },
    appointmentId: async (w, org) => {
      const desk = await deskId(w, org, {});
      const start = DateTime.fromISO(`${openDay(5)}T09:00`, { zone: 'Europe/Rome' })
        .toUTC()
        .toISO()!;
      const booked = await bookAppointment(w.deps, desk, { service: 'spid', start, name: 'Mario Rossi', email: 'mario@esempio.it' });
      return booked.appointment.id;
    },
  },
};
