import { useRef, useState, type ChangeEvent } from 'react';
import { isMissingRoute } from '../api/http';
import { downloadWorkspace, uploadWorkspace } from '../api/sessions';

interface WorkspaceFilesProps {
  sessionId: string;
  /** Icons instead of words, for phones. */
  compact: boolean;
  onNotice(notice: { text: string; tone: 'info' | 'error' }): void;
}

/** Upload a .tar.gz into the sandbox's workspace, and download the workspace as one. */
export function WorkspaceFiles({ sessionId, compact, onNotice }: WorkspaceFilesProps) {
  const [busy, setBusy] = useState<'upload' | 'download' | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = ''; // choosing the same file again should upload again
    if (!file) return;
    setBusy('upload');
    try {
      const answer = await uploadWorkspace(sessionId, file);
      const text = typeof answer.message === 'string' ? answer.message : `Uploaded ${file.name} into the workspace.`;
      onNotice({ text, tone: 'info' });
    } catch (failure) {
      onNotice({ text: failed('upload', failure), tone: 'error' });
    } finally {
      setBusy(null);
    }
  };

  const download = async () => {
    setBusy('download');
    try {
      const { blob, fileName } = await downloadWorkspace(sessionId);
      const url = URL.createObjectURL(blob);
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = fileName;
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (failure) {
      onNotice({ text: failed('download', failure), tone: 'error' });
    } finally {
      setBusy(null);
    }
  };

  return (
    <span className="files">
      <label className={`button${busy ? ' disabled' : ''}`} title="Upload a .tar.gz and unpack it into the workspace">
        <input
          ref={inputRef}
          type="file"
          className="visually-hidden"
          accept=".tar.gz,.tgz,application/gzip,application/x-gzip"
          aria-label="Upload a .tar.gz into the workspace"
          data-testid="upload"
          disabled={busy !== null}
          onChange={upload}
        />
        {busy === 'upload' ? '…' : compact ? '⇪' : 'Upload'}
      </label>
      <button type="button" onClick={download} disabled={busy !== null} title="Download the workspace as a .tar.gz" aria-label="Download the workspace as a .tar.gz" data-testid="download">
        {busy === 'download' ? '…' : compact ? '⤓' : 'Download'}
      </button>
    </span>
  );
}

function failed(what: 'upload' | 'download', failure: unknown): string {
  if (isMissingRoute(failure)) return `This server cannot ${what} workspaces yet.`;
  return `Could not ${what}: ${failure instanceof Error ? failure.message : String(failure)}`;
}
