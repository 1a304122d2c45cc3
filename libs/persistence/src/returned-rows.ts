/** TypeORM answers an UPDATE or DELETE … RETURNING with `[rows, affected]`, an INSERT … RETURNING with the rows. */
export function returnedRows<T>(result: T[] | [T[], number]): T[] {
  return Array.isArray(result[0]) ? (result[0] as T[]) : (result as T[]);
}
