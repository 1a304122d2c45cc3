import { CancellationScope, isCancellation, sleep } from '@temporalio/workflow';

/**
 * One durable timer, set for the next instant the campaign must act at by itself (a reminder, the
 * deadline, the end of the legal follow-up window). Setting it for the same instant again keeps the
 * timer it has, so a vote adds no timer to the history.
 */
export class Alarm {
  private setFor?: number;
  private scope?: CancellationScope;
  /** The timer fired since `rang` was last cleared. */
  rang = false;

  set(at: number | undefined): void {
    if (at === this.setFor) return;
    this.scope?.cancel();
    this.scope = undefined;
    this.setFor = at;
    if (at === undefined) return;
    const scope = new CancellationScope();
    this.scope = scope;
    scope.run(() => sleep(Math.max(at - Date.now(), 1))).then(
      () => {
        if (this.scope !== scope) return;
        this.scope = undefined;
        this.setFor = undefined;
        this.rang = true;
      },
      (error) => {
        if (!isCancellation(error)) throw error;
      },
    );
  }
}
