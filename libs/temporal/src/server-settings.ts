/**
 * Temporal server settings (dynamic config) the campaigns need, whatever the server: the dev server
 * gets them as `--dynamic-config-value` flags, the production server from
 * docker/temporal/dynamicconfig.yaml (server-settings.spec.ts keeps the two equal).
 */
export const TEMPORAL_DYNAMIC_CONFIG: Record<string, number> = {
  // The 62 secretaries of a campaign may vote in the same minute, and every vote is an update of the
  // one campaign workflow. Beyond the default of 10 in flight, the server refuses an update
  // (ResourceExhausted) and the client backs off: seconds of latency for the 11th secretary.
  'history.maxInFlightUpdates': 250,
};
