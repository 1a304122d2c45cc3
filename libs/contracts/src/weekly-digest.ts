/** What the weekly digest's run is asked: the instant it stands for (its schedule's, by default now). */
export interface WeeklyDigestRequest {
  asOf?: string;
}

/** What a run of the weekly digest did. */
export interface WeeklyDigestReport {
  /** The Monday of the week the run stands in. */
  week: string;
  /** False before the week's digest time (Monday 09:00 Paris, or the next business day). */
  due: boolean;
  sent: number;
  /** Administrators whose campaigns saw nothing this week: no e-mail. */
  quiet: number;
  /** Administrators whose digest of this week went out already. */
  alreadySent: number;
}

export interface WeeklyDigestActivities {
  /** Sends each administrator's digest of the week once, whatever the retries and the runs. */
  sendWeeklyDigests(request: WeeklyDigestRequest): Promise<WeeklyDigestReport>;
}

/** The workflow type the schedule starts, every weekday at 09:00 in Paris. */
export const WEEKLY_DIGEST_WORKFLOW = 'weeklyDigestWorkflow';
