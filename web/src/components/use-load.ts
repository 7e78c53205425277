import { useCallback, useEffect, useState } from 'react';
import { ApiProblem } from '../api/client.js';
import { refreshSession } from '../api/session.js';

/**
 * True when the server answered 401 (this device was signed out elsewhere, or the session expired):
 * the session is asked again, and the page's sign-in guard then sends the person to sign-in.
 */
export function signedOutByServer(error: unknown): boolean {
  if (!(error instanceof ApiProblem) || error.status !== 401) return false;
  void refreshSession();
  return true;
}

/**
 * What a signed-in page loads when it opens: the data once it came, or the server's problem to show
 * with a retry (`reload`, also for after a change). `load` must be stable (a module-level API call).
 */
export function useLoad<T>(load: () => Promise<T>) {
  const [data, setData] = useState<T | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  const reload = useCallback(async () => {
    try {
      setData(await load());
      setProblem(null);
    } catch (error) {
      if (signedOutByServer(error)) return;
      if (error instanceof ApiProblem) setProblem(error);
      else throw error;
    }
  }, [load]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { data, problem, reload };
}
