import { context, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { AlwaysOnSampler, BatchSpanProcessor, SimpleSpanProcessor, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { tracePostgresQueries } from './pg-tracing';
import { TracingSettings, tracingSettingsFromEnv } from './tracing-settings';

/** The process's tracing, once started: what the Temporal worker hands its workflows' spans to. */
export interface Tracing {
  readonly serviceName: string;
  readonly resource: Resource;
  /** Every span of the process ends here, the workflows' too (through the worker's sink). */
  readonly processor: SpanProcessor;
  /** Exports what is pending, and leaves the process as if tracing had never started. */
  shutdown(): Promise<void>;
}

export interface StartTracingOptions extends TracingSettings {
  /** A test's exporter (spans exported as each ends); OTLP over HTTP, batched, otherwise. */
  exporter?: SpanExporter;
}

/**
 * Installs the process-wide tracer provider: W3C trace context for propagation, every span
 * recorded (the caller's sampling flag changes nothing), PostgreSQL queries traced. Call it before
 * the process opens its database.
 */
export function startTracing(options: StartTracingOptions): Tracing {
  const resource = new Resource({ 'service.name': options.serviceName });
  const processor = options.exporter ? new SimpleSpanProcessor(options.exporter) : new BatchSpanProcessor(new OTLPTraceExporter());
  const provider = new NodeTracerProvider({ resource, sampler: new AlwaysOnSampler() });
  provider.addSpanProcessor(processor);
  provider.register({ propagator: new W3CTraceContextPropagator() });
  const untracePostgres = tracePostgresQueries(provider);
  return {
    serviceName: options.serviceName,
    resource,
    processor,
    async shutdown() {
      untracePostgres();
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/** Tracing as `OTEL_*` configure it (tracing-settings.ts), or `undefined` when no OTLP endpoint is set. */
export function startTracingFromEnv(defaultServiceName: string, env: NodeJS.ProcessEnv = process.env): Tracing | undefined {
  const settings = tracingSettingsFromEnv(defaultServiceName, env);
  return settings && startTracing(settings);
}
