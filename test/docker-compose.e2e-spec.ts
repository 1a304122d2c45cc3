import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { ComposeProject, checkComposeFile, findOrBuildComposeCheck } from '../scripts/dev-stack/compose-check';

const DOCKER = join(__dirname, '..', 'docker');
const COMPOSE = join(DOCKER, 'compose.yaml');
const EXAMPLE = readFileSync(join(DOCKER, '.env.example'), 'utf8');

/** The example env file with every REQUIRED value filled in (`NAME=` lines left empty), then `overrides`. */
function envFile(overrides: Record<string, string> = {}): string {
  const filled = EXAMPLE.replace(/^([A-Z0-9_]+)=$/gm, (_, name: string) => `${name}=${randomBytes(20).toString('hex')}`);
  const file = join(mkdtempSync(join(tmpdir(), 'ctg-compose-')), '.env');
  writeFileSync(file, `${filled}\n${Object.entries(overrides).map(([k, v]) => `${k}=${v}`).join('\n')}\n`);
  return file;
}

/**
 * docker/compose.yaml checked without a Docker engine: loaded by compose-go (what
 * `docker compose config` runs), and every file it names found in the repository.
 */
describe('docker/compose.yaml', () => {
  let binary: string;
  let project: ComposeProject;

  beforeAll(() => {
    binary = findOrBuildComposeCheck();
    const loaded = checkComposeFile(binary, COMPOSE, envFile());
    expect(loaded.errors).toEqual([]);
    project = loaded.project!;
  }, 600_000);

  it('refuses to load with the example env file as shipped, naming every secret left empty', () => {
    const empty = [...EXAMPLE.matchAll(/^([A-Z0-9_]+)=$/gm)].map((m) => m[1]);
    expect(empty).toEqual(expect.arrayContaining(['POSTGRES_PASSWORD', 'CTG_APP_DB_PASSWORD', 'S3_SECRET_KEY', 'JWT_SECRET', 'LINK_SECRET', 'METRICS_TOKEN']));
    const file = join(mkdtempSync(join(tmpdir(), 'ctg-compose-')), '.env');
    writeFileSync(file, EXAMPLE);
    const check = checkComposeFile(binary, COMPOSE, file);
    expect(check.ok).toBe(false);
    for (const name of empty) expect(check.errors.join('\n')).toContain(`required variable ${name} is missing a value`);
  });

  it('gives every service a pinned image or a build whose Dockerfile has the target, and finds every file it mounts', () => {
    expect(Object.keys(project.services).sort()).toEqual(
      ['api', 'mailpit', 'migrate', 'otel-collector', 'postgresql', 'prometheus', 's3', 'temporal', 'temporal-schema', 'temporal-setup', 'temporal-ui', 'worker'],
    );
    for (const [name, service] of Object.entries(project.services)) {
      if (service.build) {
        const dockerfile = join(service.build.context, service.build.dockerfile ?? 'Dockerfile');
        expect({ name, dockerfile: existsSync(dockerfile) }).toEqual({ name, dockerfile: true });
        const target = (service.build as { target?: string }).target;
        if (target) expect(readFileSync(dockerfile, 'utf8')).toMatch(new RegExp(`^FROM .+ AS ${target}$`, 'm'));
      } else {
        // A tag of its own, never `latest` or none: `up` then pulls what was checked.
        expect({ name, image: service.image }).toEqual({ name, image: expect.stringMatching(/^[a-z0-9./-]+:(?!latest$)[A-Za-z0-9._-]+$/) });
      }
      for (const volume of service.volumes ?? []) {
        if (volume.type !== 'bind') continue;
        expect({ name, source: volume.source, found: isAbsolute(volume.source!) && existsSync(volume.source!) }).toEqual({ name, source: volume.source, found: true });
      }
      for (const config of service.configs ?? []) expect(project.configs?.[config.source]).toBeDefined();
    }
    for (const [name, config] of Object.entries(project.configs ?? {})) {
      expect({ name, found: config.content !== undefined || (config.file !== undefined && existsSync(config.file)) }).toEqual({ name, found: true });
    }
  });

  it('has Prometheus scrape the API and every worker on their metrics ports, and the API and workers send traces to the collector', () => {
    const scrape = project.configs!.prometheus.content!;
    expect(scrape).toMatch(/names: \[api\]\s+type: A\s+port: 9464/);
    expect(scrape).toMatch(/names: \[worker\]\s+type: A\s+port: 9465/);
    for (const [name, port] of [['api', '9464'], ['worker', '9465']]) {
      expect(project.services[name].environment).toMatchObject({ METRICS_PORT: port, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318', OTEL_SERVICE_NAME: `ctg-${name}` });
      // Beyond loopback inside the network, so with the token that Prometheus sends.
      expect(project.services[name].environment).toMatchObject({ METRICS_HOST: '0.0.0.0', METRICS_TOKEN: expect.stringMatching(/^.{16,}$/) });
    }
    const token = project.services.api.environment!.METRICS_TOKEN;
    expect(scrape.split(`credentials: ${token}`)).toHaveLength(3);
    const collector = readFileSync(join(DOCKER, 'otel-collector', 'config.yaml'), 'utf8');
    expect(collector).toMatch(/http:\s+endpoint: 0\.0\.0\.0:4318/);

    // The ports are settings: moved in docker/.env, the services and the scrape config follow.
    const moved = checkComposeFile(binary, COMPOSE, envFile({ API_METRICS_PORT: '9600', WORKER_METRICS_PORT: '9601' }));
    expect(moved.errors).toEqual([]);
    expect(moved.project!.configs!.prometheus.content).toMatch(/names: \[api\]\s+type: A\s+port: 9600/);
    expect(moved.project!.configs!.prometheus.content).toMatch(/names: \[worker\]\s+type: A\s+port: 9601/);
    expect(moved.project!.services.worker.environment).toMatchObject({ METRICS_PORT: '9601' });
  });
});
