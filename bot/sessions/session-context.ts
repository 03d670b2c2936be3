/**
 * What every session command and verb shares: the services, the actor of a turn (from the
 * activity, never from card data) and what the viewer may be offered on a card.
 */
import type { ErrorViewer } from '../../dialogs/shared/card-for-error';
import type { TurnContext } from 'botbuilder';
import type { Actor } from '../../services/access/actor';
import type { Logger } from '../../services/logger';
import { actorOfTurn } from '../access/access-turn';
import { ActorResolver } from '../access/actor-resolver';
import type { AppServices } from '../app-services';
import type { InvokeBudgetDependencies } from './invoke-budget';

export type SessionFeatureServices = Pick<
  AppServices,
  'sessions' | 'actions' | 'settings' | 'settingsRepo' | 'authorization' | 'roles' | 'audit' | 'directory' | 'backgroundTasks' | 'clock'
>;

export interface SessionFeatureDependencies {
  services: SessionFeatureServices;
  /** The bot's app id, for updating a card after a slow action (empty in sandbox mode). */
  botAppId: string;
  logger: Logger;
  /** How long a card action may take before it is answered with a progress card. Default 3 s. */
  invokeBudgetInMs?: number;
}

export interface SessionViewer extends ErrorViewer {
  /** May turn the session on or off (tenant admin or operator). */
  mayOperate: boolean;
}

export class SessionContext {
  readonly actors: ActorResolver;

  constructor(readonly deps: SessionFeatureDependencies) {
    this.actors = new ActorResolver(deps.services.directory, { now: () => deps.services.clock.now().getTime() });
  }

  get services(): SessionFeatureServices {
    return this.deps.services;
  }

  actorOf(turn: TurnContext): Promise<Actor> {
    return actorOfTurn(this.actors, turn);
  }

  /**
   * What to offer on a card. A directory outage only hides buttons: every button is authorized
   * again when clicked, so nothing here grants anything.
   */
  async viewerOf(actor: Actor): Promise<SessionViewer> {
    try {
      const capabilities = await this.services.authorization.capabilitiesOf(actor);
      return { isTenantAdmin: capabilities.includes('session.details'), mayOperate: capabilities.includes('session.turnOn') };
    } catch {
      return { isTenantAdmin: false, mayOperate: false };
    }
  }

  budget(): InvokeBudgetDependencies {
    return { tasks: this.services.backgroundTasks, botAppId: this.deps.botAppId, ...(this.deps.invokeBudgetInMs !== undefined ? { budgetInMs: this.deps.invokeBudgetInMs } : {}) };
  }
}
