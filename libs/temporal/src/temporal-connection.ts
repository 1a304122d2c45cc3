import { Client, Connection } from '@temporalio/client';
import { TASK_QUEUE } from '@ctg/contracts';

export interface TemporalSettings {
  address: string;
  namespace: string;
  /** Where the campaigns' workflows and activities run: API and workers of one installation share it. */
  taskQueue: string;
}

export function temporalSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): TemporalSettings {
  return { address: env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233', namespace: env.TEMPORAL_NAMESPACE ?? 'default', taskQueue: env.TEMPORAL_TASK_QUEUE || TASK_QUEUE };
}

export async function connectClient(settings: TemporalSettings): Promise<Client> {
  const connection = await Connection.connect({ address: settings.address, connectTimeout: '5 seconds' });
  return new Client({ connection, namespace: settings.namespace });
}
