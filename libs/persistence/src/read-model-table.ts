import { EntityManager } from 'typeorm';

/** The column types of the read models, as `jsonb_to_recordset` declares them. */
type SqlType = 'text' | 'integer' | 'boolean' | 'jsonb' | 'timestamptz';

/** What node-postgres reads from a column of each type. */
interface SqlValue {
  text: string;
  integer: number;
  boolean: boolean;
  jsonb: unknown;
  timestamptz: Date;
}

/**
 * One column of a read model, under the name of its field. A column holds the state's field of the
 * same name (`state`), or a value computed from the state (`write`), or, with neither, what the
 * database fills in itself.
 */
export interface Column<State, Context> {
  readonly sql: string;
  readonly type: SqlType;
  /** Part of the primary key: what ON CONFLICT matches. */
  readonly key?: true;
  /** Written when the row is inserted and never updated: what the launch fixed. */
  readonly fixed?: true;
  /** The state's field of the same name, stored as NULL when undefined and read back. */
  readonly state?: true;
  readonly write?: (state: State, context: Context) => unknown;
}

type Columns<State, Context> = Record<string, Column<State, Context>>;

/** A timestamp is written as the domain's ISO string and read as a Date. */
type AsRead<C extends { type: SqlType }, V> = C['type'] extends 'timestamptz' ? Date | Extract<V, null> : V;
type Stored<V> = undefined extends V ? Exclude<V, undefined> | null : V;

type ColumnValue<State, C extends { type: SqlType }, F> = C extends { state: true }
  ? AsRead<C, Stored<State[F & keyof State]>>
  : C extends { write: (...args: never[]) => infer R }
    ? AsRead<C, R>
    : SqlValue[C['type']];

type StateField<Cs> = { [F in keyof Cs]: Cs[F] extends { state: true } ? F : never }[keyof Cs];

/** A row as `select()` reads it: every column under its field name. */
export type RowOf<T> = T extends ReadModelTable<infer State, never, infer Cs>
  ? { [F in keyof Cs]: ColumnValue<State, Cs[F], F> }
  : never;

/** Null as undefined and a timestamp as its ISO string: a column's value as the domain holds it. */
function domainValue(value: unknown, type: SqlType): unknown {
  if (value === null) return undefined;
  return type === 'timestamptz' ? new Date(value as Date).toISOString() : value;
}

/**
 * The single definition of a read model's table: its INSERT, ON CONFLICT update, SELECT lists and
 * row type all follow from its columns, so a column added to the table is added here alone (and
 * in a migration).
 */
export class ReadModelTable<State, Context, Cs extends Columns<State, Context>> {
  private readonly entries: [string, Column<State, Context>][];
  /** The columns an upsert writes: all but those the database fills in. */
  private readonly written: [string, Column<State, Context>][];
  private readonly upsertSql: string;

  constructor(
    readonly name: string,
    readonly columns: Cs,
  ) {
    this.entries = Object.entries(columns);
    this.written = this.entries.filter(([, c]) => c.state || c.write);
    const written = this.written.map(([, c]) => c);
    const list = (cs: Column<State, Context>[], item: (c: Column<State, Context>) => string) => cs.map(item).join(', ');
    // One statement for a whole batch: a campaign launch writes up to 2,000 signatory rows.
    this.upsertSql = `INSERT INTO ${name} (${list(written, (c) => c.sql)})
      SELECT ${list(written, (c) => `r.${c.sql}`)}
      FROM jsonb_to_recordset($1::jsonb) AS r(${list(written, (c) => `${c.sql} ${c.type}`)})
      ON CONFLICT (${list(written.filter((c) => c.key), (c) => c.sql)}) DO UPDATE
      SET ${list(written.filter((c) => !c.key && !c.fixed), (c) => `${c.sql} = EXCLUDED.${c.sql}`)}`;
  }

  /** Every column under its field name (`signatory_id AS "id"`), qualified by `alias` if given. */
  select(alias?: string): string {
    return this.entries.map(([field, c]) => `${alias ? `${alias}.` : ''}${c.sql} AS "${field}"`).join(', ');
  }

  /** Every column under its SQL name: the row as the table holds it. */
  selectColumns(): string {
    return this.entries.map(([, c]) => c.sql).join(', ');
  }

  /** Inserts a row for each state, or updates the row already there but for its fixed columns. */
  async upsert(manager: EntityManager, states: State[], context: Context): Promise<void> {
    if (states.length === 0) return;
    const rows = states.map((state) =>
      Object.fromEntries(this.written.map(([field, c]) => [c.sql, c.write ? c.write(state, context) : (state[field as keyof State] ?? null)])),
    );
    await manager.query(this.upsertSql, [JSON.stringify(rows)]);
  }

  /** The state's fields the row holds. */
  state(row: RowOf<this>): Pick<State, StateField<Cs> & keyof State> {
    const record = row as Record<string, unknown>;
    return Object.fromEntries(
      this.entries.filter(([, c]) => c.state).map(([field, c]) => [field, domainValue(record[field], c.type)]),
    ) as Pick<State, StateField<Cs> & keyof State>;
  }
}

/** `readModel<State, Context>()(name, columns)`: State and Context given, the columns inferred. */
export function readModel<State, Context>() {
  return <const Cs extends Columns<State, Context>>(name: string, columns: Cs) => new ReadModelTable<State, Context, Cs>(name, columns);
}
