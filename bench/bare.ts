/**
 * The yardstick: a bare Fastify app with one route, in its own process like the app under test.
 * Every figure is printed beside this route's rate measured in the same run.
 */
import Fastify from 'fastify';
import { listenForBench } from './child.js';

const app = Fastify({ logger: false });
app.get('/', async () => ({ ok: true }));
await listenForBench(app);
