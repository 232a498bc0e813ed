import { z } from 'zod';

/** The period of the board and the report: dates checked by the service (400 naming the field). */
export const PeriodQuery = z.object({
  from: z.string().max(20).optional(),
  to: z.string().max(20).optional(),
});

export const CoverageOut = z.object({
  municipalities: z.array(
    z.object({
      code: z.string().describe('ISTAT code of the comune'),
      name: z.string(),
      initiatives: z.number().int().describe('Events held, days of desk opening and days of facilitation in the period'),
      people: z.number().int().describe('People present at events, desk appointments served and citizens facilitated'),
      volunteers: z.number().int().describe('Volunteers marked present at a shift in the comune in the period, each once'),
      covered: z.boolean().describe('False when the comune had no initiative in the period'),
    }),
  ),
});

const Figures = {
  events: z.number().int(),
  sessions: z.number().int(),
  booked: z.number().int(),
  checkedIn: z.number().int(),
  walkIns: z.number().int(),
};
const PlaceFigures = {
  ...Figures,
  deskDays: z.number().int(),
  appointmentsServed: z.number().int(),
  facilitationServices: z.number().int(),
  facilitationDays: z.number().int(),
  citizens: z.number().int(),
  volunteers: z.number().int(),
};

export const ReportOut = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  places: z.array(z.object({ code: z.string(), name: z.string(), ...PlaceFigures })),
  placesTotal: z.object(PlaceFigures),
  audiences: z.array(z.object({ audience: z.string(), ...Figures })),
  audiencesTotal: z.object(Figures),
});
