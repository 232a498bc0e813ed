/** The compiled entry point, dist/main.js. */
export const MAIN: string;
/** Builds dist/ when it is missing or older than a source file; the builder's exit status (0 when nothing was to do). */
export function buildIfStale(): number;
