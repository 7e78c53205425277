import { useEffect, useState } from 'react';
import type { ApiProblem } from '../../api/client.js';
import { type AdminUnit, listUnits } from '../../api/directory.js';

/** Every commune-level unit (one page of ≤100 covers Đà Nẵng's 94), for selects and name look-ups. */
export function useCommuneUnits(): { units: AdminUnit[]; problem: ApiProblem | null } {
  const [units, setUnits] = useState<AdminUnit[]>([]);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    listUnits('', undefined, controller.signal)
      .then((page) => setUnits(page.items.filter((u) => u.type !== 'city')))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setProblem(error as ApiProblem);
      });
    return () => controller.abort();
  }, []);
  return { units, problem };
}
