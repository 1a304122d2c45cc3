import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { AdministratorAccount, AdministratorRepository, GuardedChange } from '@ctg/persistence';
import { Principal } from '../auth/access.decorator';
import { AccessToken, AuthService } from '../auth/auth.service';
import { ApiError } from '../common/api-error';

const unknown = (email: string) => ApiError.notFound(`unknown administrator ${email}`);

/** Administrator accounts: add, list, change one's own password, disable, enable, remove. */
@Injectable()
export class AdministratorsService {
  constructor(
    private readonly administrators: AdministratorRepository,
    private readonly auth: AuthService,
  ) {}

  list(): Promise<AdministratorAccount[]> {
    return this.administrators.list();
  }

  async add(email: string, password: string): Promise<AdministratorAccount> {
    const added = await this.administrators.addIfMissing(email, await argon2.hash(password));
    if (!added) throw ApiError.conflict(`an administrator ${email.toLowerCase()} already exists; nothing changed`);
    return this.account(email);
  }

  /** Every token of the account issued before dies, the caller's too: the answer carries a new one. */
  async changeOwnPassword(principal: Principal, currentPassword: string, newPassword: string): Promise<AccessToken> {
    const me = await this.administrators.findByEmail(principal.actor.id);
    if (!me || me.id !== principal.administratorId) throw new ApiError(401, 'this access token no longer opens anything');
    if (!(await argon2.verify(me.passwordHash, currentPassword).catch(() => false))) {
      throw ApiError.invalid([{ field: 'currentPassword', message: 'is not the current password of this account' }]);
    }
    if (newPassword === currentPassword) throw ApiError.invalid([{ field: 'newPassword', message: 'must differ from the current password' }]);
    const tokenVersion = await this.administrators.changePassword(me.id, await argon2.hash(newPassword));
    if (tokenVersion === undefined) throw new ApiError(401, 'this access token no longer opens anything');
    return this.auth.issueToken({ id: me.id, email: me.email, tokenVersion });
  }

  async disable(email: string): Promise<AdministratorAccount> {
    this.refuseUnlessDone(await this.administrators.disable(email), email);
    return this.account(email);
  }

  async enable(email: string): Promise<AdministratorAccount> {
    if (!(await this.administrators.enable(email))) throw unknown(email);
    return this.account(email);
  }

  async remove(email: string): Promise<void> {
    this.refuseUnlessDone(await this.administrators.remove(email), email);
  }

  private refuseUnlessDone(outcome: GuardedChange, email: string): void {
    if (outcome === 'unknown') throw unknown(email);
    if (outcome === 'last-active') {
      throw ApiError.conflict(`${email} is the last active administrator: add or enable another one first; nothing changed`);
    }
  }

  private async account(email: string): Promise<AdministratorAccount> {
    const account = await this.administrators.account(email);
    if (!account) throw unknown(email);
    return account;
  }
}
