import { trace } from '@opentelemetry/api';
import { startTracingFromEnv } from './tracing';
import { tracingSettingsFromEnv } from './tracing-settings';

describe('tracing settings', () => {
  it('is off with no OTLP endpoint: nothing is installed and every span is a no-op', () => {
    expect(tracingSettingsFromEnv('ctg-api', {})).toBeUndefined();
    expect(startTracingFromEnv('ctg-api', { OTEL_SERVICE_NAME: 'named-but-not-sent' })).toBeUndefined();
    const span = trace.getTracer('any').startSpan('a request');
    expect(span.isRecording()).toBe(false);
    span.end();
  });

  it('is on with either standard OTLP endpoint, named after OTEL_SERVICE_NAME or the process', () => {
    expect(tracingSettingsFromEnv('ctg-api', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318' })).toEqual({ serviceName: 'ctg-api' });
    expect(tracingSettingsFromEnv('ctg-worker', { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces', OTEL_SERVICE_NAME: 'worker-2' })).toEqual({
      serviceName: 'worker-2',
    });
  });

  it('stays off when the standard switches say so, or the endpoint is blank', () => {
    expect(tracingSettingsFromEnv('ctg-api', { OTEL_EXPORTER_OTLP_ENDPOINT: '  ' })).toBeUndefined();
    expect(tracingSettingsFromEnv('ctg-api', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
    expect(tracingSettingsFromEnv('ctg-api', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' })).toBeUndefined();
  });
});
