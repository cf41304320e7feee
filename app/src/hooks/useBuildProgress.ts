import { useEffect, useState } from 'react';
import { buildProgress } from '../api/agents';

const POLL_MS = 1000;

/**
 * While `active` (a launch is under way), asks the server every second which image build step
 * the launch waits on, so the page shows progress instead of a frozen spinner.
 */
export function useBuildProgress(active: boolean): string | null {
  const [step, setStep] = useState<string | null>(null);
  useEffect(() => {
    if (!active) {
      setStep(null);
      return;
    }
    let stopped = false;
    const poll = async () => {
      try {
        const current = await buildProgress();
        if (!stopped) setStep(current);
      } catch {
        // Older servers have no such route; progress is a nicety, never an error.
      }
    };
    void poll();
    const timer = window.setInterval(() => void poll(), POLL_MS);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [active]);
  return step;
}
