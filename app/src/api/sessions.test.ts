import { describe, expect, it } from 'vitest';
import { fileNameOf } from './sessions';

describe('fileNameOf', () => {
  it('reads quoted, bare and UTF-8 encoded file names', () => {
    expect(fileNameOf('attachment; filename="workspace-abc.tar.gz"')).toBe('workspace-abc.tar.gz');
    expect(fileNameOf('attachment; filename=ws.tar.gz')).toBe('ws.tar.gz');
    expect(fileNameOf("attachment; filename*=UTF-8''caf%C3%A9.tar.gz")).toBe('café.tar.gz');
  });

  it('keeps only the last path segment, never a path', () => {
    expect(fileNameOf('attachment; filename="../../etc/passwd"')).toBe('passwd');
  });

  it('answers null without a usable name', () => {
    expect(fileNameOf(null)).toBeNull();
    expect(fileNameOf('attachment')).toBeNull();
    expect(fileNameOf('attachment; filename=""')).toBeNull();
  });
});
