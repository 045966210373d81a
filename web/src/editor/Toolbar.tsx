// The editor's toolbar: name, saved indicator, deployment status, Run / Deploy / Pause / Resume / Undeploy.
import { useState } from 'react';
import type { DeploymentStatus } from '../types.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import type { SaveState } from './useDraft.js';

export interface LiveState {
  status: DeploymentStatus;
  version: number;
  pausedReason: string | null;
}

const SAVE_TEXT: Record<SaveState['kind'], string> = { saved: 'Saved', pending: 'Unsaved changes', saving: 'Saving…', error: 'Not saved' };

export function Toolbar({
  name,
  save,
  live,
  liveDiffers,
  webhookUrl,
  trigger,
  busy,
  onRun,
  onDeploy,
  onPause,
  onResume,
  onUndeploy,
}: {
  name: string;
  save: SaveState;
  live: LiveState | null;
  liveDiffers: boolean;
  webhookUrl: string;
  trigger: string | undefined;
  busy: boolean;
  onRun: () => void;
  onDeploy: () => void;
  onPause: () => void;
  onResume: () => void;
  onUndeploy: () => void;
}) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(webhookUrl);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      /* the URL stays selectable */
    }
  };
  return (
    <div className="editor-toolbar" role="toolbar" aria-label="Pattern">
      <h1 className="pattern-name">{name || 'Untitled pattern'}</h1>
      <span className={`save save-${save.kind}`} role="status" title={save.kind === 'error' ? save.message : undefined}>
        {SAVE_TEXT[save.kind]}
        {save.kind === 'error' ? `: ${save.message}` : ''}
      </span>
      <span className="spacer" />
      <span className="live" aria-label="Deployment">
        <StatusBadge status={live?.status} title={live?.pausedReason ?? undefined} />
        {live && <span className="version">v{live.version}</span>}
        {live && live.status !== 'undeployed' && liveDiffers && (
          <span className="differs small" title="Deploy to make this draft live">
            draft differs from v{live.version}
          </span>
        )}
        {live &&
          live.status !== 'undeployed' &&
          (trigger === 'OnWebhook' ? (
            <span className="webhook">
              <code title={webhookUrl}>{webhookUrl}</code>
              <button type="button" className="ghost small" onClick={copy}>
                {copied ? 'Copied' : 'Copy'}
              </button>
            </span>
          ) : (
            <span className="muted small">started by {trigger ?? 'its trigger'}</span>
          ))}
      </span>
      <button type="button" onClick={onRun} disabled={busy}>
        Run
      </button>
      <button type="button" className="primary" onClick={onDeploy} disabled={busy}>
        Deploy
      </button>
      <button type="button" onClick={onPause} disabled={busy || live?.status !== 'active'}>
        Pause
      </button>
      <button type="button" onClick={onResume} disabled={busy || live?.status !== 'paused'}>
        Resume
      </button>
      <button type="button" onClick={onUndeploy} disabled={busy || !live || live.status === 'undeployed'}>
        Undeploy
      </button>
    </div>
  );
}
