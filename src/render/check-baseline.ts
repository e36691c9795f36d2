// What every MJML email gets from caniemail: the findings of MJML's own markup
// (its Outlook tables, its @media block, its reset styles) on a one-line
// document. MJML is built to degrade in those clients, and an editor cannot
// change that markup, so the checks count these in one line and warn only
// about what a template adds beyond them (a CSS grid, a web font, a video).
import mjml2html from 'mjml';
import { checkClientSupport, CHECKED_CLIENTS } from './check-clients.js';

const MINIMAL = '<mjml><mj-body><mj-section><mj-column><mj-text>x</mj-text><mj-divider /><mj-button href="https://example.org">x</mj-button></mj-column></mj-section></mj-body></mjml>';

let loading: Promise<ReadonlySet<string>> | undefined;
let ready: ReadonlySet<string> | undefined;

/** Key of one unsupported feature in one client. */
export function findingKey(feature: string, client: string): string {
  return `${feature}\u0000${client}`;
}

/** Loads (once per process) the feature-client pairs MJML's own markup triggers. */
export function loadMjmlBaseline(): Promise<ReadonlySet<string>> {
  loading ??= (async () => {
    const { html } = await mjml2html(MINIMAL, { validationLevel: 'strict', minify: true, minifyOptions: { minifyCss: false } });
    const keys = new Set<string>();
    for (const f of checkClientSupport(html, CHECKED_CLIENTS)) {
      if (f.support === 'none') for (const c of f.clients) keys.add(findingKey(f.feature, c));
    }
    ready = keys;
    return keys;
  })();
  return loading;
}

/** The baseline when it has loaded; undefined before (then nothing is discounted). */
export function mjmlBaselineIfLoaded(): ReadonlySet<string> | undefined {
  return ready;
}
