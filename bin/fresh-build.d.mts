/** The project's folder and its compiled entry point, dist/main.js. */
export const ROOT: string;
export const MAIN: string;
/** True when dist/main.js is missing or a source file is newer. */
export function buildIsStale(): boolean;
/** Builds dist/ when stale; the builder's exit status (0 when nothing was to do). */
export function buildIfStale(): number;
