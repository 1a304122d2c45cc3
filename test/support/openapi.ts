/** The parts of the served OpenAPI document (`GET /docs-json`) the tests compare with what the server does. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
}

export interface OpenApiOperation {
  parameters?: { name: string; in: string }[];
  requestBody?: unknown;
  security?: unknown[];
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
}

export const ERROR_SCHEMA_REF = '#/components/schemas/ApiErrorDto';

/** `POST /campaigns/{id}/cancel` for `POST /campaigns/x.y/cancel?z`: the documented route a request took. */
export function routeOf(doc: OpenApiDocument, method: string, url: string): string | undefined {
  const path = url.split('?')[0];
  const candidates = Object.keys(doc.paths).filter((template) => doc.paths[template][method.toLowerCase()]);
  // Literal segments first: `/campaigns/{id}/events.csv` before `/campaigns/{id}/{anything}`.
  const literalLength = (template: string) => template.replace(/\{\w+\}/g, '').length;
  const found = candidates
    .sort((a, b) => literalLength(b) - literalLength(a))
    .find((template) => new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}$`).test(path));
  return found && `${method.toUpperCase()} ${found}`;
}

/** The requests whose answer the document does not declare, as `METHOD /path status`. */
export function undeclared(doc: OpenApiDocument, answers: { method: string; url: string; status: number }[]): string[] {
  const missing = new Set<string>();
  for (const { method, url, status } of answers) {
    // The document and its UI are not in the document.
    if (/^\/docs(-json)?$/.test(url)) continue;
    const route = routeOf(doc, method, url);
    if (!route) {
      missing.add(`${method.toUpperCase()} ${url} (no such route in the document) ${status}`);
      continue;
    }
    const [verb, template] = route.split(' ');
    if (!doc.paths[template][verb.toLowerCase()].responses[String(status)]) missing.add(`${route} ${status}`);
  }
  return [...missing].sort();
}
