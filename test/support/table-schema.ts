import { parse } from 'csv-parse/sync';

/** The part of a Frictionless Table Schema that the SCDL schemas use. */
export interface TableSchema {
  missingValues?: string[];
  fields: { name: string; type: 'string' | 'date' | 'integer'; format?: string; constraints?: { required?: boolean; pattern?: string } }[];
}

/** What a validator such as Validata would report: the header, then each cell by row (1 = the first data row) and field. */
export interface TableProblem {
  row: number | null;
  field: string;
  message: string;
}

function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function isUri(value: string): boolean {
  try {
    return /^[a-z][a-z0-9+.-]*:/i.test(value) && Boolean(new URL(value));
  } catch {
    return false;
  }
}

/** A cell against its field: the type (and its format), then the pattern, as Table Schema orders them. */
function cellProblem(field: TableSchema['fields'][number], value: string): string | undefined {
  if (field.type === 'integer' && !/^[+-]?\d+$/.test(value)) return `"${value}" is not an integer`;
  if (field.type === 'date' && !isIsoDate(value)) return `"${value}" is not a date (YYYY-MM-DD)`;
  if (field.format === 'uri' && !isUri(value)) return `"${value}" is not a URI`;
  const pattern = field.constraints?.pattern;
  // Table Schema patterns match the whole value (XML Schema regular expressions).
  if (pattern && !new RegExp(`^(?:${pattern.replace(/^\^|\$$/g, '')})$`).test(value)) return `"${value}" does not match ${pattern}`;
  return undefined;
}

/**
 * Checks a CSV against a Table Schema: the header is the fields' names in their order, every row has
 * every field, a required field is never a missing value, and each value has its field's type,
 * format and pattern. Every problem, not the first only.
 */
export function tableSchemaProblems(csv: string, schema: TableSchema): TableProblem[] {
  const records: string[][] = parse(csv, { relax_column_count: true });
  const [header, ...rows] = records;
  const names = schema.fields.map((f) => f.name);
  if (!header || header.join(',') !== names.join(',')) return [{ row: null, field: 'header', message: `is ${header?.join(',')}, not ${names.join(',')}` }];
  const missing = new Set(schema.missingValues ?? ['']);
  return rows.flatMap((record, i) => {
    if (record.length !== names.length) return [{ row: i + 1, field: 'row', message: `has ${record.length} cells, not ${names.length}` }];
    return schema.fields.flatMap((field, j) => {
      const value = record[j];
      if (missing.has(value)) return field.constraints?.required ? [{ row: i + 1, field: field.name, message: 'is required' }] : [];
      const problem = cellProblem(field, value);
      return problem ? [{ row: i + 1, field: field.name, message: problem }] : [];
    });
  });
}
