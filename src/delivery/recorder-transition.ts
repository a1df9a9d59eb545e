/*
 * The DeliveryMetrics recorder's arithmetic: what one happening (a deployment's outcome, a rollback, an alarm) does
 * to a service's state in one stage, and which figures it yields. Pure: no clock, no AWS call. Bundled into the
 * recorder's Lambda handler.
 */
import { LastOutcome, ServiceState } from './recorder-state';

/** What happened to a service in a stage, as the recorder reads it from the events. */
export type Happening =
  /** A deployment of a change succeeded (its newest source revision and that revision's creation time, when known). */
  | { readonly kind: 'deployment-succeeded'; readonly revision?: string; readonly commitTime?: Date }
  /** A deployment failed: its deploy step failed (CloudFormation rolled the stack back, ECS's circuit breaker stopped it) or a step after it did. */
  | { readonly kind: 'deployment-failed' }
  /** A rollback deployment succeeded (CodePipeline stage rollback, ECS circuit-breaker rollback); `startedAt` when known. */
  | { readonly kind: 'rollback-succeeded'; readonly revision?: string; readonly startedAt?: Date }
  /** A tracked alarm went into ALARM, or back to OK. */
  | { readonly kind: 'alarm'; readonly alarm: string; readonly state: 'ALARM' | 'OK' };

/** The figures one happening yields (absent: none). */
export interface DeliveryFigures {
  /** 1 for a successful deployment of a change. */
  readonly successfulDeployments?: number;
  /** 1 for a failed deployment. */
  readonly failedDeployments?: number;
  /** 1 when a rollback took back a deployment that had succeeded. */
  readonly rolledBackDeployments?: number;
  /** Seconds from the commit to this successful deployment. */
  readonly leadTimeSeconds?: number;
  /** Seconds the failure episode this happening closed lasted. */
  readonly timeToRestoreSeconds?: number;
}

/** The cause a failed deployment opens, and a successful (or rollback) deployment clears. */
export const DEPLOYMENT_CAUSE = 'deployment';

const seconds = (from: Date, to: Date) => Math.round((to.getTime() - from.getTime()) / 1000);

/**
 * Applies one happening at `at` (the event's time) to the state of one service in one stage.
 *
 * - A failure episode opens at the first failed deployment or alarm while none is open, and stays open while any
 *   cause remains: `deployment` until the next successful (or rollback) deployment, `alarm:<name>` until that alarm
 *   is OK again. When the last cause clears, the episode's length is a time-to-restore figure.
 * - Lead time is measured once per change: a successful deployment of the revision already deployed last is a
 *   redeployment, not a new change.
 * - A rollback that takes back a deployment that had succeeded makes that deployment a change failure
 *   (rolledBackDeployments); its episode runs from the rollback's start when no failure was open before.
 */
export function transition(previous: ServiceState, happening: Happening, at: Date): { state: ServiceState; figures: DeliveryFigures } {
  const causes = [...previous.causes];
  let openSince = previous.openSince;
  let lastOutcome: LastOutcome | undefined = previous.lastOutcome;
  let lastRevision = previous.lastRevision;
  const figures: { -readonly [K in keyof DeliveryFigures]: DeliveryFigures[K] } = {};

  const open = (cause: string, since: Date) => {
    if (causes.length === 0) openSince = since.toISOString();
    if (!causes.includes(cause)) causes.push(cause);
  };
  const clear = (cause: string) => {
    const i = causes.indexOf(cause);
    if (i < 0) return;
    causes.splice(i, 1);
    if (causes.length === 0 && openSince) {
      figures.timeToRestoreSeconds = Math.max(0, seconds(new Date(openSince), at));
      openSince = undefined;
    }
  };

  switch (happening.kind) {
    case 'deployment-succeeded':
      figures.successfulDeployments = 1;
      if (happening.commitTime && happening.revision !== lastRevision && happening.commitTime.getTime() <= at.getTime()) {
        figures.leadTimeSeconds = seconds(happening.commitTime, at);
      }
      lastRevision = happening.revision ?? lastRevision;
      lastOutcome = 'succeeded';
      clear(DEPLOYMENT_CAUSE);
      break;
    case 'deployment-failed':
      figures.failedDeployments = 1;
      lastOutcome = 'failed';
      open(DEPLOYMENT_CAUSE, at);
      break;
    case 'rollback-succeeded':
      if (lastOutcome === 'succeeded') {
        figures.rolledBackDeployments = 1;
        // the deployment taken back was bad since the rollback started at the latest
        if (happening.startedAt) open(DEPLOYMENT_CAUSE, happening.startedAt);
      }
      lastOutcome = 'rolled-back';
      lastRevision = happening.revision ?? lastRevision;
      clear(DEPLOYMENT_CAUSE);
      break;
    case 'alarm':
      if (happening.state === 'ALARM') open(`alarm:${happening.alarm}`, at);
      else clear(`alarm:${happening.alarm}`);
      break;
  }
  return { state: { ...previous, causes, openSince, lastOutcome, lastRevision }, figures };
}
