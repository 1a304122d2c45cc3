import * as otel from '@opentelemetry/api';
import { TRACE_HEADER, UPDATE_ID_ATTR_KEY, extractContextFromHeaders, headersWithContext } from '@temporalio/interceptors-opentelemetry/lib/instrumentation';
import { OpenTelemetryInboundInterceptor, SPAN_DELIMITER, SpanName } from '@temporalio/interceptors-opentelemetry/lib/workflow';
import { ActivityInput, Next, UpdateInput, WorkflowInboundCallsInterceptor, WorkflowInterceptorsFactory, WorkflowOutboundCallsInterceptor } from '@temporalio/workflow';

/**
 * Tracing inside the campaign workflow, without changing one command or the order of one, so that
 * a run replays the same whether its updates came with a trace or not, with these interceptors in
 * the bundle or without them.
 *
 * The package's own workflow interceptors are not registered: their `execute` and `handleSignal`
 * add a yield (`await Promise.resolve()`) whenever the history does not carry the SDK flag
 * `OpenTelemetryInterceporsAvoidsExtraYields`, which no history recorded without them does, so
 * the run's main loop starts a microtask late and schedules its append before an update's
 * completion that the history has first (TMPRL1100 on `WorkflowExecutionUpdateCompleted`); and
 * their `handleUpdate` wraps the handler in `async` functions, which delays the update's
 * completion by a few microtasks behind the main loop. Here:
 *
 * - an update that came with a trace (its `_tracer-data` header, written by the client's
 *   interceptor) gets a `HandleUpdate` span, child of the caller's, started before the handler
 *   and ended by a reaction on the handler's own promise, which is returned as it is: no `await`,
 *   no promise in between. An update without the header (tracing off in the API) passes straight
 *   through;
 * - the next `appendEvents` the run schedules carries the context of the updates recorded since the
 *   previous append: a `StartActivity` span, child of the first and linked to the others, its
 *   context in the activity's headers (headers are not compared on replay). The append's own span
 *   and its PostgreSQL queries are the worker's (libs/observability).
 *
 * Nothing here awaits, starts a timer or schedules anything; spans leave by the `exporter` sink,
 * which Temporal does not call during replay.
 */

const APPEND_ACTIVITY = 'appendEvents';

/** Only for the tracer the package sets up inside the workflow (its spans go to the worker's sink). */
class PackageTracer extends OpenTelemetryInboundInterceptor {
  get spanTracer(): otel.Tracer {
    return this.tracer;
  }
}

/** The updates traced since the run last scheduled an append: one instance per workflow run. */
class TracedUpdates {
  private workflowTracer: otel.Tracer | undefined;
  private contexts: otel.Context[] = [];

  /** Set up on the first traced update only: a run with tracing off never starts a tracer. */
  tracer(): otel.Tracer {
    this.workflowTracer ??= new PackageTracer().spanTracer;
    return this.workflowTracer;
  }

  add(context: otel.Context): void {
    this.contexts.push(context);
  }

  /** The contexts waiting for an append, handed over once. */
  take(): { tracer: otel.Tracer; contexts: otel.Context[] } | undefined {
    if (!this.workflowTracer || this.contexts.length === 0) return undefined;
    const contexts = this.contexts;
    this.contexts = [];
    return { tracer: this.workflowTracer, contexts };
  }
}

class TracingInbound implements WorkflowInboundCallsInterceptor {
  constructor(private readonly updates: TracedUpdates) {}

  handleUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>): Promise<unknown> {
    if (!(TRACE_HEADER in input.headers)) return next(input);
    const parent = extractContextFromHeaders(input.headers) ?? otel.ROOT_CONTEXT;
    const span = this.updates
      .tracer()
      .startSpan(`${SpanName.WORKFLOW_HANDLE_UPDATE}${SPAN_DELIMITER}${input.name}`, { attributes: { [UPDATE_ID_ATTR_KEY]: input.updateId } }, parent);
    const active = otel.trace.setSpan(parent, span);
    this.updates.add(active);
    const handled = otel.context.with(active, () => next(input));
    handled.then(
      () => span.end(),
      (error: unknown) => {
        span.setStatus({ code: otel.SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
        span.end();
      },
    );
    return handled;
  }
}

class TracingOutbound implements WorkflowOutboundCallsInterceptor {
  constructor(private readonly updates: TracedUpdates) {}

  scheduleActivity(input: ActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>): Promise<unknown> {
    const traced = input.activityType === APPEND_ACTIVITY ? this.updates.take() : undefined;
    if (!traced) return next(input);
    const [parent, ...others] = traced.contexts;
    const links = others.map((context) => otel.trace.getSpanContext(context)).filter((span) => span !== undefined).map((span) => ({ context: span }));
    const span = traced.tracer.startSpan(`${SpanName.ACTIVITY_START}${SPAN_DELIMITER}${input.activityType}`, { links }, parent);
    const headers = otel.context.with(otel.trace.setSpan(parent, span), () => headersWithContext(input.headers));
    span.end();
    return next({ ...input, headers });
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => {
  const updates = new TracedUpdates();
  return { inbound: [new TracingInbound(updates)], outbound: [new TracingOutbound(updates)] };
};
