import autocannon from 'autocannon';
import type { FigureLoad } from './types.js';

export interface LoadTerms {
  connections: number;
  /** Seconds of measured load. */
  duration: number;
  /** Seconds of load before measuring, discarded (JIT, caches, connection pools). */
  warmup: number;
}

export interface Measurement {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

function options(baseUrl: string, load: FigureLoad, connections: number, duration: number): autocannon.Options {
  const { path, probe: _probe, connections: own, ...request } = load;
  return { ...request, url: new URL(path, baseUrl).toString(), connections: own ?? connections, duration };
}

/** Sends the figure's request once and throws unless it is answered with a 2xx. */
export async function probe(baseUrl: string, load: FigureLoad): Promise<void> {
  if (load.probe === false) return;
  const res = await fetch(new URL(load.path, baseUrl), {
    method: load.method ?? 'GET',
    headers: Object.fromEntries(Object.entries(load.headers ?? {}).map(([k, v]) => [k, String(v)])),
    body: load.body === undefined ? undefined : String(load.body),
    redirect: 'manual',
  });
  const text = await res.text();
  if (res.status < 200 || res.status > 299) {
    throw new Error(`${load.method ?? 'GET'} ${load.path} answered ${res.status}: ${text.slice(0, 300)}`);
  }
}

/** Warms the server up, then measures the load for the given duration; autocannon stops by itself. */
export async function measure(baseUrl: string, load: FigureLoad, terms: LoadTerms): Promise<Measurement> {
  if (terms.warmup > 0) await autocannon(options(baseUrl, load, terms.connections, terms.warmup));
  const r = await autocannon(options(baseUrl, load, terms.connections, terms.duration));
  return {
    rps: Math.round(r.requests.average),
    p50_ms: r.latency.p50,
    p99_ms: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  };
}
