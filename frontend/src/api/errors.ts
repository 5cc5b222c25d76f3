/** An error from Go, as app.bridgeError sends it. */
export interface PlanError {
  code: 'invalid' | 'not_found' | 'conflict' | 'internal';
  field?: string;
  message: string;
}

/** Turns a rejected binding call into a PlanError the window can show. */
export function toPlanError(err: unknown): PlanError {
  const text = err instanceof Error ? err.message : String(err);
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && 'code' in parsed && 'message' in parsed) {
      return parsed as PlanError;
    }
  } catch {
    /* not one of ours: fall through */
  }
  return { code: 'internal', message: text || 'Internal error.' };
}

/** Calls fn and rethrows its failure as a PlanError. */
export async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toPlanError(err);
  }
}
