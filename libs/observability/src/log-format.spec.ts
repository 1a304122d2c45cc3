import { logFormatFromEnv, processLog, readableLine } from './log-format';

describe('logFormatFromEnv', () => {
  it('is JSON in production and readable elsewhere unless LOG_FORMAT says', () => {
    const errors: string[] = [];
    expect(logFormatFromEnv({ NODE_ENV: 'production' }, errors)).toBe('json');
    expect(logFormatFromEnv({}, errors)).toBe('readable');
    expect(logFormatFromEnv({ NODE_ENV: 'production', LOG_FORMAT: 'readable' }, errors)).toBe('readable');
    expect(errors).toEqual([]);
    logFormatFromEnv({ LOG_FORMAT: 'xml' }, errors);
    expect(errors).toEqual(['LOG_FORMAT must be json or readable (got "xml")']);
  });
});

describe('readableLine', () => {
  const time = new Date(2026, 11, 5, 10, 4, 5).getTime();

  it('says a request in one line: method, URL, status, duration', () => {
    expect(readableLine({ level: 30, time, req: { method: 'PUT', url: '/campaigns/c/signatories/s/deliberation' }, res: { statusCode: 200 }, responseTime: 41.6, msg: 'request completed' }))
      .toBe('10:04:05 PUT /campaigns/c/signatories/s/deliberation → 200 42 ms');
  });

  it("drops Nest's route mapping and module loading lines", () => {
    expect(readableLine({ level: 30, time, context: 'RouterExplorer', msg: 'Mapped {/health, GET} route' })).toBeUndefined();
  });

  it('says a message with its fields, and marks warnings and errors', () => {
    expect(readableLine({ level: 'warn', msg: 'notification e-mails: SMTP refused', campaignId: 'c1' }, () => new Date(time))).toBe('10:04:05 warning: notification e-mails: SMTP refused (campaignId=c1)');
    expect(readableLine({ level: 50, time, msg: 'failed', err: { message: 'boom' } })).toBe('10:04:05 ERROR failed (error=boom)');
  });

  it('writes a bigint of Temporal metadata as text, in JSON and readable alike', () => {
    const lines: string[] = [];
    processLog('json', (line) => lines.push(line))('info', 'poll', { sequence: 12n });
    processLog('readable', (line) => lines.push(line))('info', 'poll', { sequence: { n: 12n } });
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'info', msg: 'poll', sequence: '12' });
    expect(lines[1]).toMatch(/ poll \(sequence=\{"n":"12"\}\)$/);
  });
});
