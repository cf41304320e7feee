import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppFrame } from './AppFrame';

describe('AppFrame', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('offers a tab of its own, not a frame, for an app on its own origin', () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('', { status: 200 })));
    render(<AppFrame src="/proxy/0123456789abcdef/" title="Echo dashboard" missingText="missing" ownOrigin />);
    const link = screen.getByTestId('open-app');
    expect(link.getAttribute('href')).toBe('/proxy/0123456789abcdef/');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(document.querySelector('iframe')).toBeNull();
  });
});
