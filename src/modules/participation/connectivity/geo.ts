import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where a reported point lies among the organisation's comuni. Ponte keeps no comune boundaries
 * (the ISTAT list it loads has names and codes only), so a small file ships approximate bounding
 * boxes of the demo comuni (comuni-boxes.json). A point is *outside* only when every comune of the
 * organisation has a box and none holds it; with a comune whose box is unknown nothing can be said,
 * and the point is not flagged. A flagged report is kept: staff judge it.
 */

type Box = readonly [south: number, west: number, north: number, east: number];

const BOXES: ReadonlyMap<string, Box> = new Map(
  Object.entries(JSON.parse(readFileSync(join(import.meta.dirname, 'comuni-boxes.json'), 'utf8')) as Record<string, unknown>).filter(
    (e): e is [string, Box] => Array.isArray(e[1]),
  ),
);

export interface Placed {
  /** The comune whose box holds the point (the one whose centre is nearest when boxes overlap). */
  municipality: string | null;
  outside: boolean;
}

const holds = (b: Box, lat: number, lon: number) => lat >= b[0] && lat <= b[2] && lon >= b[1] && lon <= b[3];
const centreDistance = (b: Box, lat: number, lon: number) => ((b[0] + b[2]) / 2 - lat) ** 2 + ((b[1] + b[3]) / 2 - lon) ** 2;

/** The comune of `codes` a point falls in, and whether it is outside all of them. */
export function placePoint(codes: readonly string[], lat: number, lon: number): Placed {
  const known = codes.filter((c) => BOXES.has(c));
  const inside = known
    .filter((c) => holds(BOXES.get(c)!, lat, lon))
    .sort((a, b) => centreDistance(BOXES.get(a)!, lat, lon) - centreDistance(BOXES.get(b)!, lat, lon));
  if (inside.length > 0) return { municipality: inside[0], outside: false };
  return { municipality: null, outside: known.length === codes.length && codes.length > 0 };
}

/** The box around several comuni (for the map's first view), or null when none is known. */
export function boundsOf(codes: readonly string[]): Box | null {
  const boxes = codes.map((c) => BOXES.get(c)).filter((b): b is Box => !!b);
  if (boxes.length === 0) return null;
  return [
    Math.min(...boxes.map((b) => b[0])),
    Math.min(...boxes.map((b) => b[1])),
    Math.max(...boxes.map((b) => b[2])),
    Math.max(...boxes.map((b) => b[3])),
  ];
}
