import { t } from '../../../core/i18n.js';
import { actionsOfProcess, overallProgress } from '../agenda/service.js';
import { ProgressBar } from '../agenda/views.js';
import { addProcessSection } from '../processes/sections.js';
import { meetingsOfProcess } from './service.js';

/** The meetings' and the agenda's part of a process page: links to both, and the agenda's overall progress once it has actions. */
export function addMeetingsSection(): void {
  addProcessSection({
    key: 'meetings-agenda',
    order: 40,
    load: async (deps, process, lang) => {
      const [meetings, actions] = await Promise.all([meetingsOfProcess(deps.db, process.id), actionsOfProcess(deps.db, process.id)]);
      if (meetings.length === 0 && actions.length === 0) return null;
      const links = [];
      if (meetings.length > 0)
        links.push({ href: `/partecipa/processi/${process.id}/incontri`, label: t(lang, 'participation.meetings.title') });
      if (actions.length === 0) return { links };
      links.push({ href: `/partecipa/processi/${process.id}/agenda`, label: t(lang, 'participation.agenda.title') });
      const overall = overallProgress(actions);
      const text = t(lang, 'participation.agenda.overall', { n: overall });
      return {
        links,
        title: t(lang, 'participation.agenda.title'),
        body: <ProgressBar id="agenda-overall" value={overall} label={text} text={text} />,
      };
    },
  });
}
