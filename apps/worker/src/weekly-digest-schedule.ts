import { Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { WEEKLY_DIGEST_WORKFLOW } from '@ctg/contracts';

/** One schedule per task queue: the campaigns' workers run its workflow. */
export const weeklyDigestScheduleId = (taskQueue: string) => `weekly-digest@${taskQueue}`;

/**
 * Creates the weekly digest's schedule once: every weekday at 09:00 in Paris, each run sending the
 * week's digests when they are due (Monday, or the day after a holiday Monday) and not sent yet.
 * A schedule already there is left as it is, so any number of workers may start together.
 */
export async function ensureWeeklyDigestSchedule(client: Client, taskQueue: string): Promise<'created' | 'exists'> {
  try {
    await client.schedule.create({
      scheduleId: weeklyDigestScheduleId(taskQueue),
      spec: {
        calendars: [{ dayOfWeek: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'], hour: 9, minute: 0 }],
        timezone: 'Europe/Paris',
      },
      action: { type: 'startWorkflow', workflowType: WEEKLY_DIGEST_WORKFLOW, args: [{}], taskQueue, workflowId: `weekly-digest@${taskQueue}` },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    });
    return 'created';
  } catch (error) {
    if (error instanceof ScheduleAlreadyRunning) return 'exists';
    throw error;
  }
}
