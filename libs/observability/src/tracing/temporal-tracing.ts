import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  makeWorkflowExporter,
} from '@temporalio/interceptors-opentelemetry';
import type { ClientInterceptors } from '@temporalio/client';
import type { InjectedSinks, WorkerInterceptors } from '@temporalio/worker';
import type { Tracing } from './tracing';

/**
 * The client's side: a span around each start, update, signal and query, its context passed to the
 * workflow in the call's Temporal headers. None without tracing.
 */
export function temporalClientInterceptors(tracing: Tracing | undefined): ClientInterceptors {
  return tracing ? { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } : {};
}

/**
 * The worker's side: a span per activity, child of the span the workflow passed in its headers
 * (the PostgreSQL queries it makes become its children); and the sink the workflows' own spans come
 * out by, into the process's processor. Without tracing the sink still exists, empty, since the
 * workflow bundle is the same either way; it is only called for updates that came with a trace.
 */
export function temporalWorkerTracing(tracing: Tracing | undefined): { interceptors: Pick<WorkerInterceptors, 'activity'>; sinks: InjectedSinks<{ exporter: { export(spans: unknown[]): void } }> } {
  if (!tracing) return { interceptors: {}, sinks: { exporter: { export: { fn: () => undefined } } } };
  return {
    interceptors: {
      activity: [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })],
    },
    sinks: { exporter: makeWorkflowExporter(tracing.processor, tracing.resource) as never },
  };
}
