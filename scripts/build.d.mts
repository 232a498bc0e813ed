/** Compiles src/ into dist/; resolves to the number of source files. */
export function buildDist(): Promise<number>;
