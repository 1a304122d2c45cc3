import { ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { join } from 'node:path';

export interface TestAgent {
  email: string;
  siret: string;
}

export interface OidcTestProviderOptions {
  port: number;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  accounts: Record<string, TestAgent & { given_name?: string; usual_name?: string }>;
  /** The signing key; a new one (same kid) signs tokens the client's cached keys do not verify. */
  jwk: object;
  idTokenTtlSeconds?: number;
  /** The provider's clock, ahead (positive) or behind (negative) the real one. */
  clockOffsetSeconds?: number;
  /** Served at /jwks instead of the signing key's public part. */
  publishedJwk?: object;
}

/** An RS256 signing key as a private JWK, under `kid`. */
export function signingKey(kid: string = randomUUID()): object {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
}

/** The `oidc-provider` of test/support/oidc-provider/main.mjs, in a child process. */
export class OidcTestProvider {
  private child: ChildProcess | undefined;

  constructor(private options: OidcTestProviderOptions) {}

  get issuer(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  async start(changes: Partial<OidcTestProviderOptions> = {}): Promise<void> {
    this.options = { ...this.options, ...changes };
    const child = spawn(process.execPath, [join(__dirname, 'oidc-provider', 'main.mjs')], {
      env: { PATH: process.env.PATH, OIDC_TEST_CONFIG: JSON.stringify(this.options) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the OpenID provider did not start: ${output}`)), 15_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('listening ')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the OpenID provider exited (${code}): ${output}`));
      });
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}

/** Cookies of one browser, per host, as a jar for fetch. */
export class CookieJar {
  private readonly cookies = new Map<string, Map<string, string>>();

  store(url: string, response: Response): void {
    const host = new URL(url).host;
    const jar = this.cookies.get(host) ?? new Map<string, string>();
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const [name, ...value] = pair.split('=');
      jar.set(name.trim(), value.join('='));
    }
    this.cookies.set(host, jar);
  }

  header(url: string): string {
    return [...(this.cookies.get(new URL(url).host) ?? new Map()).entries()].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}
