// The yardstick in plain Node, beside build-server.mjs (BENCH_BUILD=1): one bare Fastify route.
import Fastify from 'fastify';
import { listen } from './build-listen.mjs';

const app = Fastify({ logger: false });
app.get('/', async () => ({ ok: true }));
await listen(app);
