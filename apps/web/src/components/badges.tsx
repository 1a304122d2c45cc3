import type { Phase, Status } from '../api';
import { PHASE_ICONS, PHASES, STATUS_ICONS, STATUSES } from '../fr';

/** Status as an icon and words; the colour only repeats them. */
export function StatusBadge({ status }: { status: Status }) {
  return (
    <span class={`badge status-${status}`}>
      <span aria-hidden="true">{STATUS_ICONS[status] ?? '•'}</span> {STATUSES[status] ?? status}
    </span>
  );
}

export function PhaseBadge({ phase }: { phase: Phase }) {
  return (
    <span class={`badge phase-${phase}`}>
      <span aria-hidden="true">{PHASE_ICONS[phase] ?? '•'}</span> {PHASES[phase] ?? phase}
    </span>
  );
}

export function LateBadge({ late }: { late: boolean }) {
  if (!late) return <span>non</span>;
  return (
    <span class="badge late">
      <span aria-hidden="true">⚠</span> en retard
    </span>
  );
}
