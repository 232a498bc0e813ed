import { t, tn } from '../../../core/i18n.js';
import { contentLang } from '../../../web/layout.js';
import { addProcessSection } from '../processes/sections.js';
import { listPublicProposals } from './service.js';

/** The proposals' part of a process page: the links to read and submit, and the most supported five. */
export function addProposalSection(): void {
  addProcessSection({
    key: 'proposals',
    order: 20,
    load: async (deps, process, lang) => {
      const list = await listPublicProposals(deps.db, process, { sort: 'supports' });
      const links = [{ href: `/partecipa/processi/${process.id}/proposte`, label: tn(lang, 'participation.section.read', list.total) }];
      if (process.status === 'published')
        links.unshift({ href: `/partecipa/processi/${process.id}/proposte/nuova`, label: t(lang, 'participation.proposals.new') });
      const top = list.items.slice(0, 5);
      return {
        links,
        title: t(lang, 'participation.section.top'),
        body:
          top.length === 0 ? (
            <p>{t(lang, 'participation.section.none')}</p>
          ) : (
            <ol>
              {top.map((p) => (
                <li>
                  <a href={`/partecipa/proposte/${p.id}`} lang={contentLang(lang)}>
                    {p.title}
                  </a>{' '}
                  ({tn(lang, 'participation.proposal.supports', p.supports)})
                </li>
              ))}
            </ol>
          ),
      };
    },
  });
}
