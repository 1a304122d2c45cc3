import { returnedRows } from './returned-rows';
import { DataSource } from 'typeorm';

export interface SignInAttempt {
  nonce: string;
  codeVerifier: string;
}

/** How long a sign-in may stay at the provider before its return is refused. */
const ATTEMPT_TTL = '10 minutes';

/** Sign-ins through the identity provider under way, each taken once (see the migration). */
export class SignInAttemptRepository {
  constructor(private readonly dataSource: DataSource) {}

  async begin(state: string, attempt: SignInAttempt): Promise<void> {
    await this.dataSource.query(`DELETE FROM sign_in_attempt WHERE created_at < now() - interval '1 day'`);
    await this.dataSource.query(`INSERT INTO sign_in_attempt (state, nonce, code_verifier) VALUES ($1, $2, $3)`, [state, attempt.nonce, attempt.codeVerifier]);
  }

  /** The attempt of this state, marked used; undefined when unknown, used already, or too old. */
  async take(state: string): Promise<SignInAttempt | undefined> {
    const result = await this.dataSource.query(
      `UPDATE sign_in_attempt SET used_at = now()
       WHERE state = $1 AND used_at IS NULL AND created_at > now() - interval '${ATTEMPT_TTL}'
       RETURNING nonce, code_verifier`,
      [state],
    );
    const [row] = returnedRows<{ nonce: string; code_verifier: string }>(result);
    return row ? { nonce: row.nonce, codeVerifier: row.code_verifier } : undefined;
  }
}
