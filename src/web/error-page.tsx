import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { t } from '../core/i18n.js';
import type { Problem } from '../core/problems.js';
import { Layout, type PageContext, pageContext, sendPage } from './layout.js';

export function ErrorPage(props: { ctx: PageContext; problem: Problem }): VNode {
  const { ctx, problem } = props;
  return (
    <Layout ctx={ctx} title={problem.title}>
      <h1>{problem.title}</h1>
      <p class="lead">{problem.detail ?? t(ctx.lang, 'error.title')}</p>
      {problem.errors && problem.errors.length > 0 ? (
        <ul>
          {problem.errors.map((e) => (
            <li>
              {e.field}: {e.message}
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        <a href="/">{t(ctx.lang, 'error.back')}</a>
      </p>
    </Layout>
  );
}

/** The error page as core/http.ts sends it: in the page's context where it can be built. */
export function sendErrorPage(req: FastifyRequest, reply: FastifyReply, problem: Problem): FastifyReply {
  return sendPage(reply, ErrorPage({ ctx: safeContext(req, reply), problem }), problem.status);
}

/** A page context even when building the usual one fails (the error may come from there). */
function safeContext(req: FastifyRequest, reply: FastifyReply): PageContext {
  try {
    return pageContext(req, reply);
  } catch {
    return { lang: req.lang ?? 'it', path: '/', signedIn: false } as PageContext;
  }
}
