import { z } from 'zod';
import { ORIGIN_MAX } from './origins.js';

/**
 * The API's shapes. Types are checked here (400); whether the text is a website's origin is
 * checked by the service, which answers 422 naming the field, with the messages the page shows.
 */

export const OrgParam = z.object({ organisationId: z.string() });
export const OriginParam = z.object({ widgetOriginId: z.string() });

export const OriginCreate = z.object({
  origin: z
    .string()
    .optional()
    .describe(
      `A website allowed to frame the widget: scheme, host and port only (https://www.comune.example.it), at most ${ORIGIN_MAX} characters.`,
    ),
});

export const Origin = z.object({
  id: z.string(),
  organisation: z.string(),
  origin: z.string(),
  createdAt: z.string(),
});
