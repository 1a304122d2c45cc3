import { useState } from 'preact/hooks';
import type { UploadProgress } from '../api';
import { describeFailure, uploadErrors } from '../fr';

export type UploadState =
  | { step: 'idle' }
  | { step: 'sending'; loaded: number; total: number }
  | { step: 'checking' }
  | { step: 'failed' };

/**
 * One upload at a time: its progress while the bytes go out, then « vérification » while the server
 * hashes and checks the PDF, then the refusal in French, field by field, or the server's answer.
 */
export function useUpload() {
  const [state, setState] = useState<UploadState>({ step: 'idle' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState('');

  const send = async <T>(start: (onProgress: (p: UploadProgress) => void) => Promise<T>): Promise<T | undefined> => {
    setErrors({});
    setFailure('');
    setState({ step: 'sending', loaded: 0, total: 0 });
    try {
      const result = await start(({ loaded, total }) => setState(loaded >= total ? { step: 'checking' } : { step: 'sending', loaded, total }));
      setState({ step: 'idle' });
      return result;
    } catch (error) {
      const fields = uploadErrors(error);
      setErrors(fields);
      setFailure(Object.keys(fields).length ? '' : describeFailure(error));
      setState({ step: 'failed' });
      return undefined;
    }
  };

  const busy = state.step === 'sending' || state.step === 'checking';
  return { state, busy, errors, setErrors, failure, send };
}
