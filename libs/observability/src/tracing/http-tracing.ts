import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import { routeLabel } from '../route-label';

/**
 * One SERVER span per HTTP request, named after the route Express matched
 * (`PUT /campaigns/:id/signatories/:sid/deliberation`), never the URL. The caller's W3C
 * `traceparent` (and `tracestate`) make it a child of the caller's span, for correlation only: the
 * sampler records every request whatever the caller's flag says, no baggage is read, and a
 * malformed header is ignored (a new trace starts) without changing the answer.
 */
export function httpTracingMiddleware(tracerName = 'ctg-api') {
  const tracer = trace.getTracer(tracerName);
  return (request: Request, response: Response, next: NextFunction): void => {
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const span = tracer.startSpan(request.method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method } }, parent);
    const active = trace.setSpan(parent, span);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      const route = routeLabel(request);
      span.updateName(`${request.method} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': response.statusCode });
      if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    };
    response.once('finish', end);
    response.once('close', end);
    // The body arrives on the request's events: bound, their listeners (the body parser's) run in the span.
    context.bind(active, request);
    context.bind(active, response);
    context.with(active, next);
  };
}
