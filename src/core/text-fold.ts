/** Accents off and lower case: "Identità" → "identita", for comparing and searching words. */
export function foldAccents(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** Lower case, accents off, everything but letters and digits turned into spaces: text as searches read it. */
export function searchableText(value: string): string {
  return foldAccents(value)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
