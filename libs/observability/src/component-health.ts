export type ComponentStatus = 'up' | 'down';

export interface ComponentState {
  status: ComponentStatus;
  /** When the component entered its current status (the first failure of a run of failures, or its recovery). */
  since: string;
  /** The last failure's message, kept after a recovery so an operator can see what it was. */
  lastError?: string;
  lastErrorAt?: string;
}

/**
 * The in-process memory of each component's health: a probe says up or down, this remembers since
 * when and the last error, which a single probe cannot tell.
 */
export class ComponentHealth {
  private readonly states = new Map<string, ComponentState>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  up(component: string): ComponentState {
    return this.note(component, 'up');
  }

  down(component: string, error: unknown): ComponentState {
    return this.note(component, 'down', errorMessage(error));
  }

  state(component: string): ComponentState | undefined {
    return this.states.get(component);
  }

  private note(component: string, status: ComponentStatus, error?: string): ComponentState {
    const at = this.now().toISOString();
    const previous = this.states.get(component);
    const next: ComponentState = {
      status,
      since: previous?.status === status ? previous.since : at,
      ...(error !== undefined ? { lastError: error, lastErrorAt: at } : previous?.lastError !== undefined ? { lastError: previous.lastError, lastErrorAt: previous.lastErrorAt } : {}),
    };
    this.states.set(component, next);
    return next;
  }
}

/** One line, bounded: an error message for a person, not a stack. */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}
