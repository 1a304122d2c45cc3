/** Tracing as the standard OpenTelemetry variables configure it: on only when an OTLP endpoint is named. */
export interface TracingSettings {
  /** `service.name` of every span: `OTEL_SERVICE_NAME`, else the process's own name. */
  serviceName: string;
}

/**
 * `undefined` (tracing off: no provider, no interceptor, no middleware) unless
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` or `OTEL_EXPORTER_OTLP_ENDPOINT` is set; `OTEL_SDK_DISABLED=true`
 * or `OTEL_TRACES_EXPORTER=none` turn it off even then, as in every OpenTelemetry SDK.
 */
export function tracingSettingsFromEnv(defaultServiceName: string, env: NodeJS.ProcessEnv = process.env): TracingSettings | undefined {
  const endpoint = (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT ?? '').trim();
  if (endpoint === '') return undefined;
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  if (env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === 'none') return undefined;
  return { serviceName: env.OTEL_SERVICE_NAME?.trim() || defaultServiceName };
}
