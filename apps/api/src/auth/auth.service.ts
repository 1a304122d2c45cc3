import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as argon2 from 'argon2';
import { AdministratorRepository } from '../../../../libs/persistence/src';
import { API_SETTINGS, ApiSettings } from '../api-settings';
import { ApiError } from '../common/api-error';

export interface AccessToken {
  accessToken: string;
  expiresAt: string;
}

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthService.name);
  /** Verified against when the e-mail is unknown, so both failures take the same time. */
  private decoyHash: Promise<string> | undefined;

  constructor(
    private readonly administrators: AdministratorRepository,
    private readonly jwt: JwtService,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  /** The first administrator comes from ADMIN_EMAIL / ADMIN_PASSWORD. */
  async onApplicationBootstrap(): Promise<void> {
    const added = await this.administrators.addIfMissing(this.settings.adminEmail, await argon2.hash(this.settings.adminPassword));
    if (added) this.logger.log(`administrator ${this.settings.adminEmail} created`);
  }

  async login(email: string, password: string): Promise<AccessToken> {
    const administrator = await this.administrators.findByEmail(email);
    const hash = administrator?.passwordHash ?? (await (this.decoyHash ??= argon2.hash('decoy-password-never-valid')));
    const valid = await argon2.verify(hash, password).catch(() => false);
    if (!administrator || !valid) throw new ApiError(401, 'unknown e-mail or wrong password');
    const expiresAt = new Date(Date.now() + this.settings.accessTokenTtlSeconds * 1000).toISOString();
    const accessToken = await this.jwt.signAsync(
      { sub: administrator.id, email: administrator.email, role: 'administrator' },
      { secret: this.settings.jwtSecret, expiresIn: this.settings.accessTokenTtlSeconds, algorithm: 'HS256' },
    );
    return { accessToken, expiresAt };
  }
}
