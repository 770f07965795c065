/**
 * Content-Security-Policy of the app's pages. The renderer is served by the main process from `app://tongban`, and
 * the hub is reached through the same origin (`app://tongban/hub/…`, see hub-proxy.ts), so `connect-src 'self'` is
 * the configured hub and nothing else: the page cannot talk to any other host, nor to the hub without the proxy.
 * No remote scripts, no frames (RxDB's dev-mode iframe included), no plugins, no `eval`.
 */
export interface CspOptions {
  /** Extra origins the page may fetch from; the desktop app needs none (the web build adds the hub's address). */
  connectSources?: readonly string[];
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    // React sets inline style attributes; no inline <script> is ever allowed.
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...(options.connectSources ?? [])],
    'worker-src': ["'self'", 'blob:'],
    'frame-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/**
 * The policy of a script served as the main script of a worker (the field sealer's, renderer/db/field-sealer.ts): a
 * dedicated worker loaded from a URL takes its policy from that response, not from the page. It may load the app's
 * scripts and nothing else: no network, the hub included. A page ignores a policy on the scripts it loads.
 */
export const WORKER_SCRIPT_CSP = "default-src 'none'; script-src 'self'";

/** Printed documents are data, not programs: no scripts, no network, only inline styles and inline images. */
export const PRINT_DOCUMENT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; frame-src 'none'; base-uri 'none'; form-action 'none'";

const META_CSP = /<meta\s+http-equiv=["']Content-Security-Policy["'][^>]*>/i;

/**
 * The built index.html carries the web build's policy in a <meta> tag. Two policies would both apply (the stricter
 * wins per directive), so the served page gets the shell's policy in the tag as well as in the header.
 */
export function withCspMeta(html: string, policy: string): string {
  const tag = `<meta http-equiv="Content-Security-Policy" content="${policy.replace(/"/g, '&quot;')}" />`;
  if (META_CSP.test(html)) return html.replace(META_CSP, tag);
  return html.replace(/<head([^>]*)>/i, (head) => `${head}\n    ${tag}`);
}
