import { CliError } from './cli-error';

interface ErrorBody {
  statusCode?: number;
  error?: string;
  message?: string;
  fields?: { field: string; message: string }[];
}

export interface Credentials {
  email: string;
  password: string;
}

/** The HTTP API of API.md, as an administrator: logs in once, then sends the bearer token. */
export class ApiClient {
  private token: string | undefined;
  readonly baseUrl: string;

  constructor(baseUrl: string, private readonly credentials: Credentials) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, { json: body });
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, { json: body });
  }

  /** A DELETE answered 204, with no body. */
  async delete(path: string): Promise<void> {
    await this.send('DELETE', path, {});
  }

  /** `status` is 201 for a created campaign and 200 for the same one found again. */
  async postWithStatus<T>(path: string, body: unknown): Promise<{ status: number; body: T }> {
    const response = await this.send('POST', path, { json: body });
    return { status: response.status, body: (await response.json()) as T };
  }

  postCsv<T>(path: string, csv: string): Promise<T> {
    return this.request<T>('POST', path, { csv });
  }

  async text(path: string): Promise<string> {
    return (await this.send('GET', path, {})).text();
  }

  private async request<T>(method: string, path: string, body: { json?: unknown; csv?: string } = {}): Promise<T> {
    const response = await this.send(method, path, body);
    return (await response.json()) as T;
  }

  private async send(method: string, path: string, body: { json?: unknown; csv?: string }): Promise<Response> {
    const headers: Record<string, string> = { Authorization: `Bearer ${await this.accessToken()}` };
    let payload: string | undefined;
    if (body.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body.json);
    } else if (body.csv !== undefined) {
      headers['Content-Type'] = 'text/csv; charset=utf-8';
      payload = body.csv;
    }
    const response = await this.fetch(method, path, headers, payload);
    if (!response.ok) throw await this.refusal(method, path, response);
    return response;
  }

  private async accessToken(): Promise<string> {
    if (this.token) return this.token;
    const response = await this.fetch('POST', '/auth/login', { 'Content-Type': 'application/json' }, JSON.stringify(this.credentials));
    if (response.status === 401) {
      throw new CliError(`login refused for ${this.credentials.email} at ${this.baseUrl}: unknown e-mail or wrong password`);
    }
    if (!response.ok) throw await this.refusal('POST', '/auth/login', response);
    this.token = ((await response.json()) as { accessToken: string }).accessToken;
    return this.token;
  }

  private async fetch(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Response> {
    try {
      return await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new CliError(`cannot reach the API at ${this.baseUrl} (${reason}): is it running? Set --api or CTG_API_URL`);
    }
  }

  private async refusal(method: string, path: string, response: Response): Promise<CliError> {
    const text = await response.text();
    let body: ErrorBody | undefined;
    try {
      body = JSON.parse(text) as ErrorBody;
    } catch {
      body = undefined;
    }
    const details = (body?.fields ?? []).map((f) => `${f.field}: ${f.message}`);
    // A 422's message repeats its fields: then the fields alone, one a line.
    const long = details.length > 0 && (body?.message ?? '').length > 160;
    const message = long ? `${body?.error ?? 'refused'}` : (body?.message ?? (text.slice(0, 200) || response.statusText));
    return new CliError(`${method} ${path} answered ${response.status}: ${message}`, details, body ?? { statusCode: response.status, message });
  }
}
