import { useState } from 'preact/hooks';
import { describeFailure, fieldErrors } from '../fr';

/** Runs one request of a form: busy while it runs, then the API's field errors, or its message, in French. */
export function useAction(onDone: (text: string) => void) {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState('');
  const run = async <T>(action: () => Promise<T>, success: string | ((result: T) => string)) => {
    setBusy(true);
    setErrors({});
    setFailure('');
    try {
      const result = await action();
      onDone(typeof success === 'function' ? success(result) : success);
      return true;
    } catch (error) {
      const fields = fieldErrors(error);
      setErrors(fields);
      setFailure(Object.keys(fields).length ? '' : describeFailure(error));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, errors, setErrors, failure, run };
}
