import { Presets, SingleBar } from 'cli-progress';
import Table from 'cli-table3';

export interface Progress {
  step(label: string): void;
  stop(): void;
}

const NO_PROGRESS: Progress = { step: () => undefined, stop: () => undefined };

/** Tables and messages for people; one JSON document for machines (`--json`). Data on stdout, the rest on stderr. */
export class Output {
  constructor(
    readonly json: boolean,
    private readonly progressWanted: boolean,
  ) {}

  data(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  line(text = ''): void {
    process.stdout.write(`${text}\n`);
  }

  /** A remark for a person: on stderr, so that stdout stays the data. */
  note(text: string): void {
    if (!this.json) process.stderr.write(`${text}\n`);
  }

  table(head: string[], rows: (string | number)[][]): void {
    const table = new Table({
      head,
      style: { head: [], border: [] },
      chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    });
    table.push(...rows.map((row) => row.map(String)));
    this.line(table.toString());
  }

  /** A bar on the terminal for operations with several long steps; nothing when stderr is not a terminal or with `--json`. */
  progress(total: number, first: string): Progress {
    if (this.json || !this.progressWanted || !process.stderr.isTTY) return NO_PROGRESS;
    const bar = new SingleBar(
      { format: '{bar} {value}/{total} {label}', stream: process.stderr, hideCursor: true, clearOnComplete: true },
      Presets.shades_classic,
    );
    bar.start(total, 0, { label: first });
    let done = 0;
    return {
      step: (label: string) => bar.update(++done, { label }),
      stop: () => bar.stop(),
    };
  }
}
