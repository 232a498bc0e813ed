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

/**
 * Measures the load in its steady state: one autocannon run of warm-up plus duration over the same
 * connections, counting only the requests sent after the warm-up. Rate and percentiles come from
 * those requests alone.
 *
 * Why not a separate warm-up run: the measured run would open fifty new connections at once, and
 * while a server's handlers keep its one thread busy, Node serves the first requests of new
 * connections slowly, one every fraction of a second. Those first requests then wait for seconds
 * and make the p99: a bare Fastify route that computes for 8 ms shows a p99 of 2–5 s measured that
 * way and 0.4–0.6 s in the steady state. Connections do not open at once in production, and the
 * figures are about the load, not about that ramp.
 */
export async function measure(baseUrl: string, load: FigureLoad, terms: LoadTerms): Promise<Measurement> {
  const latencies: number[] = [];
  let non2xx = 0;
  const measuredFrom = performance.now() + terms.warmup * 1000;
  const r = await new Promise<autocannon.Result>((done, fail) => {
    const run = autocannon(options(baseUrl, load, terms.connections, terms.warmup + terms.duration), (err, result) =>
      err ? fail(err) : done(result),
    );
    run.on('response', (_client, status, _bytes, ms) => {
      // When the request was sent: its answer's arrival minus its latency.
      if (performance.now() - ms < measuredFrom) return;
      latencies.push(ms);
      if (status < 200 || status > 299) non2xx++;
    });
  });
  latencies.sort((a, b) => a - b);
  const at = (q: number) => (latencies.length ? Math.round(quantile(latencies, q)) : 0);
  return {
    rps: Math.round(latencies.length / terms.duration),
    p50_ms: at(0.5),
    p99_ms: at(0.99),
    requests: latencies.length,
    non2xx,
    // Over the whole run, warm-up included: an error anywhere fails the figure.
    errors: r.errors,
    timeouts: r.timeouts,
  };
}

/** The value at quantile `q` (0–1) of numbers sorted in ascending order. */
export function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
