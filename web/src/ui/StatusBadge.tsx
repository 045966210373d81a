// A deployment status as a coloured badge: Active (green), Paused (amber), Undeployed / Draft (grey).
import type { DeploymentStatus } from '../types.js';

const LABEL: Record<DeploymentStatus | 'draft', string> = { active: 'Active', paused: 'Paused', undeployed: 'Undeployed', draft: 'Draft' };

export function StatusBadge({ status, title }: { status: DeploymentStatus | null | undefined; title?: string }) {
  const s = status ?? 'draft';
  return (
    <span className={`badge badge-${s}`} title={title}>
      {LABEL[s]}
    </span>
  );
}

export function RunStatus({ status }: { status: string }) {
  return <span className={`badge run-${status}`}>{status}</span>;
}
