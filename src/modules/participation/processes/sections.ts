import type { VNode } from 'preact';
import type { Deps } from '../../../core/deps.js';
import type { Lang } from '../../../core/i18n.js';
import type { ProcessView } from './schemas.js';

/**
 * The process page's extension point: each part of the module (proposals, surveys, meetings, the
 * agenda) adds a section with `addProcessSection`, once, when its routes are registered. A section
 * answers its links for "Cosa puoi fare ora" and, optionally, a block of the page; null when it
 * has nothing for this process.
 */
export interface ProcessSectionContent {
  /** Links of "what you can do now" (e.g. "Rispondi al questionario"). */
  links: { href: string; label: string }[];
  /** A block of the page under its own heading (h2), e.g. the most supported proposals. */
  title?: string;
  body?: VNode;
}

export interface ProcessSection {
  key: string;
  /** Lower first. */
  order: number;
  load: (deps: Deps, process: ProcessView, lang: Lang) => Promise<ProcessSectionContent | null>;
}

const sections = new Map<string, ProcessSection>();

export function addProcessSection(section: ProcessSection): void {
  sections.set(section.key, section);
}

/** The sections of a process's page, in order, each loaded (those with nothing left out). */
export async function processSections(deps: Deps, process: ProcessView, lang: Lang): Promise<(ProcessSectionContent & { key: string })[]> {
  const ordered = [...sections.values()].sort((a, b) => a.order - b.order);
  const loaded = await Promise.all(ordered.map(async (s) => ({ key: s.key, content: await s.load(deps, process, lang) })));
  return loaded.filter((s) => s.content).map((s) => ({ key: s.key, ...(s.content as ProcessSectionContent) }));
}
