import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { WeeklyDigestActivities, WeeklyDigestReport, WeeklyDigestRequest } from '../libs/contracts/src';

/** Retried until the SMTP server is back; what went out is claimed and never sent twice. */
const { sendWeeklyDigests } = proxyActivities<WeeklyDigestActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '30 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes', maximumAttempts: 20 },
});

/**
 * One run of the weekly digest, started by its schedule every weekday at 09:00 in Paris: the
 * activity sends the week's digests when the run is on or after the week's digest time, so the
 * day after a holiday Monday sends them, and a run missed is caught up later in the week.
 */
export async function weeklyDigestWorkflow(request: WeeklyDigestRequest = {}): Promise<WeeklyDigestReport> {
  return sendWeeklyDigests({ asOf: request.asOf ?? workflowInfo().startTime.toISOString() });
}
