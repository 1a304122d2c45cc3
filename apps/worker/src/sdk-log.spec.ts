import { sdkLogTo } from './sdk-log';

describe("the Temporal SDK's log in the worker's console", () => {
  function linesOf(entries: Array<[string, string, Record<string, unknown>?]>) {
    const lines: Array<[string, string, Record<string, unknown> | undefined]> = [];
    const toLog = sdkLogTo((level, msg, fields) => lines.push([level, msg, fields]));
    for (const [level, message, meta] of entries) toLog(level, message, meta);
    return lines;
  }

  it('says a state change in words, keeping its other fields', () => {
    expect(linesOf([['INFO', 'Worker state changed', { state: 'DRAINING', taskQueue: 'ctg-campaigns' }]])).toEqual([['info', 'worker draining', { taskQueue: 'ctg-campaigns' }]]);
  });

  it('drops the Nexus line, which a worker without Nexus endpoints always prints', () => {
    expect(linesOf([['INFO', 'No Nexus services registered, not polling for Nexus tasks']])).toEqual([]);
  });

  it('passes warnings and errors on at their level, unchanged', () => {
    expect(
      linesOf([
        ['WARN', 'Activity failed', { attempt: 2 }],
        ['ERROR', 'Worker failed', { error: 'boom' }],
        ['DEBUG', 'Poll', undefined],
      ]),
    ).toEqual([
      ['warn', 'Activity failed', { attempt: 2 }],
      ['error', 'Worker failed', { error: 'boom' }],
      ['info', 'Poll', undefined],
    ]);
  });
});
