// The preview page: a shell (views of the email in frames, the plain text)
// plus two fragments the browser swaps in on every update (status, checks and
// inbox row on top; stories with sources and full text below). Handlebars, on
// an instance of our own, escapes every {{value}}: article text is untrusted.
import Handlebars from 'handlebars';
import { describeRemovals, fileLabel } from '../pipeline/read-articles.js';
import { safeHttpUrl } from '../render/issue-data.js';
import type { CleanedArticle } from '../clean/index.js';
import type { PreviewState } from './session.js';
import { PLAN_WARNING } from '../arrange/index.js';

const hbs = Handlebars.create();

const SHELL = hbs.compile(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Preview · {{listName}}</title>
<link rel="stylesheet" href="/preview.css">
<script src="/preview.js" defer></script>
</head>
<body data-version="{{state.version}}" data-issue-version="{{state.issueVersion}}" data-view="desktop">
<header class="bar">
  <h1>{{listName}} <span>preview</span></h1>
  <p>Watching <code>{{contentDir}}</code> and <code>{{templatesDir}}</code>; the page updates by itself.</p>
</header>
<main>
<div id="top">{{{top}}}</div>
<section class="views" aria-label="The email">
  <div class="tabs" role="group" aria-label="View">
    <button type="button" data-show="desktop" aria-pressed="true">Desktop (600 px)</button>
    <button type="button" data-show="phone" aria-pressed="false">Phone (375 px)</button>
    <button type="button" data-show="text" aria-pressed="false">Plain text</button>
  </div>
  <iframe id="view-desktop" class="frame desktop" title="The email at desktop width" src="/issue.html?v={{state.issueVersion}}" sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"></iframe>
  <iframe id="view-phone" class="frame phone" title="The email at phone width" src="/issue.html?v={{state.issueVersion}}" sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"></iframe>
  <pre id="view-text" class="text">{{text}}</pre>
</section>
<div id="stories">{{{stories}}}</div>
</main>
</body>
</html>
`, { strict: false });

const TOP = hbs.compile(`<p class="status" role="status">{{#if building}}Rebuilding…{{else}}{{#if builtAt}}Built {{builtTime}} in {{ms}} ms{{/if}}{{/if}}{{#if date}} · issue of {{date}}{{/if}}</p>
{{#if error}}<section class="error" role="alert"><h2>The issue could not be built</h2><pre>{{error}}</pre>{{#if hasIssue}}<p>Below is the last version that built.</p>{{/if}}</section>{{/if}}
{{#if dropped.length}}<section class="problems"><h2>Left out, and why ({{dropped.length}})</h2><ul>{{#each dropped}}<li><code>{{where}}</code>: {{reason}}</li>{{/each}}</ul></section>{{/if}}
{{#if hasIssue}}
<section class="inbox" aria-label="As an inbox lists it"><h2>In the inbox</h2>
<div class="row"><span class="from">{{sender}}</span><span class="line"><span class="subject">{{subject}}</span> <span class="preheader">– {{preheader}}</span></span></div></section>
<section class="checks"><h2>Checks</h2><ul>{{#each checks}}<li class="{{level}}">{{message}}</li>{{/each}}</ul>
{{#if clientPending}}<p class="pending">Checking email-client support…</p>{{/if}}
{{#if clientFindings.length}}<details><summary>Client support in detail ({{clientFindings.length}} features)</summary>
<ul class="findings">{{#each clientFindings}}<li><strong>{{feature}}</strong>: {{#if none}}not supported{{else}}partly supported{{/if}} by {{clients}}{{#if notes.length}}<ul>{{#each notes}}<li>{{this}}</li>{{/each}}</ul>{{/if}}</li>{{/each}}</ul></details>{{/if}}
</section>{{/if}}`, { strict: false });

// Grouped by section as the issue shows them; a summary in the editor's own
// words is marked as such here (never in the email), with the extract it replaces behind it.
const STORIES = hbs.compile(`{{#if plan}}<section class="plan"><h2>From issue.md</h2>
{{#if intro.length}}<div class="intro">{{#each intro}}<p>{{this}}</p>{{/each}}</div>{{else}}<p class="muted">No intro: write one below the second --- line of issue.md.</p>{{/if}}
{{#if notes.length}}<ul class="notes">{{#each notes}}<li><code>{{where}}</code>: {{message}}</li>{{/each}}</ul>{{/if}}</section>{{/if}}
{{#if stories.length}}<section class="stories"><h2>Stories and their sources</h2>
{{#each groups}}{{#if name}}<h3 class="section-name">{{name}} <span>({{stories.length}})</span></h3>{{/if}}
{{#each stories}}<article><h3>{{number}}. {{title}}</h3>{{#if editorSummary}}<p class="editors"><span class="badge">Editor's words</span> {{editorSummary}}</p>
<details class="replaced"><summary>The summary it replaces</summary><p>{{summary}}</p></details>{{else}}<p>{{summary}}</p>{{/if}}
<ul class="sources">{{#each articles}}<li><span class="source">{{#if url}}<a href="{{url}}" target="_blank" rel="noopener noreferrer">{{title}}</a>{{else}}{{title}}{{/if}} · {{outlet}}{{#if published}} · {{published}}{{/if}}</span> <code class="file">{{source}}</code>
<details><summary>Cleaned full text ({{words}} words){{#if removed}}; cleaning removed {{removed}}{{/if}}</summary><div class="fulltext">{{#each paragraphs}}<p>{{this}}</p>{{/each}}</div></details></li>{{/each}}</ul></article>
{{/each}}{{/each}}</section>{{/if}}`, { strict: false });

export interface PageContext {
  listName: string;
  /** Display name of MAIL_FROM, as the inbox shows the sender. */
  sender: string;
  contentDir: string;
  templatesDir: string;
}

/** The whole page as first served. */
export function renderPage(ctx: PageContext, state: PreviewState): string {
  return SHELL({ ...ctx, state, top: renderTop(ctx, state), stories: renderStories(ctx, state), text: state.issue?.text ?? '' });
}

/** The top fragment: status, build error, skipped inputs, inbox row and checks. */
export function renderTop(ctx: PageContext, state: PreviewState): string {
  const issue = state.issue;
  return TOP({
    building: state.building,
    builtAt: state.builtAt,
    builtTime: state.builtAt ? new Date(state.builtAt).toLocaleTimeString('en-GB') : '',
    ms: state.ms,
    date: issue?.date,
    error: state.error,
    hasIssue: Boolean(issue),
    dropped: state.dropped.map((d) => ({ where: fileLabel(ctx.contentDir, d.where), reason: d.reason })),
    sender: ctx.sender,
    subject: issue?.subject,
    preheader: issue?.preheader,
    checks: state.checks,
    clientPending: issue !== null && state.clientFindings === null,
    clientFindings: (state.clientFindings ?? []).map((f) => ({ ...f, none: f.support === 'none', clients: f.clients.join(', ') })),
  });
}

/** The stories fragment: the editor's intro and arranging notes, then each section's stories with their sources and the cleaned text behind each summary. */
export function renderStories(ctx: Pick<PageContext, 'contentDir'>, state: PreviewState): string {
  const issue = state.issue;
  const stories = (issue?.stories ?? []).map((s, i) => ({
    number: i + 1,
    title: s.title,
    section: s.section,
    summary: s.sentences.join(' '),
    editorSummary: s.editorSummary,
    articles: s.articles.map((a) => {
      const paragraphs = a.text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
      const removed = describeRemovals((a as Partial<CleanedArticle>).removed);
      return { title: a.title, url: safeHttpUrl(a.url), outlet: a.outlet, published: a.published?.slice(0, 10), source: fileLabel(ctx.contentDir, a.source), paragraphs, words: a.text.split(/\s+/).filter(Boolean).length, removed };
    }),
  }));
  // Consecutive stories of one section form its group (the arrangement already ordered them by section).
  const groups: { name: string; stories: typeof stories }[] = [];
  for (const s of stories) {
    const name = s.section ?? '';
    if (groups.at(-1)?.name !== name || groups.length === 0) groups.push({ name, stories: [] });
    groups.at(-1)!.stories.push(s);
  }
  const notes = state.problems.filter((p) => p.code === PLAN_WARNING).map((p) => ({ where: fileLabel(ctx.contentDir, p.where), message: p.message }));
  const plan = (issue?.intro.length ?? 0) > 0 || stories.some((s) => s.section !== null) || notes.length > 0;
  return STORIES({ stories, groups, plan, intro: issue?.intro ?? [], notes });
}

/** "Gazette" from "Gazette <gazette@example.com>"; the address itself when there is no name. */
export function senderName(mailFrom: string): string {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(mailFrom);
  return (m?.[1] || m?.[2] || mailFrom).trim();
}
