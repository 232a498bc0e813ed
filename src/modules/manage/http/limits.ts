import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../../../core/deps.js';
import { refuse } from '../../../core/problems.js';
import { codeKey } from '../service.js';

/**
 * The limit against guessing codes: 5 tries in 15 minutes per code, and 10 per client address
 * (a library's Wi-Fi puts several people behind one), counted in the rate limiter's store (Redis
 * when REDIS_URL is set). The page and the API count together. Always on, like the login limit.
 */
export const MANAGE_WINDOW_MS = 15 * 60_000;
export const MANAGE_TRIES_PER_CODE = 5;
export const MANAGE_TRIES_PER_ADDRESS = 10;

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

const limiters = new WeakMap<Deps, { address: Limiter; code: Limiter }>();

function limitersOf(app: FastifyInstance, deps: Deps): { address: Limiter; code: Limiter } {
  let found = limiters.get(deps);
  if (!found) {
    const codeOf = (req: FastifyRequest) => codeKey(String((req.body as { code?: unknown } | undefined)?.code ?? ''));
    found = {
      address: app.createRateLimit({
        max: MANAGE_TRIES_PER_ADDRESS,
        timeWindow: MANAGE_WINDOW_MS,
        keyGenerator: (req) => `manage-ip:${req.ip}`,
      }),
      code: app.createRateLimit({
        max: MANAGE_TRIES_PER_CODE,
        timeWindow: MANAGE_WINDOW_MS,
        keyGenerator: (req) => `manage-code:${codeOf(req)}`,
      }),
    };
    limiters.set(deps, found);
  }
  return found;
}

/** Counts a try; a 429 Problem (the minutes to wait) once the address or the code has had its tries. */
export async function countTry(app: FastifyInstance, deps: Deps, req: FastifyRequest): Promise<void> {
  const { address, code } = limitersOf(app, deps);
  for (const limiter of [address, code]) {
    const result = await limiter(req);
    if (!result.isAllowed && result.isExceeded) {
      throw refuse(429, 'bycode.limited', { minutes: Math.max(1, Math.ceil(result.ttl / 60_000)) });
    }
  }
}
