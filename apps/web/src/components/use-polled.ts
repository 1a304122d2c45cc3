import { useEffect, useState } from 'preact/hooks';
import { describeFailure } from '../fr';

/**
 * What `read` answers, asked on arrival and again every `intervalMs` while the page is shown, and
 * the last failure in French (cleared by the next success). Answers after the page left are dropped.
 */
export function usePolled<T>(read: () => Promise<T>, intervalMs = 10_000): { value: T | undefined; failure: string } {
  const [value, setValue] = useState<T | undefined>();
  const [failure, setFailure] = useState('');
  useEffect(() => {
    let stop = false;
    const load = async () => {
      try {
        const answer = await read();
        if (!stop) {
          setValue(answer);
          setFailure('');
        }
      } catch (error) {
        if (!stop) setFailure(describeFailure(error));
      }
    };
    void load();
    const timer = setInterval(load, intervalMs);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, []);
  return { value, failure };
}
