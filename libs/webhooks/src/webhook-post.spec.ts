import { guardedLookup, postWebhook } from './webhook-post';

/** The lookup the relay's sockets connect through: `localhost` stands for a name that resolves to a private address. */
const lookUp = (production: boolean, all: boolean) =>
  new Promise<{ error: NodeJS.ErrnoException | null; addresses: unknown }>((resolve) =>
    guardedLookup(production)('localhost', { all } as never, (error: NodeJS.ErrnoException | null, addresses: unknown) => resolve({ error, addresses })),
  );

describe('the connection of a webhook attempt', () => {
  it('refuses, in production, a host whose resolved address is loopback or private: the socket never connects', async () => {
    const { error } = await lookUp(true, true);
    expect(error?.code).toBe('EWEBHOOKBLOCKED');
    expect(error?.message).toMatch(/^localhost resolves to a loopback address \((127\.0\.0\.1|::1)\): refused$/);
  });

  it('connects to the addresses it checked, outside production', async () => {
    const { error, addresses } = await lookUp(false, true);
    expect(error).toBeNull();
    expect(addresses).toEqual(expect.arrayContaining([expect.objectContaining({ address: expect.stringMatching(/^(127\.0\.0\.1|::1)$/) })]));
  });

  it('refuses in production a URL naming a private address before any connection', async () => {
    const attempt = await postWebhook('https://10.0.0.7/hooks', {}, '{}', { timeoutMs: 1000, production: true });
    expect(attempt).toMatchObject({ delivered: false, error: 'URL refused: must not point to a private address (10.0.0.7): webhooks go to the public Internet only' });
  });
});
