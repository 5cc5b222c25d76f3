/** An error from Go, as app.bridgeError sends it. */
export interface PlanError {
  code: 'invalid' | 'not_found' | 'conflict' | 'internal';
  field?: string;
  message: string;
  /** The English format the message was made from, and its arguments: what translations are keyed by. */
  format?: string;
  args?: string[];
}

/** Turns a rejected binding call into a PlanError the window can show. */
export function toPlanError(err: unknown): PlanError {
  if (isPlanError(err)) return err;
  const text = err instanceof Error ? err.message : String(err);
  try {
    const parsed: unknown = JSON.parse(text);
    if (isPlanError(parsed)) return parsed;
  } catch {
    /* not one of ours: fall through */
  }
  return { code: 'internal', message: text || 'Internal error.' };
}

function isPlanError(v: unknown): v is PlanError {
  return !!v && typeof v === 'object' && 'code' in v && 'message' in v && typeof v.message === 'string';
}

/** Calls fn and rethrows its failure as a PlanError. */
export async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toPlanError(err);
  }
}
