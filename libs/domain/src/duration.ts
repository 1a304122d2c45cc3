import { parse, toSeconds } from 'iso8601-duration';

/** An ISO 8601 duration (`P7D`, `PT2S`) in milliseconds, or undefined when it is not one. */
export function durationMs(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/.test(value)) {
    return undefined;
  }
  return Math.round(toSeconds(parse(value)) * 1000);
}
