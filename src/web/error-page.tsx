import type { VNode } from 'preact';
import { t } from '../core/i18n.js';
import type { Problem } from '../core/problems.js';
import { Layout, type PageContext } from './layout.js';

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
