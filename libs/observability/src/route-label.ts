/**
 * The `route` label of a request: the pattern Express matched (`/campaigns/:id`), never the URL,
 * so that ids and tokens never become label values and the number of series stays bounded.
 */
export function routeLabel(request: { baseUrl?: string; route?: { path?: unknown } }): string {
  const path = request.route?.path;
  // No route matched: a 404, a static file of the web interface, or a guess. One label for all.
  if (typeof path !== 'string') return 'unmatched';
  const pattern = `${request.baseUrl ?? ''}${path}`;
  return pattern === '' ? '/' : pattern;
}
