import { t } from '../../../core/i18n.js';
import { addProcessSection } from '../processes/sections.js';

/** The surveys' part of a process page: "Rispondi al questionario" for each open one, and the public results. */
export function addSurveysSection(): void {
  addProcessSection({
    key: 'surveys',
    order: 20,
    load: async (deps, process, lang) => {
      const rows = await deps.db.k
        .selectFrom('surveys')
        .select(['id', 'title', 'status', 'public_results'])
        .where('process_id', '=', process.id)
        .where('status', '!=', 'draft')
        .orderBy('created_at')
        .execute();
      const links = rows.flatMap((s) => [
        ...(s.status === 'open'
          ? [{ href: `/partecipa/questionari/${s.id}`, label: t(lang, 'survey.section.answer', { title: s.title }) }]
          : []),
        ...(Number(s.public_results) === 1
          ? [{ href: `/partecipa/questionari/${s.id}/risultati`, label: t(lang, 'survey.section.results', { title: s.title }) }]
          : []),
      ]);
      return links.length > 0 ? { links } : null;
    },
  });
}
