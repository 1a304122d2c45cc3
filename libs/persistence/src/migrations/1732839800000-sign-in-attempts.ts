import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A sign-in through ProConnect under way: its `state`, the `nonce` the id token must carry and the
 * PKCE code verifier, kept between the redirection to the provider and the return from it. Each is
 * taken once: a second return with the same state (a replayed callback) finds it used.
 */
export class SignInAttempts1732839800000 implements MigrationInterface {
  name = 'SignInAttempts1732839800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sign_in_attempt (
        state varchar(64) PRIMARY KEY,
        nonce varchar(64) NOT NULL,
        code_verifier varchar(128) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        used_at timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sign_in_attempt`);
  }
}
