import { describe, expect, it } from 'vitest';
import { preferredRenderer } from './renderer';

describe('preferredRenderer', () => {
  it('tries WebGL for people', () => {
    expect(preferredRenderer('', false)).toBe('webgl');
  });

  it('keeps the DOM renderer under automation so tests can read the screen', () => {
    expect(preferredRenderer('', true)).toBe('dom');
  });

  it('lets the URL choose either way', () => {
    expect(preferredRenderer('?renderer=webgl', true)).toBe('webgl');
    expect(preferredRenderer('?x=1&renderer=dom', false)).toBe('dom');
    expect(preferredRenderer('?renderer=canvas', false)).toBe('webgl');
  });
});
