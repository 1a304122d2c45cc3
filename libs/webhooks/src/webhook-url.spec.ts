import { blockedAddressReason } from './address-guard';
import { checkWebhookUrl, webhookUrlProblem } from './webhook-url';

describe('the addresses a webhook may not reach in production', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.20.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['0.0.0.0', 'this network'],
    ['::1', 'loopback'],
    ['fd00:ec2::254', 'unique local'],
    ['fe80::1', 'link-local'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['64:ff9b::a00:1', 'private'],
  ])('refuses %s (%s)', (address, kind) => {
    expect(blockedAddressReason(address)).toContain(kind);
  });

  it.each(['93.184.215.14', '2606:4700::6810:85e5', '::ffff:93.184.215.14', '8.8.8.8'])('lets %s through', (address) => {
    expect(blockedAddressReason(address)).toBeUndefined();
  });
});

describe('a webhook URL', () => {
  it('must be HTTPS, HTTP only on loopback outside production', () => {
    expect(webhookUrlProblem('https://receiver.example.org/hooks', false)).toBeUndefined();
    expect(webhookUrlProblem('http://127.0.0.1:8080/hooks', false)).toBeUndefined();
    expect(webhookUrlProblem('http://localhost:8080/hooks', false)).toBeUndefined();
    expect(webhookUrlProblem('http://receiver.example.org/hooks', false)).toMatch(/https/);
    expect(webhookUrlProblem('http://127.0.0.1:8080/hooks', true)).toMatch(/https/);
    expect(webhookUrlProblem('ftp://receiver.example.org/', false)).toMatch(/https/);
    expect(webhookUrlProblem('receiver.example.org/hooks', false)).toMatch(/absolute URL/);
  });

  it('carries no credentials and stays short', () => {
    expect(webhookUrlProblem('https://user:secret@receiver.example.org/', false)).toMatch(/user or a password/);
    expect(webhookUrlProblem(`https://receiver.example.org/${'a'.repeat(2000)}`, false)).toMatch(/at most 2000/);
    expect(webhookUrlProblem('https://receiver.example.org/ho\nks', false)).toMatch(/line breaks/);
  });

  it('names no private address in production, literally or through its host name', async () => {
    const resolver = (answers: Record<string, string[]>) => async (host: string) => {
      if (!answers[host]) throw new Error('ENOTFOUND');
      return answers[host];
    };
    const dns = resolver({
      'hooks.partner.example': ['93.184.215.14'],
      'intranet.example': ['10.0.0.5'],
      'split.example': ['93.184.215.14', '192.168.0.10'],
      'metadata.example': ['169.254.169.254'],
    });
    expect(await checkWebhookUrl('https://hooks.partner.example/ctg', true, dns)).toBeUndefined();
    expect(await checkWebhookUrl('https://intranet.example/ctg', true, dns)).toMatch(/resolves to a private address \(intranet.example is 10.0.0.5\)/);
    expect(await checkWebhookUrl('https://split.example/ctg', true, dns)).toMatch(/private address/);
    expect(await checkWebhookUrl('https://metadata.example/latest', true, dns)).toMatch(/link-local/);
    expect(await checkWebhookUrl('https://unknown.example/ctg', true, dns)).toMatch(/does not resolve/);
    expect(await checkWebhookUrl('https://[::1]/ctg', true, dns)).toMatch(/this machine/);
    expect(await checkWebhookUrl('https://169.254.169.254/latest', true, dns)).toMatch(/link-local/);
    expect(await checkWebhookUrl('https://localhost/ctg', true, dns)).toMatch(/this machine/);
    // Outside production nothing is resolved: a test receiver on loopback is fine.
    expect(await checkWebhookUrl('https://intranet.example/ctg', false, dns)).toBeUndefined();
  });
});
