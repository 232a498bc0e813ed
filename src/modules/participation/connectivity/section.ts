import { t } from '../../../core/i18n.js';
import { addProcessSection } from '../processes/sections.js';

/**
 * A process's page leads to the organisation's connectivity reports while the process is open:
 * where the internet does not reach is part of a digital agenda's needs.
 */
export function addConnectivitySection(): void {
  addProcessSection({
    key: 'connectivity',
    order: 40,
    load: async (_deps, process, lang) =>
      process.status === 'closed'
        ? null
        : {
            links: [
              { href: `/connettivita/${process.organisation}/segnala`, label: t(lang, 'connectivity.report.title') },
              { href: `/connettivita/${process.organisation}`, label: t(lang, 'connectivity.title') },
            ],
          },
  });
}
