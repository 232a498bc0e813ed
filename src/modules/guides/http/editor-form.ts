import { type FormBody, list, str } from './common.js';

const codes = (text: string) =>
  text
    .split(/[,;|\s]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);

/** The most numbered rows (steps, FAQs) the editor form carries. */
const MAX_ROWS = 52;

/** The numbered rows of the editor that hold something, and the row number of each. */
function rowsOf<T>(read: (n: number) => T, filled: (row: T) => boolean): { items: T[]; rows: number[] } {
  const items: T[] = [];
  const rows: number[] = [];
  for (let n = 1; n <= MAX_ROWS; n++) {
    const row = read(n);
    if (filled(row)) {
      items.push(row);
      rows.push(n);
    }
  }
  return { items, rows };
}

/** The editor form → a sheet's content, and where each list item came from (to put errors on the right field). */
export function editorInput(body: FormBody) {
  const steps = rowsOf(
    (n) => ({ text: str(body, `step_text_${n}`), imageUrl: str(body, `step_image_${n}`), imageAlt: str(body, `step_alt_${n}`) }),
    (s) => !!(s.text.trim() || s.imageUrl.trim()),
  );
  const faqs = rowsOf(
    (n) => ({ question: str(body, `faq_q_${n}`), answer: str(body, `faq_a_${n}`) }),
    (f) => !!(f.question.trim() || f.answer.trim()),
  );
  const content = {
    name: str(body, 'name'),
    slug: str(body, 'slug').trim().toLowerCase(),
    summary: str(body, 'summary'),
    audience: str(body, 'audience'),
    category: str(body, 'category'),
    access: list(body, 'access'),
    url: str(body, 'url'),
    cost: str(body, 'cost'),
    times: str(body, 'times'),
    lifeEvents: list(body, 'lifeEvents'),
    body: str(body, 'body'),
    contacts: str(body, 'contacts'),
    topics: codes(str(body, 'topics')),
    deskServices: codes(str(body, 'deskServices')),
    steps: steps.items,
    faqs: faqs.items,
  };
  const fieldOf = (field: string): string => {
    const [head, index, leaf] = field.split('.');
    if (head === 'steps' && index !== undefined) {
      const n = steps.rows[Number(index)];
      return leaf === 'imageUrl' ? `step_image_${n}` : leaf === 'imageAlt' ? `step_alt_${n}` : `step_text_${n}`;
    }
    if (head === 'faqs' && index !== undefined) return `${leaf === 'answer' ? 'faq_a' : 'faq_q'}_${faqs.rows[Number(index)]}`;
    return head;
  };
  return { content, fieldOf };
}
